package com.venuehub.sms;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SMS transport the configuration asks for. */
@Configuration(proxyBeanMethods = false)
class SmsConfiguration {

	@Bean
	SmsTransport smsTransport(SmsProperties properties) {
		return switch (properties.transport()) {
			case SANDBOX -> new SandboxSmsTransport();
			case TWILIO -> new TwilioSmsTransport(properties.twilio(), properties.dispatch().workers() * 2);
		};
	}

}

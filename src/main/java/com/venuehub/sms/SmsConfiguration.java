package com.venuehub.sms;

import com.venuehub.platform.SecurityProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SMS transport the configuration asks for. Outside the default run, Twilio's
 * callbacks must be signed: an unchecked one could forge a STOP or a delivery status.
 */
@Configuration(proxyBeanMethods = false)
class SmsConfiguration {

	@Bean
	SmsTransport smsTransport(SmsProperties properties, SecurityProperties security) {
		if (!security.allowDevelopmentKeys() && !properties.twilio().validateSignatures()) {
			throw new IllegalStateException("hub.sms.twilio.validate-signatures is false: outside the default run the "
					+ "hub refuses Twilio callbacks it cannot verify (a forged STOP or delivery status)");
		}
		return switch (properties.transport()) {
			case SANDBOX -> new SandboxSmsTransport();
			case TWILIO -> new TwilioSmsTransport(properties.twilio(), properties.dispatch().workers() * 2);
		};
	}

}

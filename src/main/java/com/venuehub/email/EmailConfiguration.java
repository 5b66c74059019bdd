package com.venuehub.email;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks the email transport: the sandbox by default, the SMTP relay when configured. */
@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

	@Bean
	MailTransport mailTransport(EmailProperties properties) {
		return properties.transport() == EmailProperties.Transport.SMTP ? new SmtpTransport(properties.smtp())
				: new SandboxTransport();
	}

}

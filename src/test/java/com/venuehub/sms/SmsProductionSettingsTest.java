package com.venuehub.sms;

import com.venuehub.platform.SecurityProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code prod} profile, read from the shipped application.yaml and
 * application-prod.yaml, refuses to start with Twilio's callback signatures unchecked;
 * the default run may turn the check off.
 */
class SmsProductionSettingsTest {

	private final ApplicationContextRunner prod = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(Sms.class)
		.withPropertyValues("spring.profiles.active=prod", "HUB_OPERATOR_KEY=" + "o".repeat(32),
				"HUB_INGEST_KEY_BOX_OFFICE=" + "b".repeat(32), "HUB_INGEST_KEY_ONLINE=" + "n".repeat(32),
				"HUB_INGEST_KEY_TURNSTILE=" + "t".repeat(32), "HUB_INGEST_KEY_LOYALTY=" + "l".repeat(32),
				"HUB_INGEST_KEY_KIOSK=" + "k".repeat(32), "TWILIO_ACCOUNT_SID=AC00000000000000000000000000000001",
				"TWILIO_AUTH_TOKEN=" + "a".repeat(32),
				"TWILIO_MESSAGING_SERVICE_SID=MG00000000000000000000000000000001",
				"HUB_PUBLIC_URL=https://hub.venue.example");

	@Test
	void productionRefusesUncheckedTwilioSignatures() {
		this.prod.withPropertyValues("hub.sms.twilio.validate-signatures=false")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hub.sms.twilio.validate-signatures is false"));
		this.prod.run(context -> assertThat(context).hasNotFailed().hasSingleBean(TwilioSmsTransport.class));
	}

	@Test
	void theDefaultRunMayTurnTheCheckOff() {
		new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
			.withUserConfiguration(Sms.class)
			.withPropertyValues("hub.sms.twilio.validate-signatures=false")
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(SandboxSmsTransport.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SmsProperties.class, SecurityProperties.class })
	@Import(SmsConfiguration.class)
	static class Sms {

	}

}

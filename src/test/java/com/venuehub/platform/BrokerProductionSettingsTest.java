package com.venuehub.platform;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code prod} profile, read from the shipped application.yaml and
 * application-prod.yaml, refuses to start with the broker's security off, an empty broker
 * password or a development one; with a real password the hub's connections authenticate
 * as its user. The default run keeps its development password.
 */
class BrokerProductionSettingsTest {

	private final ApplicationContextRunner prod = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(Broker.class)
		.withPropertyValues("spring.profiles.active=prod", "HUB_OPERATOR_KEY=" + "o".repeat(32),
				"HUB_INGEST_KEY_BOX_OFFICE=" + "b".repeat(32), "HUB_INGEST_KEY_ONLINE=" + "n".repeat(32),
				"HUB_INGEST_KEY_TURNSTILE=" + "t".repeat(32), "HUB_INGEST_KEY_LOYALTY=" + "l".repeat(32),
				"HUB_INGEST_KEY_KIOSK=" + "k".repeat(32), "HUB_INGEST_KEY_RESELLER=" + "r".repeat(32));

	@Test
	void productionRefusesAnEmptyBrokerPassword() {
		this.prod.run(context -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("hub.broker.password must be set"));
		this.prod.withPropertyValues("HUB_BROKER_PASSWORD=  ")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hub.broker.password must be set"));
	}

	@Test
	void productionRefusesTheBrokerSecurityOff() {
		this.prod.withPropertyValues("HUB_BROKER_PASSWORD=" + "p".repeat(32), "hub.broker.security-enabled=false")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hub.broker.security-enabled is false"));
	}

	@Test
	void productionRefusesADevelopmentBrokerPassword() {
		this.prod.withPropertyValues("HUB_BROKER_PASSWORD=dev-broker-password")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hub.broker.password is a development password"));
	}

	@Test
	void withARealPasswordTheHubConnectsAsItsUser() {
		this.prod.withPropertyValues("HUB_BROKER_PASSWORD=" + "p".repeat(32)).run(context -> {
			assertThat(context).hasNotFailed();
			ActiveMQConnectionFactory factory = context.getBean(ActiveMQConnectionFactory.class);
			assertThat(factory.getUser()).isEqualTo("hub");
			assertThat(factory.getPassword()).isEqualTo("p".repeat(32));
		});
	}

	@Test
	void theDefaultRunKeepsItsDevelopmentPassword() {
		new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
			.withUserConfiguration(Broker.class)
			.withPropertyValues("hub.broker.embedded.enabled=false")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(BrokerProperties.class).securityEnabled()).isTrue();
				assertThat(context.getBean(ActiveMQConnectionFactory.class).getUser()).isEqualTo("hub");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ BrokerProperties.class, SecurityProperties.class })
	@Import(BrokerConfiguration.class)
	static class Broker {

	}

}

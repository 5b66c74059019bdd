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
				"HUB_INGEST_KEY_KIOSK=" + "k".repeat(32));

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
	void productionRefusesABrokerOnAnotherHostWithoutTls() {
		String password = "HUB_BROKER_PASSWORD=" + "p".repeat(32);
		for (String url : new String[] { "tcp://broker.internal:61616",
				"(tcp://a.internal:61616,tcp://b:61616)?ha=true", "tcp://[2001:db8::7]:61616" }) {
			this.prod.withPropertyValues(password, "HUB_BROKER_URL=" + url)
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("hub.broker.url connects to")
					.hasMessageContaining("without TLS"));
		}
		for (String url : new String[] { "tcp://broker.internal:61617?sslEnabled=true&verifyHost=true",
				"(tcp://a.internal:61617,tcp://b.internal:61617)?ha=true&sslEnabled=true", "tcp://127.0.0.1:61616",
				"tcp://localhost:61616" }) {
			this.prod.withPropertyValues(password, "HUB_BROKER_URL=" + url)
				.run(context -> assertThat(context).as(url).hasNotFailed());
		}
		this.prod
			.withPropertyValues(password, "HUB_BROKER_URL=tcp://broker.internal:61616",
					"HUB_BROKER_ALLOW_PLAINTEXT=true")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void productionRefusesAnEmbeddedBrokerListeningBeyondThisHostWithoutTls() {
		this.prod
			.withPropertyValues("HUB_BROKER_PASSWORD=" + "p".repeat(32), "hub.broker.embedded.enabled=true",
					"hub.broker.embedded.host=0.0.0.0", "hub.broker.embedded.loyalty-users.pos=" + "l".repeat(32))
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hub.broker.embedded.host is 0.0.0.0")
				.hasMessageContaining("need TLS"));
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

package com.venuehub.platform;

import java.nio.file.Path;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The broker side of the hub: an embedded Artemis server with a persistent journal and
 * AMQP, core and MQTT acceptors (unless a standalone broker is configured), and the JMS
 * connection factory the routes use.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

	@Bean(initMethod = "start", destroyMethod = "stop")
	@ConditionalOnProperty(name = "hub.broker.embedded.enabled", havingValue = "true", matchIfMissing = true)
	EmbeddedActiveMQ embeddedBroker(BrokerProperties properties) throws Exception {
		BrokerProperties.Embedded embedded = properties.embedded();
		Path data = Path.of(embedded.dataDirectory()).toAbsolutePath();
		Configuration config = new ConfigurationImpl();
		config.setName("venue-hub");
		config.setPersistenceEnabled(true);
		config.setSecurityEnabled(false);
		config.setJournalType(JournalType.NIO);
		config.setJournalDirectory(data.resolve("journal").toString());
		config.setBindingsDirectory(data.resolve("bindings").toString());
		config.setPagingDirectory(data.resolve("paging").toString());
		config.setLargeMessagesDirectory(data.resolve("large-messages").toString());
		config.setNodeManagerLockDirectory(data.toString());
		config.setIDCacheSize(embedded.duplicateIdCacheSize());
		config.setPersistIDCache(true);
		// the hub itself connects in-VM when its URL says so (vm://0 by default)
		config.addAcceptorConfiguration("in-vm", properties.url().startsWith("vm://") ? properties.url() : "vm://0");
		addAcceptor(config, "core", embedded.host(), embedded.corePort(), "CORE");
		addAcceptor(config, "amqp", embedded.host(), embedded.amqpPort(), "AMQP");
		addAcceptor(config, "mqtt", embedded.host(), embedded.mqttPort(), "MQTT");
		config.addAddressSetting("#",
				new AddressSettings().setDeadLetterAddress(SimpleString.of("DLQ"))
					.setExpiryAddress(SimpleString.of("ExpiryQueue"))
					.setMaxDeliveryAttempts(embedded.maxDeliveryAttempts())
					.setRedeliveryDelay(1000)
					.setRedeliveryMultiplier(2)
					.setMaxRedeliveryDelay(60_000)
					.setAutoCreateDeadLetterResources(true)
					// unify groups events by person; a consumer that joins later (another
					// hub instance) gets its share
					.setDefaultGroupRebalance(true));
		EmbeddedActiveMQ server = new EmbeddedActiveMQ();
		server.setConfiguration(config);
		return server;
	}

	private static void addAcceptor(Configuration config, String name, String host, int port, String protocol)
			throws Exception {
		if (port >= 0) {
			config.addAcceptorConfiguration(name, "tcp://" + host + ":" + port + "?protocols=" + protocol);
		}
	}

	@Bean(destroyMethod = "close")
	ActiveMQConnectionFactory jmsConnectionFactory(BrokerProperties properties,
			ObjectProvider<EmbeddedActiveMQ> embeddedBroker) {
		// resolving the provider makes the embedded broker start first
		embeddedBroker.ifAvailable(broker -> {
		});
		ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(properties.url());
		if (properties.user() != null && !properties.user().isBlank()) {
			factory.setUser(properties.user());
			factory.setPassword(properties.password());
		}
		return factory;
	}

	@Bean
	JmsComponent jms(ConnectionFactory jmsConnectionFactory) {
		JmsComponent jms = JmsComponent.jmsComponent(jmsConnectionFactory);
		jms.getConfiguration().setCacheLevelName("CACHE_CONSUMER");
		return jms;
	}

}

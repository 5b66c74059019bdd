package com.venuehub.platform;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.camel.component.jms.JmsComponent;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The broker side of the hub: an embedded Artemis server with a persistent journal and
 * AMQP, core and MQTT acceptors (unless a standalone broker is configured), and the JMS
 * connection factory the routes use, authenticated as the hub's own user. The embedded
 * broker knows three kinds of users: the hub (everything), loyalty platforms (send to the
 * loyalty queue only) and each venue's kiosks (publish to {@code kiosks/<venue>/#} only).
 * Nobody else may connect; nobody but the hub reads, or writes to the events queue and
 * the dead-letter queue.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

	static final String HUB_ROLE = "hub";

	static final String LOYALTY_ROLE = "loyalty";

	static final String KIOSK_ROLE_PREFIX = "kiosk-";

	@Bean(initMethod = "start", destroyMethod = "stop")
	@ConditionalOnProperty(name = "hub.broker.embedded.enabled", havingValue = "true", matchIfMissing = true)
	EmbeddedActiveMQ embeddedBroker(BrokerProperties properties, SecurityProperties security,
			@Value("${hub.loyalty.queue}") String loyaltyQueue,
			@Value("${hub.feedback.kiosk-address}") String kioskAddress) throws Exception {
		// before any acceptor listens
		checkProduction(properties, security);
		return embeddedServer(properties, loyaltyQueue, kioskAddress);
	}

	EmbeddedActiveMQ embeddedServer(BrokerProperties properties, String loyaltyQueue, String kioskAddress)
			throws Exception {
		BrokerProperties.Embedded embedded = properties.embedded();
		Path data = Path.of(embedded.dataDirectory()).toAbsolutePath();
		Configuration config = new ConfigurationImpl();
		config.setName("venue-hub");
		config.setPersistenceEnabled(true);
		config.setSecurityEnabled(properties.securityEnabled());
		config.setJournalType(JournalType.NIO);
		config.setJournalDirectory(data.resolve("journal").toString());
		config.setBindingsDirectory(data.resolve("bindings").toString());
		config.setPagingDirectory(data.resolve("paging").toString());
		config.setLargeMessagesDirectory(data.resolve("large-messages").toString());
		config.setNodeManagerLockDirectory(data.toString());
		config.setIDCacheSize(embedded.duplicateIdCacheSize());
		config.setPersistIDCache(true);
		// a backlog beyond this waits on disk, not in the heap the hub shares with it
		config.setGlobalMaxSize(embedded.globalMaxSize().toBytes());
		// the hub itself connects in-VM when its URL says so (vm://0 by default)
		config.addAcceptorConfiguration("in-vm", properties.url().startsWith("vm://") ? properties.url() : "vm://0");
		addAcceptor(config, "core", embedded.host(), embedded.corePort(), "CORE", embedded.tls());
		addAcceptor(config, "amqp", embedded.host(), embedded.amqpPort(), "AMQP", embedded.tls());
		addAcceptor(config, "mqtt", embedded.host(), embedded.mqttPort(), "MQTT", embedded.tls());
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
		if (properties.securityEnabled()) {
			server.setSecurityManager(
					new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users(properties, embedded)));
			permissions(config, embedded, loyaltyQueue, kioskAddress);
		}
		return server;
	}

	private static SecurityConfiguration users(BrokerProperties properties, BrokerProperties.Embedded embedded) {
		SecurityConfiguration users = new SecurityConfiguration();
		users.addUser(properties.user(), properties.password());
		users.addRole(properties.user(), HUB_ROLE);
		embedded.loyaltyUsers().forEach((user, password) -> {
			users.addUser(user, password);
			users.addRole(user, LOYALTY_ROLE);
		});
		embedded.kioskUsers().forEach((user, kiosk) -> {
			users.addUser(user, kiosk.password());
			users.addRole(user, KIOSK_ROLE_PREFIX + kiosk.venue());
		});
		return users;
	}

	/**
	 * The most specific match holds alone, so each one names the hub again. A client may
	 * create its address (an MQTT topic's first message does), nothing more.
	 */
	private static void permissions(Configuration config, BrokerProperties.Embedded embedded, String loyaltyQueue,
			String kioskAddress) {
		Role hub = new Role(HUB_ROLE, true, true, true, true, true, true, true, true, true, true, true, true);
		config.putSecurityRoles("#", Set.of(hub));
		config.putSecurityRoles(loyaltyQueue, Set.of(hub, sender(LOYALTY_ROLE)));
		// kiosks.# : the venue's own topics are kiosks.<venue>.#
		String kiosks = kioskAddress.endsWith(".#") ? kioskAddress.substring(0, kioskAddress.length() - 1)
				: kioskAddress + ".";
		embedded.kioskUsers()
			.values()
			.stream()
			.map(BrokerProperties.KioskUser::venue)
			.distinct()
			.forEach(venue -> config.putSecurityRoles(kiosks + venue + ".#",
					Set.of(hub, sender(KIOSK_ROLE_PREFIX + venue))));
	}

	private static Role sender(String name) {
		return new Role(name, true, false, false, false, false, false, false, false, true, false, false, false);
	}

	private static void addAcceptor(Configuration config, String name, String host, int port, String protocol,
			BrokerProperties.Tls tls) throws Exception {
		if (port >= 0) {
			String url = "tcp://" + host + ":" + port + "?protocols=" + protocol;
			if (tls.enabled()) {
				url += ";sslEnabled=true;keyStorePath=" + tls.keyStorePath() + ";keyStoreType=" + tls.keyStoreType()
						+ ";keyStorePassword=" + tls.keyStorePassword() + ";enabledProtocols=TLSv1.3,TLSv1.2";
			}
			config.addAcceptorConfiguration(name, url);
		}
	}

	/** The connections of the consumers, the dead-letter pages and the broker gauges. */
	@Bean(destroyMethod = "close")
	@Primary
	ActiveMQConnectionFactory jmsConnectionFactory(BrokerProperties properties, SecurityProperties security,
			ObjectProvider<EmbeddedActiveMQ> embeddedBroker) {
		return connectionFactory(properties, security, embeddedBroker);
	}

	/**
	 * The connections intake publishes accepted records on. A factory of their own: an
	 * Artemis factory opens one connection at a time, and while the broker is gone every
	 * consumer tries to connect again through its own; an HTTP client posting a batch
	 * would wait behind them all for its 503.
	 */
	@Bean(destroyMethod = "close")
	ActiveMQConnectionFactory publishingConnectionFactory(BrokerProperties properties, SecurityProperties security,
			ObjectProvider<EmbeddedActiveMQ> embeddedBroker) {
		return connectionFactory(properties, security, embeddedBroker);
	}

	private static ActiveMQConnectionFactory connectionFactory(BrokerProperties properties, SecurityProperties security,
			ObjectProvider<EmbeddedActiveMQ> embeddedBroker) {
		checkProduction(properties, security);
		// resolving the provider makes the embedded broker start first
		embeddedBroker.ifAvailable(broker -> {
		});
		ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(clientUrl(properties));
		// Artemis' defaults (30 s a call, 2 s between tries to connect, holding the
		// factory) would keep a client waiting as long for its 503; a URL naming them
		// wins
		if (!properties.url().contains("callTimeout=")) {
			factory.setCallTimeout(properties.client().callTimeoutMs());
		}
		if (!properties.url().contains("retryInterval=")) {
			factory.setRetryInterval(properties.client().retryIntervalMs());
		}
		if (properties.user() != null && !properties.user().isBlank()) {
			factory.setUser(properties.user());
			factory.setPassword(properties.password());
		}
		return factory;
	}

	/**
	 * The URL with the connect timeout of {@code hub.broker.client}, unless it names one:
	 * Netty waits 10 s by default for a host that does not answer. The query of a cluster
	 * URL applies to each of its brokers.
	 */
	static String clientUrl(BrokerProperties properties) {
		String url = properties.url();
		if (!url.contains("tcp://") || url.contains("connectTimeoutMillis=")) {
			return url;
		}
		return url + (url.contains("?") ? "&" : "?") + "connectTimeoutMillis=" + properties.client().connectTimeoutMs();
	}

	/**
	 * Outside the default run (development keys refused), the broker is never open: its
	 * security on, and real passwords for the hub and for every client of the embedded
	 * broker.
	 */
	static void checkProduction(BrokerProperties properties, SecurityProperties security) {
		if (security.allowDevelopmentKeys()) {
			return;
		}
		if (!properties.securityEnabled()) {
			throw new IllegalStateException("hub.broker.security-enabled is false: outside the default run the hub "
					+ "refuses a broker anyone can connect to");
		}
		checkPassword("hub.broker.password", properties.password());
		checkTls(properties);
		if (properties.embedded().enabled()) {
			properties.embedded()
				.loyaltyUsers()
				.forEach((user, password) -> checkPassword("hub.broker.embedded.loyalty-users." + user, password));
			properties.embedded()
				.kioskUsers()
				.forEach((user, kiosk) -> checkPassword("hub.broker.embedded.kiosk-users." + user + ".password",
						kiosk.password()));
		}
	}

	/**
	 * Outside the default run, nothing crosses a network in clear: the hub's connection
	 * to a broker on another host names TLS, and the embedded broker's acceptors bound
	 * beyond this host have a key store.
	 */
	static void checkTls(BrokerProperties properties) {
		String url = properties.url();
		if (!properties.allowPlaintext() && !url.toLowerCase(Locale.ROOT).contains("sslenabled=true")) {
			Matcher hosts = Pattern.compile("tcp://(\\[[^\\]]+\\]|[^/:?,)]+)").matcher(url);
			while (hosts.find()) {
				if (!loopback(hosts.group(1))) {
					throw new IllegalStateException("hub.broker.url connects to " + hosts.group(1) + " without TLS: "
							+ "use the broker's TLS acceptor with sslEnabled=true (see ops/README.md), or set "
							+ "hub.broker.allow-plaintext=true for a network encrypted otherwise");
				}
			}
		}
		BrokerProperties.Embedded embedded = properties.embedded();
		boolean networked = embedded.corePort() >= 0 || embedded.amqpPort() >= 0 || embedded.mqttPort() >= 0;
		if (embedded.enabled() && networked && !loopback(embedded.host()) && !embedded.tls().enabled()) {
			throw new IllegalStateException("hub.broker.embedded.host is " + embedded.host()
					+ ": acceptors beyond this host need TLS (hub.broker.embedded.tls.key-store-path and "
					+ "key-store-password), or bind them to 127.0.0.1");
		}
	}

	/** Told by its name or literal address, never by asking a name server. */
	static boolean loopback(String host) {
		String bare = host.strip().toLowerCase(Locale.ROOT);
		return bare.equals("localhost") || bare.startsWith("127.") || bare.equals("::1") || bare.equals("[::1]")
				|| bare.equals("0:0:0:0:0:0:0:1");
	}

	private static void checkPassword(String setting, String password) {
		if (password == null || password.isBlank()) {
			throw new IllegalStateException(setting + " is empty: set it from the environment");
		}
		if (password.startsWith("dev-")) {
			throw new IllegalStateException(
					setting + " is a development password: set a real one from the environment");
		}
	}

	@Bean
	JmsComponent jms(ConnectionFactory jmsConnectionFactory) {
		JmsComponent jms = JmsComponent.jmsComponent(jmsConnectionFactory);
		jms.getConfiguration().setCacheLevelName("CACHE_CONSUMER");
		return jms;
	}

}

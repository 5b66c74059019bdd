package com.venuehub.platform;

import java.util.Map;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Artemis broker the hub talks to, and the embedded one it starts by default.
 *
 * @param url client URL: {@code vm://0} for the embedded broker, {@code tcp://host:61616}
 * for a standalone one, or a cluster URL
 * @param user the hub's own broker user: every connection of the hub authenticates as it
 * @param password the hub's broker password
 * @param securityEnabled the broker checks users and what each may do (the embedded one
 * as configured here; a standalone one as {@code ops/broker.xml} does); only a
 * development run may turn it off
 * @param eventsQueue the canonical event queue between intake and unify
 * @param allowPlaintext outside the default run, connect to a broker on another host
 * without TLS all the same (a network encrypted otherwise, such as a service mesh)
 * @param client how long the hub's connections wait on a broker that does not answer
 */
@Validated
@ConfigurationProperties("hub.broker")
public record BrokerProperties(@NotBlank String url, String user, String password, Boolean securityEnabled,
		@NotBlank String eventsQueue, Embedded embedded, boolean allowPlaintext, @Valid Client client) {

	/** What may name a venue in a kiosk topic: one topic level, no wildcard. */
	static final Pattern VENUE = Pattern.compile("[A-Za-z0-9_-]+");

	@ConstructorBinding
	public BrokerProperties {
		if (securityEnabled == null) {
			securityEnabled = true;
		}
		if (embedded == null) {
			embedded = new Embedded(true, "data/artemis", "127.0.0.1", 61616, 5672, 1883, 200_000, 10, null, null, null,
					null);
		}
		if (client == null) {
			client = new Client(0, 0, 0);
		}
		if (securityEnabled && (user == null || user.isBlank() || password == null || password.isBlank())) {
			throw new IllegalArgumentException("hub.broker.user and hub.broker.password must be set while "
					+ "hub.broker.security-enabled is true: every connection of the hub authenticates");
		}
	}

	/**
	 * @param enabled start an Artemis server inside the hub
	 * @param dataDirectory persistent journal, bindings, paging and large messages
	 * @param host address the network acceptors bind to
	 * @param corePort Artemis core protocol acceptor; -1 disables it
	 * @param amqpPort AMQP 1.0 acceptor; -1 disables it
	 * @param mqttPort MQTT acceptor; -1 disables it
	 * @param duplicateIdCacheSize how many message ids duplicate detection remembers per
	 * address
	 * @param maxDeliveryAttempts deliveries before a message is moved to the DLQ address
	 * @param loyaltyUsers broker users of loyalty platforms and POS, by name, with their
	 * password: they may send to the loyalty queue only
	 * @param kioskUsers broker users of a venue's kiosks, by name: they may publish to
	 * {@code kiosks/<their venue>/#} only
	 * @param tls the key store of the network acceptors: with it, core, AMQP and MQTT
	 * clients connect over TLS only
	 * @param globalMaxSize messages the broker keeps in the hub's heap, all queues
	 * together; beyond it, the messages of a backlog wait in page files on disk (in the
	 * data directory) until unify takes them. 128 MB unless set
	 */
	public record Embedded(boolean enabled, @NotBlank String dataDirectory, @NotBlank String host,
			@Min(-1) @Max(65535) int corePort, @Min(-1) @Max(65535) int amqpPort, @Min(-1) @Max(65535) int mqttPort,
			@Min(1000) int duplicateIdCacheSize, @Min(1) int maxDeliveryAttempts, Map<String, String> loyaltyUsers,
			Map<String, KioskUser> kioskUsers, Tls tls, DataSize globalMaxSize) {

		public Embedded {
			tls = tls == null ? new Tls(null, null, null) : tls;
			globalMaxSize = globalMaxSize == null ? DataSize.ofMegabytes(128) : globalMaxSize;
			if (globalMaxSize.toBytes() < 64 * 1024) {
				throw new IllegalArgumentException("hub.broker.embedded.global-max-size is " + globalMaxSize
						+ ": the broker needs at least 64KB of messages in memory");
			}
			loyaltyUsers = loyaltyUsers == null ? Map.of() : Map.copyOf(loyaltyUsers);
			kioskUsers = kioskUsers == null ? Map.of() : Map.copyOf(kioskUsers);
			loyaltyUsers.forEach((user, password) -> {
				if (password == null || password.isBlank()) {
					throw new IllegalArgumentException(
							"hub.broker.embedded.loyalty-users." + user + " has no password");
				}
			});
			kioskUsers.forEach((user, kiosk) -> {
				if (kiosk.password() == null || kiosk.password().isBlank()) {
					throw new IllegalArgumentException(
							"hub.broker.embedded.kiosk-users." + user + ".password is empty");
				}
				if (kiosk.venue() == null || !VENUE.matcher(kiosk.venue()).matches()) {
					throw new IllegalArgumentException("hub.broker.embedded.kiosk-users." + user + ".venue '"
							+ kiosk.venue() + "' is not one topic level (letters, digits, '-' and '_')");
				}
			});
		}

	}

	/**
	 * How long the hub waits on the broker before it gives up and answers an outage (an
	 * HTTP 503 with {@code Retry-After}, a redelivery, the file left in the inbox). A
	 * publish whose commit timed out has an unknown outcome: it is sent again with the
	 * same duplicate ids, which the broker drops if they were already taken.
	 *
	 * @param connectTimeoutMs opening a TCP connection to the broker (Artemis
	 * {@code connectTimeoutMillis}, unless the URL names it)
	 * @param callTimeoutMs one blocking call on a connection: a send, a commit, creating
	 * a session (Artemis {@code callTimeout}, unless the URL names it)
	 * @param retryIntervalMs between two tries to connect (Artemis {@code retryInterval},
	 * unless the URL names it)
	 */
	public record Client(@Min(100) @Max(120_000) int connectTimeoutMs, @Min(100) @Max(300_000) long callTimeoutMs,
			@Min(10) @Max(60_000) long retryIntervalMs) {

		public Client {
			// a setting left out keeps its default
			connectTimeoutMs = connectTimeoutMs == 0 ? 2000 : connectTimeoutMs;
			callTimeoutMs = callTimeoutMs == 0 ? 5000 : callTimeoutMs;
			retryIntervalMs = retryIntervalMs == 0 ? 100 : retryIntervalMs;
		}

	}

	/**
	 * @param venue the venue whose topics ({@code kiosks/<venue>/#}) the kiosks publish
	 * to
	 * @param password the kiosks' broker password
	 */
	public record KioskUser(String venue, String password) {
	}

	/**
	 * @param keyStorePath the acceptors' key store (PKCS#12 by default); empty: no TLS
	 * @param keyStorePassword its password
	 * @param keyStoreType its type, {@code PKCS12} by default
	 */
	public record Tls(String keyStorePath, String keyStorePassword, String keyStoreType) {

		public Tls {
			keyStoreType = keyStoreType == null || keyStoreType.isBlank() ? "PKCS12" : keyStoreType;
		}

		public boolean enabled() {
			return this.keyStorePath != null && !this.keyStorePath.isBlank();
		}

	}

}

package com.venuehub.platform;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Artemis broker the hub talks to, and the embedded one it starts by default.
 *
 * @param url client URL: {@code vm://0} for the embedded broker, {@code tcp://host:61616}
 * for a standalone one, or a cluster URL
 * @param user broker user (standalone broker only)
 * @param password broker password (standalone broker only)
 * @param eventsQueue the canonical event queue between intake and unify
 */
@Validated
@ConfigurationProperties("hub.broker")
public record BrokerProperties(@NotBlank String url, String user, String password, @NotBlank String eventsQueue,
		Embedded embedded) {

	public BrokerProperties {
		if (embedded == null) {
			embedded = new Embedded(true, "data/artemis", "127.0.0.1", 61616, 5672, 1883, 200_000, 10);
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
	 */
	public record Embedded(boolean enabled, @NotBlank String dataDirectory, @NotBlank String host,
			@Min(-1) @Max(65535) int corePort, @Min(-1) @Max(65535) int amqpPort, @Min(-1) @Max(65535) int mqttPort,
			@Min(1000) int duplicateIdCacheSize, @Min(1) int maxDeliveryAttempts) {
	}

}

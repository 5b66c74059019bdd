package com.venuehub.feedback;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The satisfaction kiosk connector.
 *
 * @param kioskAddress Artemis wildcard address the hub subscribes to ({@code kiosks.#}
 * for the MQTT topics {@code kiosks/<venue>/<kiosk_id>/responses})
 * @param subscription name of the hub's shared durable subscription on it, kept while the
 * hub is down
 */
@Validated
@ConfigurationProperties("hub.feedback")
public record FeedbackProperties(@NotBlank String kioskAddress, @NotBlank String subscription) {
}

package com.venuehub.loyalty;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The loyalty connector.
 *
 * @param queue broker queue the loyalty platform publishes its transactions to (AMQP or
 * core)
 * @param consumers concurrent consumers of that queue
 */
@Validated
@ConfigurationProperties("hub.loyalty")
public record LoyaltyProperties(@NotBlank String queue, @Min(1) int consumers) {
}

package com.venuehub.reseller;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Reseller stock alert settings.
 *
 * @param salesTeamEmail the venue's sales team, told when a reseller sells out or oversells
 * @param defaultThresholds thresholds of a new allocation: {@code 50%} of the quantity, or {@code 0}
 * (tickets left; {@code 0} is sold out)
 * @param webhook how signed alert webhooks are delivered
 */
@Validated
@ConfigurationProperties("hub.resellers")
public record ResellerProperties(String salesTeamEmail, @NotEmpty List<String> defaultThresholds,
		@Valid @NotNull Webhook webhook) {

	public ResellerProperties {
		for (String threshold : defaultThresholds == null ? List.<String>of() : defaultThresholds) {
			try {
				Threshold.parse(threshold);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("hub.resellers.default-thresholds: " + ex.getMessage());
			}
		}
	}

	/**
	 * @param enabled deliveries run on this instance
	 * @param periodMs how often pending deliveries are looked for
	 * @param batch deliveries claimed per transaction
	 * @param timeout connect and read timeout of one delivery
	 * @param maxAttempts attempts before a delivery is failed for good
	 * @param initialBackoff wait after the first failure, doubled at each next one
	 * @param maxBackoff longest wait between attempts
	 */
	public record Webhook(boolean enabled, @Min(10) long periodMs, @Min(1) int batch, @NotNull Duration timeout,
			@Min(1) int maxAttempts, @NotNull Duration initialBackoff, @NotNull Duration maxBackoff) {
	}

}

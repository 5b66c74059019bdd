package com.venuehub.reseller;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
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
 * @param salesTeamEmail the venue's sales team, told when a reseller sells out or
 * oversells
 * @param defaultThresholds thresholds of a new allocation: {@code 50%} of the quantity,
 * or {@code 0} (tickets left; {@code 0} is sold out)
 * @param webhook how signed alert webhooks are delivered
 * @param digest when the daily stock digest of the resellers who asked for it is decided
 */
@Validated
@ConfigurationProperties("hub.resellers")
public record ResellerProperties(String salesTeamEmail, @NotEmpty List<String> defaultThresholds,
		@Valid @NotNull Webhook webhook, @Valid @NotNull Digest digest) {

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
	 * @param enabled digests are decided on this instance (safe on every instance: one
	 * per reseller and day)
	 * @param at local time of the venue from which the day's digest goes
	 * @param zone the venue's time zone
	 * @param periodMs how often the scheduler looks
	 */
	public record Digest(boolean enabled, @NotNull LocalTime at, @NotNull String zone, @Min(10) long periodMs) {

		public Digest {
			try {
				ZoneId.of(zone);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("hub.resellers.digest.zone '" + zone + "' is not a time zone");
			}
		}

	}

	/**
	 * @param enabled deliveries run on this instance
	 * @param periodMs how often pending deliveries are looked for
	 * @param batch deliveries claimed per transaction
	 * @param timeout connect timeout, and wait for the answer's headers, of one delivery;
	 * the whole exchange takes at most twice that
	 * @param maxAttempts attempts before a delivery is failed for good
	 * @param initialBackoff wait after the first failure, doubled at each next one
	 * @param maxBackoff longest wait between attempts
	 * @param allowedPrivateTargets host names, addresses and address blocks a webhook may
	 * be sent to though not public (a local mock); every other loopback, private or
	 * link-local target is refused
	 */
	public record Webhook(boolean enabled, @Min(10) long periodMs, @Min(1) int batch, @NotNull Duration timeout,
			@Min(1) int maxAttempts, @NotNull Duration initialBackoff, @NotNull Duration maxBackoff,
			List<String> allowedPrivateTargets) {

		public Webhook {
			allowedPrivateTargets = allowedPrivateTargets == null ? List.of() : List.copyOf(allowedPrivateTargets);
			// an entry that is not an address, a block or a host name stops the hub here
			new WebhookTargets(allowedPrivateTargets);
		}

		public WebhookTargets targets() {
			return new WebhookTargets(this.allowedPrivateTargets);
		}

	}

}

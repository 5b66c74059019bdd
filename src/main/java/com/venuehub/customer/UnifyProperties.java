package com.venuehub.customer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How unify consumes the events queue.
 *
 * @param consumers competing consumers on this instance
 * @param batchSize most events applied in one database and broker transaction
 * @param batchWaitMs how long a consumer waits to fill a batch once it has one event
 * @param retryInitialMs first wait before a batch is tried again through an outage of the
 * database or the broker; it doubles up to {@code retryMaxMs}
 * @param retryMaxMs longest wait between two tries through an outage
 * @param leftOverPeriodMs how often the sweep looks for merges left for later that their
 * batch could not make (their customers stayed held through its attempts, or its hub
 * stopped or lost the database in between)
 * @param leftOverAfterMs how old such a merge is before the sweep makes it: a batch's own
 * attempts take well under a second
 */
@Validated
@ConfigurationProperties("hub.unify")
public record UnifyProperties(@Min(1) @Max(64) int consumers, @Min(1) @Max(1000) int batchSize,
		@Min(0) @Max(5000) int batchWaitMs, @Min(1) Integer retryInitialMs, @Min(1) Integer retryMaxMs,
		@Min(100) Long leftOverPeriodMs, @Min(0) Long leftOverAfterMs) {

	public UnifyProperties {
		retryInitialMs = retryInitialMs == null ? 100 : retryInitialMs;
		retryMaxMs = retryMaxMs == null ? 10_000 : retryMaxMs;
		leftOverPeriodMs = leftOverPeriodMs == null ? 5_000 : leftOverPeriodMs;
		leftOverAfterMs = leftOverAfterMs == null ? 10_000 : leftOverAfterMs;
		if (retryMaxMs < retryInitialMs) {
			throw new IllegalArgumentException("hub.unify.retry-max-ms (" + retryMaxMs
					+ ") must not be below hub.unify.retry-initial-ms (" + retryInitialMs + ")");
		}
	}

}

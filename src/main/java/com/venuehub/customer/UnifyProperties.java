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
 */
@Validated
@ConfigurationProperties("hub.unify")
public record UnifyProperties(@Min(1) @Max(64) int consumers, @Min(1) @Max(1000) int batchSize,
		@Min(0) @Max(5000) int batchWaitMs, @Min(1) Integer retryInitialMs, @Min(1) Integer retryMaxMs) {

	public UnifyProperties {
		retryInitialMs = retryInitialMs == null ? 100 : retryInitialMs;
		retryMaxMs = retryMaxMs == null ? 10_000 : retryMaxMs;
		if (retryMaxMs < retryInitialMs) {
			throw new IllegalArgumentException("hub.unify.retry-max-ms (" + retryMaxMs
					+ ") must not be below hub.unify.retry-initial-ms (" + retryInitialMs + ")");
		}
	}

}

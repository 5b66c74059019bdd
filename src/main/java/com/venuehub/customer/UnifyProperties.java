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
 */
@Validated
@ConfigurationProperties("hub.unify")
public record UnifyProperties(@Min(1) @Max(64) int consumers, @Min(1) @Max(1000) int batchSize,
		@Min(0) @Max(5000) int batchWaitMs) {
}

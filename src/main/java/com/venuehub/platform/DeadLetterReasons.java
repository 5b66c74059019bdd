package com.venuehub.platform;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import org.springframework.stereotype.Component;

/**
 * Remembers why a route last failed on a broker message, by its JMS message id, so that
 * the message's entry in the dead-letter listing can say why the broker gave up on it.
 * Kept in memory for a week: after a restart, or for a failure seen by another instance,
 * the listing says the reason is not known.
 */
@Component
public class DeadLetterReasons extends EventNotifierSupport {

	private final Cache<String, String> reasons = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofDays(7))
		.build();

	public DeadLetterReasons() {
		setIgnoreCamelContextEvents(true);
		setIgnoreRouteEvents(true);
		setIgnoreServiceEvents(true);
		setIgnoreExchangeCreatedEvent(true);
		setIgnoreExchangeCompletedEvent(true);
		setIgnoreExchangeSendingEvents(true);
		setIgnoreExchangeSentEvents(true);
		setIgnoreExchangeRedeliveryEvents(true);
		setIgnoreStepEvents(true);
	}

	@Override
	public boolean isEnabled(CamelEvent event) {
		return event instanceof CamelEvent.ExchangeFailedEvent;
	}

	@Override
	public void notify(CamelEvent event) {
		if (event instanceof CamelEvent.ExchangeFailedEvent failed) {
			Exchange exchange = failed.getExchange();
			String id = exchange.getMessage().getHeader("JMSMessageID", String.class);
			if (id == null) {
				id = exchange.getIn().getHeader("JMSMessageID", String.class);
			}
			Throwable failure = exchange.getException();
			if (id != null && failure != null) {
				this.reasons.put(DeadLetters.stripId(id),
						"route " + exchange.getFromRouteId() + " failed: " + Failures.describe(failure));
			}
		}
	}

	/** The last failure seen for this message, or null. */
	String reason(String id) {
		return this.reasons.getIfPresent(id);
	}

	void forget(String id) {
		this.reasons.invalidate(id);
	}

}

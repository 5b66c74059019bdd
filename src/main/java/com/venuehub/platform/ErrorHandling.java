package com.venuehub.platform;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;

import org.springframework.stereotype.Component;

/**
 * The one error policy of every route, Java or YAML. A passing failure (database or
 * broker unavailable, lock conflict: an outage as {@link Failures} tells) is retried with
 * exponential back-off and, if it lasts, handed back to the source (the broker
 * redelivers, the file stays in the inbox, HTTP answers 503). A record that is wrong in
 * itself is never retried: it goes to quarantine with its raw payload and reason. A
 * caller waiting for the answer (an HTTP client posting a batch, marked by the
 * {@link #CALLER_WAITING} header) is not kept waiting through the back-off: after
 * {@code hub.errors.waiting-caller-max-retries} retries it is answered 503 with
 * {@code Retry-After}, and sends the batch again (records already taken are not applied
 * twice).
 */
@Component
public class ErrorHandling extends RouteConfigurationBuilder {

	/** Set on an exchange whose caller waits for the outcome (an HTTP request). */
	public static final String CALLER_WAITING = "hubCallerWaiting";

	private final Quarantine quarantine;

	public ErrorHandling(Quarantine quarantine) {
		this.quarantine = quarantine;
	}

	@Override
	public void configuration() {
		// nameless: the default configuration of every route (a named one applies only to
		// routes naming it)
		routeConfiguration().onException(RecordRejectedException.class)
			.handled(true)
			.maximumRedeliveries(0)
			.process(this::quarantine)
			.end()
			// the first onException whose onWhen holds is the one used
			.onException(Exception.class)
			.onWhen(exchange -> Failures.isOutage(failure(exchange)) && callerWaiting(exchange))
			.maximumRedeliveries("{{hub.errors.waiting-caller-max-retries}}")
			.redeliveryDelay("{{hub.errors.initial-delay-ms}}")
			.retryAttemptedLogLevel(org.apache.camel.LoggingLevel.WARN)
			.handled(false)
			.end()
			.onException(Exception.class)
			.onWhen(exchange -> Failures.isOutage(failure(exchange)))
			.maximumRedeliveries("{{hub.errors.max-retries}}")
			.redeliveryDelay("{{hub.errors.initial-delay-ms}}")
			.useExponentialBackOff()
			.backOffMultiplier(2)
			.maximumRedeliveryDelay("{{hub.errors.max-delay-ms}}")
			.retryAttemptedLogLevel(org.apache.camel.LoggingLevel.WARN)
			.handled(false)
			.end();
	}

	private static boolean callerWaiting(Exchange exchange) {
		return exchange.getMessage().getHeader(CALLER_WAITING, false, Boolean.class);
	}

	private static Throwable failure(Exchange exchange) {
		Throwable failure = exchange.getException();
		return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
	}

	private void quarantine(Exchange exchange) {
		Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
		org.apache.camel.Message message = exchange.getMessage();
		String source = message.getHeader("hubSource", "unknown", String.class);
		// rejected in a connector route: the source's raw record, replayed through its
		// mapping;
		// rejected by unify: the canonical event, replayed as it is
		String mapping = message.getHeader("hubMapping", "canonical", String.class);
		String format = message.getHeader("hubFormat", "event", String.class);
		String origin = message.getHeader("hubOrigin", exchange.getFromRouteId(), String.class);
		this.quarantine.keep(new Quarantine.Entry(source, mapping, origin, null, format, message.getBody(String.class),
				null, cause.getMessage()));
	}

}

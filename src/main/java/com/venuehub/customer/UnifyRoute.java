package com.venuehub.customer;

import org.apache.camel.builder.RouteBuilder;

import org.springframework.stereotype.Component;

/**
 * Consumes canonical events from the persistent events queue and applies each to the unified store.
 * Competing consumers; the broker message is acknowledged only once the database has committed.
 */
@Component
public class UnifyRoute extends RouteBuilder {

	@Override
	public void configure() {
		from("jms:queue:{{hub.broker.events-queue}}?transacted=true"
				+ "&concurrentConsumers={{hub.unify.consumers}}&maxConcurrentConsumers={{hub.unify.consumers}}")
			.routeId("unify")
			.to("bean:unifier?method=apply");
	}

}

package com.venuehub.reseller;

import org.apache.camel.builder.RouteBuilder;

import org.springframework.stereotype.Component;

/** The timed flow of reseller alerts: delivering signed webhooks from their outbox. */
@Component
public class ResellerRoutes extends RouteBuilder {

	@Override
	public void configure() {
		from("timer:reseller-webhooks?period={{hub.resellers.webhook.period-ms}}&delay=1000")
			.routeId("dispatch-reseller-webhooks")
			.autoStartup("{{hub.resellers.webhook.enabled}}")
			.to("bean:resellerWebhookDispatcher?method=drain");
	}

}

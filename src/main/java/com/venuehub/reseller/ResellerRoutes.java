package com.venuehub.reseller;

import org.apache.camel.builder.RouteBuilder;

import org.springframework.stereotype.Component;

/**
 * The timed flows of reseller alerts: delivering signed webhooks from their outbox,
 * deciding daily digests.
 */
@Component
public class ResellerRoutes extends RouteBuilder {

	@Override
	public void configure() {
		from("timer:reseller-webhooks?period={{hub.resellers.webhook.period-ms}}&delay=1000")
			.routeId("dispatch-reseller-webhooks")
			.autoStartup("{{hub.resellers.webhook.enabled}}")
			.to("bean:resellerWebhookDispatcher?method=drain");

		from("timer:reseller-digests?period={{hub.resellers.digest.period-ms}}&delay=2000")
			.routeId("schedule-reseller-digests")
			.autoStartup("{{hub.resellers.digest.enabled}}")
			.to("bean:resellerDigests?method=schedule");
	}

}

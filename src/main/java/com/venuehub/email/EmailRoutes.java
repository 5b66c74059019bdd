package com.venuehub.email;

import org.apache.camel.builder.RouteBuilder;

import org.springframework.stereotype.Component;

/**
 * The two timed flows of validity-date emails: deciding reminders, and draining the
 * outbox to the transport. Both are safe on every instance at once.
 */
@Component
public class EmailRoutes extends RouteBuilder {

	@Override
	public void configure() {
		from("timer:email-reminders?period={{hub.email.reminders.period-ms}}&delay=2000")
			.routeId("schedule-email-reminders")
			.autoStartup("{{hub.email.reminders.enabled}}")
			.to("bean:reminderScheduler?method=schedule");

		from("timer:email-dispatch?period={{hub.email.dispatch.period-ms}}&delay=1000").routeId("dispatch-email")
			.autoStartup("{{hub.email.dispatch.enabled}}")
			.to("bean:emailDispatcher?method=drain");
	}

}

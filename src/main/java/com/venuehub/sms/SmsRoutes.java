package com.venuehub.sms;

import org.apache.camel.builder.RouteBuilder;

import org.springframework.stereotype.Component;

/**
 * The timed flows of SMS promos: starting scheduled campaigns, turning kiosk answers into
 * triggered promos, reconciling uncertain sends, closing finished campaigns and folding
 * their running counts; draining the SMS outbox to the transport; and applying Twilio's
 * callbacks kept on the broker. All are safe on every instance at once.
 */
@Component
public class SmsRoutes extends RouteBuilder {

	@Override
	public void configure() {
		from("timer:sms-campaigns?period={{hub.sms.dispatch.scheduler-period-ms}}&delay=1500")
			.routeId("schedule-sms-campaigns")
			.autoStartup("{{hub.sms.dispatch.enabled}}")
			.to("bean:campaigns?method=startDue")
			.to("bean:campaigns?method=triggerFromKioskAnswers")
			.to("bean:smsDispatcher?method=reconcile")
			.to("bean:campaigns?method=finishDone")
			.to("bean:campaignResults?method=fold");

		from("timer:sms-dispatch?period={{hub.sms.dispatch.period-ms}}&delay=1000").routeId("dispatch-sms")
			.autoStartup("{{hub.sms.dispatch.enabled}}")
			.to("bean:smsDispatcher?method=drain");

		// an outage rolls the callback back to the broker, which delivers it again
		from("jms:queue:{{hub.sms.twilio.callbacks-queue}}?transacted=true&disableReplyTo=true")
			.routeId("apply-twilio-callbacks")
			.to("bean:twilioCallbacks?method=apply");
	}

}

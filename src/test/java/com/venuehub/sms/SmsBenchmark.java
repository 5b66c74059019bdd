package com.venuehub.sms;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.venuehub.TestTwilioServer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A campaign over 100,000 consenting customers (and 2,000 more for the rate-limited
 * part): audience computed and outbox rows written (the launch), then dispatch through
 * the real Twilio SDK to the local Twilio stand-in with no rate limit, then a rate limit
 * of N per second measured at the stand-in. Run with
 * {@code ./mvnw -Pbenchmark verify -Dtest=SmsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
@TestPropertySource(properties = { "hub.email.reminders.period-ms=600000", "hub.sms.dispatch.uncertain-after=5m",
		"hub.sms.dispatch.reconcile-after=10m" })
class SmsBenchmark extends SmsTestSupport {

	private static final int CUSTOMERS = Integer.getInteger("benchmark.sms.customers", 102_000);

	private static final int LIMITED = Integer.getInteger("benchmark.sms.limited", 2_000);

	private static final int RATE = Integer.getInteger("benchmark.sms.rate", 100);

	@Autowired
	SmsDispatcher dispatcher;

	@Autowired
	CamelContext camel;

	@AfterEach
	void dispatchBack() throws Exception {
		this.dispatcher.limitRate(0);
		this.camel.getRouteController().startRoute("dispatch-sms");
	}

	@Test
	void campaignOverAHundredThousandCustomers() throws Exception {
		travelTo("2026-12-01T10:00:00");
		String tier = "BENCH" + unique();
		String limitedTier = tier + "R";
		// the launch is measured alone first: nothing is sent until dispatch starts
		this.camel.getRouteController().stopRoute("dispatch-sms");
		long seedStart = System.nanoTime();
		this.jdbc.update(
				"""
						with c as (insert into customer (first_name, locale, postcode)
						           select 'Camille', 'fr', '69003' from generate_series(1, ?) n returning id),
						     i as (insert into customer_identifier (customer_id, kind, value, source, first_seen_at)
						           select id, 'PHONE', '+3361' || lpad(id::text, 7, '0'), 'bench', now() from c),
						     s as (insert into consent_statement (customer_id, channel, purpose, granted, source, source_record, stated_at)
						           select id, 'SMS', 'MARKETING', true, 'bench', 'bench-' || id, now() from c)
						insert into loyalty_card (card_number, customer_id, source, tier, balance, enrolled_at)
						select 'BC' || ? || id, id, 'bench', case when row_number() over (order by id) <= ? then ? else ? end,
						       100, now() from c""",
				CUSTOMERS, tier, LIMITED, limitedTier, tier);
		// the venue's customers as they are on a working day: rows vacuumed long ago, and
		// their writing flushed to disk, not left to the launch to finish
		this.jdbc.execute("vacuum analyze");
		this.jdbc.execute("checkpoint");
		double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
		int audience = CUSTOMERS - LIMITED;

		long campaign = campaign(
				tierCampaign("Benchmark", tier, "Bonjour {{firstName}}, -20% au zoo avec le code {{voucherCode}}"));
		long launchStart = System.nanoTime();
		launch(campaign);
		double launchSeconds = (System.nanoTime() - launchStart) / 1e9;
		Integer written = this.jdbc.queryForObject("select count(*) from outbox_message where campaign_id = ?",
				Integer.class, campaign);
		assertThat(written).isEqualTo(audience);

		int before = TestTwilioServer.server()
			.countRequestsMatching(postRequestedFor(urlPathEqualTo(TestTwilioServer.MESSAGES)).build())
			.getCount();
		long dispatchStart = System.nanoTime();
		this.camel.getRouteController().startRoute("dispatch-sms");
		await().atMost(Duration.ofMinutes(30))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from outbox_message where campaign_id = ? and status = 'SENT'", Integer.class,
					campaign), sent -> sent == audience);
		double dispatchSeconds = (System.nanoTime() - dispatchStart) / 1e9;
		// each message handed over once: as many creates as messages
		assertThat(TestTwilioServer.server()
			.countRequestsMatching(postRequestedFor(urlPathEqualTo(TestTwilioServer.MESSAGES)).build())
			.getCount() - before).isEqualTo(audience);

		// rate limited: N per second, measured where Twilio would see it
		this.dispatcher.limitRate(RATE);
		long limited = campaign(tierCampaign("Benchmark limited", limitedTier, "Bonjour {{firstName}}"));
		launch(limited);
		await().atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from outbox_message where campaign_id = ? and status = 'SENT'", Integer.class,
					limited), sent -> sent == LIMITED);
		List<LoggedRequest> requests = TestTwilioServer.server()
			.findAll(postRequestedFor(urlPathEqualTo(TestTwilioServer.MESSAGES)))
			.stream()
			.filter(r -> TestTwilioServer.form(r.getBodyAsString()).get("Body").equals("Bonjour Camille STOP au 36180"))
			.sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
			.toList();
		assertThat(requests).hasSize(LIMITED);
		double spanSeconds = (requests.get(requests.size() - 1).getLoggedDate().getTime()
				- requests.get(0).getLoggedDate().getTime()) / 1000.0;
		double measuredRate = (requests.size() - 1) / spanSeconds;

		System.out.printf("""

				== SMS campaign benchmark ==
				customers seeded (consenting, with a mobile): %,d in %.1f s
				launch: audience of %,d computed and outbox rows written in %.2f s
				dispatch, no rate limit: %,d SMS to the local Twilio stand-in in %.1f s = %,.0f SMS/s (%d workers)
				rate limit %d/s: %,d SMS, measured %.1f SMS/s at the stand-in (%.1f%% off)
				requests received by the stand-in: %,d
				%n""", CUSTOMERS, seedSeconds, audience, launchSeconds, audience, dispatchSeconds,
				audience / dispatchSeconds, this.dispatcher.workers(), RATE, LIMITED, measuredRate,
				Math.abs(measuredRate - RATE) * 100.0 / RATE, before + audience + LIMITED);
	}

}

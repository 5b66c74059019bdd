package com.venuehub.sms;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.TestTwilioServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A campaign's results end to end: messages sent through the real Twilio SDK to the
 * Twilio stand-in, Twilio's delivery callbacks and a STOP reply, tickets bought online
 * before, within and after the 7 days that follow the message; the figures read from the
 * running counts match what happened.
 */
class CampaignResultsTest extends SmsTestSupport {

	@Autowired
	CampaignResults results;

	@Test
	void resultsCountWhatTheMessagesBecameAndWhatTheRecipientsDidAfterThem() {
		travelTo("2026-12-08T10:00:00");
		String tier = "T" + unique();
		String annePhone = mobile();
		String brunoPhone = mobile();
		String chloePhone = mobile();
		long anne = member("Anne", tier, annePhone, true);
		long bruno = member("Bruno", tier, brunoPhone, true);
		long chloe = member("Chloé", tier, chloePhone, true);
		member("Denis", tier, mobile(), false);
		long campaign = campaign(tierCampaign("Résultats", tier, "Bonjour {{firstName}}"));
		launch(campaign);
		for (long customer : new long[] { anne, bruno, chloe }) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> message(campaign, customer), m -> "SENT".equals(m.get("status")));
		}
		status(campaign, anne, annePhone, "delivered");
		status(campaign, bruno, brunoPhone, "undelivered");

		// a week and more later: Chloé replies STOP; Anne bought twice within the week
		// and once after it, Bruno the day before the message, Chloé within the week but
		// cancelled
		travelTo("2026-12-18T12:00:00");
		var stop = callback("/webhooks/twilio/inbound", Map.of("From", chloePhone, "Body", "STOP", "MessageSid",
				"SMin" + unique(), "AccountSid", TestTwilioServer.ACCOUNT), "in-" + unique(), true);
		assertThat(stop.statusCode()).isEqualTo(200);
		String u = unique();
		order("RA" + u, anne, "p", "2026-12-10T15:00:00+01:00", "30.00", "20.00");
		order("RB" + u, anne, "p", "2026-12-16T15:00:00+01:00", "99.00");
		order("RC" + u, bruno, "p", "2026-12-07T15:00:00+01:00", "40.00");
		order("RD" + u, chloe, "p", "2026-12-11T15:00:00+01:00", "25.00");
		order("RD" + u, chloe, "c", "2026-12-11T15:00:00+01:00", "25.00");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("""
					select status from ticket where ticket_number like ? order by ticket_number""", String.class,
					"R_" + u + "-%"), s -> s.size() == 5 && s.get(4).equals("CANCELLED"));

		JsonNode results = getJson("/api/v1/campaigns/" + campaign + "/results");
		assertThat(results.path("targeted").asLong()).isEqualTo(3);
		assertThat(results.path("excludedNoConsent").asLong()).isEqualTo(1);
		assertThat(results.path("sent").asLong()).isEqualTo(3);
		assertThat(results.path("pending").asLong()).isZero();
		assertThat(results.path("delivered").asLong()).isEqualTo(1);
		assertThat(results.path("failed").asLong()).isEqualTo(1);
		assertThat(results.path("segments").asLong()).isEqualTo(3);
		assertThat(results.path("optedOut").asLong()).isEqualTo(1);
		assertThat(results.path("ticketsWithin7Days").asLong()).isEqualTo(2);
		assertThat(results.path("revenueWithin7Days").decimalValue()).isEqualByComparingTo("50.00");
		// the running counts say what counting the outbox says
		assertThat(results.path("targeted").asLong()).isEqualTo(this.jdbc
			.queryForObject("select count(*) from outbox_message where campaign_id = ?", Long.class, campaign));

		// folded into one row per outcome, the figures stay
		this.results.fold();
		assertThat(this.jdbc.queryForObject("""
				select count(*) from campaign_message_count where campaign_id = ? and not folded""", Integer.class,
				campaign))
			.isZero();
		assertThat(getJson("/api/v1/campaigns/" + campaign + "/results")).isEqualTo(results);

		// read from either side, the recipients or what happened after the campaign, the
		// opt-outs and sales are the same
		Map<String, Object> window = this.jdbc.queryForMap(
				"select min(sent_at) as first, max(sent_at) as last from outbox_message where campaign_id = ?",
				campaign);
		Instant first = ((Timestamp) window.get("first")).toInstant();
		Instant until = ((Timestamp) window.get("last")).toInstant().plus(CampaignResults.WINDOW);
		for (boolean fromWhatHappened : new boolean[] { true, false }) {
			assertThat(this.results.optedOut(campaign, first, fromWhatHappened)).isEqualTo(1);
			CampaignResults.Sales sales = this.results.sales(campaign, first, until, fromWhatHappened);
			assertThat(sales.tickets()).isEqualTo(2);
			assertThat(sales.revenue()).isEqualByComparingTo("50.00");
		}
	}

	/** A status callback from Twilio for the campaign's message to that customer. */
	private void status(long campaign, long customer, String phone, String status) {
		String sid = (String) message(campaign, customer).get("provider_message_id");
		var answer = callback("/webhooks/twilio/status",
				Map.of("MessageSid", sid, "MessageStatus", status, "To", phone, "AccountSid", TestTwilioServer.ACCOUNT),
				"tok-" + status + "-" + sid, true);
		assertThat(answer.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> message(campaign, customer).get("delivery_status"), status::equals);
	}

	/** An online order by the customer (their email), one ticket per price. */
	private void order(String code, long customer, String status, String at, String... prices) {
		String email = this.jdbc.queryForObject(
				"select value from customer_identifier where customer_id = ? and kind = 'EMAIL'", String.class,
				customer);
		StringBuilder positions = new StringBuilder();
		for (int i = 0; i < prices.length; i++) {
			positions.append(i == 0 ? "" : ", ").append("""
					{"positionid": %d, "item": 21, "price": "%s", "secret": "%s-%d", "valid_from": "2026-12-01",
					 "valid_until": "2027-12-01"}""".formatted(i + 1, prices[i], code, i + 1));
		}
		var response = post("/api/v1/ingest/online", "dev-online-key", "application/json", """
				{"code": "%s", "status": "%s", "email": "%s", "datetime": "%s", "event": "zoo-lyon",
				 "positions": [%s]}""".formatted(code, status, email, at, positions));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(readJson(response.body()).path("accepted").asInt()).as(response.body()).isPositive();
	}

}

package com.venuehub.sms;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.TestTwilioServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consent precedence, end to end: an SMS STOP outranks every statement the hub received
 * before it, even one dated after it, for the profile, the campaign audience and the
 * dispatcher alike; the person opts in again with a later START, and statements received
 * after the STOP still compete by event time.
 */
class OptOutPrecedenceTest extends SmsTestSupport {

	@Test
	void aStopOutranksAGrantReceivedBeforeItThoughDatedAfterIt() {
		String u = unique();
		String tier = "T" + u;
		String phone = mobile();
		// Sunday 14 June 2026, 10:00 in Paris: promos wait for Monday
		this.clock.set(paris("2026-06-14T10:00:00"));
		// the loyalty platform's clock runs ahead: the opt-in is dated Monday 06:00
		long customer = enrol(u, tier, phone, "2026-06-15T06:00:00+02:00");
		assertThat(smsConsent(customer)).isEqualTo("GRANTED");
		long before = campaign(tierCampaign("Avant STOP " + u, tier, "Bonjour {{firstName}}"));
		launch(before);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> message(before, customer),
					m -> m.get("reason") != null && m.get("reason").toString().startsWith("waiting"));

		// Sunday 10:05 the person answers STOP: received after the opt-in, it wins
		this.clock.set(paris("2026-06-14T10:05:00"));
		HttpResponse<String> stop = callback("/webhooks/twilio/inbound",
				Map.of("From", phone, "Body", "STOP", "MessageSid", "SMin" + u, "AccountSid", TestTwilioServer.ACCOUNT),
				"in-" + u, true);
		assertThat(stop.statusCode()).isEqualTo(200);
		assertThat(smsConsent(customer)).isEqualTo("REVOKED");
		JsonNode current = consent(customer);
		assertThat(current.path("source").asText()).isEqualTo("sms-reply");

		// Monday 10:00, past the opt-in's own date: the waiting promo is suppressed, and
		// a
		// new campaign leaves them out
		this.clock.set(paris("2026-06-15T10:00:00"));
		Map<String, Object> suppressed = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(before, customer), m -> "SUPPRESSED".equals(m.get("status")));
		assertThat(suppressed.get("reason")).isEqualTo("no SMS marketing consent");
		assertThat(TestTwilioServer.sentTo(phone)).isEmpty();
		long after = campaign(tierCampaign("Après STOP " + u, tier, "Bonjour {{firstName}}"));
		JsonNode preview = getJson("/api/v1/campaigns/" + after + "/preview");
		assertThat(preview.path("audience").asLong()).isZero();
		assertThat(smsConsent(customer)).isEqualTo("REVOKED");

		// START, received after the STOP and dated after it, grants again
		this.clock.set(paris("2026-06-15T10:01:00"));
		callback("/webhooks/twilio/inbound", Map.of("From", phone, "Body", "START", "MessageSid", "SMin2" + u,
				"AccountSid", TestTwilioServer.ACCOUNT), "in2-" + u, true);
		assertThat(smsConsent(customer)).isEqualTo("GRANTED");

		// a kiosk opt-out received now but dated before the START is history
		assertThat(post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json",
				"""
						{"response_id": "OP-%s", "kiosk_id": "k1", "venue": "zoo-lyon", "answered_at": "2026-06-15T09:30:00+02:00",
						 "score": 8, "phone": "%s", "optin": false}"""
					.formatted(u, phone))
			.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> getJson("/api/v1/customers/" + customer + "/consents").path("statements").size() == 4);
		assertThat(smsConsent(customer)).isEqualTo("GRANTED");
		assertThat(getJson("/api/v1/campaigns/" + after + "/preview").path("audience").asLong()).isEqualTo(1);
	}

	private long enrol(String u, String tier, String phone, String at) {
		String card = "LC" + digits(10);
		HttpResponse<String> response = post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json", """
				{"txn_id": "EN-%s", "card_number": "%s", "type": "ENROLL", "points": 0, "balance": 0, "tier": "%s",
				 "occurred_at": "%s", "member": {"first_name": "Odile", "last_name": "Stop%s", "phone": "%s",
				 "birth_date": "1970-04-0%d", "optin_sms": true}}""".formatted(u, card, tier, at, u, phone,
				1 + Math.floorMod(u.hashCode(), 9)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(readJson(response.body()).path("accepted").asInt()).as(response.body()).isEqualTo(1);
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select customer_id from loyalty_card where card_number = ?",
					Long.class, card), ids -> ids.size() == 1)
			.get(0);
	}

	private String smsConsent(long customer) {
		JsonNode consent = consent(customer);
		return consent == null ? "NONE" : consent.path("state").asText();
	}

	private JsonNode consent(long customer) {
		for (JsonNode consent : getJson("/api/v1/customers/" + customer).path("consents")) {
			if ("SMS".equals(consent.path("channel").asText())) {
				return consent;
			}
		}
		return null;
	}

}

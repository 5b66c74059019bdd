package com.venuehub.sms;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.venuehub.TestTwilioServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SMS campaigns end to end: customers from the real loyalty ingest, campaigns through the
 * API, the real Twilio SDK sending to a local Twilio stand-in whose every request is
 * checked against Twilio's OpenAPI description.
 */
class SmsCampaignTest extends SmsTestSupport {

	@Test
	void aCampaignTextsEachConsentingCustomerOnceWithTheirNameCodeAndOptOut() {
		travelTo("2026-12-01T10:00:00");
		String tier = "T" + unique();
		String annePhone = mobile();
		String brunoPhone = mobile();
		String claudePhone = mobile();
		long anne = member("Anne", tier, annePhone, true);
		long bruno = member("Bruno", tier, brunoPhone, true);
		long claude = member("Claude", tier, claudePhone, false);
		long campaign = campaign(
				tierCampaign("Noël", tier, "Bonjour {{firstName}}, -20% au zoo avec le code {{voucherCode}}"));

		JsonNode preview = getJson("/api/v1/campaigns/" + campaign + "/preview");
		assertThat(preview.path("audience").asLong()).isEqualTo(2);
		assertThat(preview.path("excludedNoConsent").asLong()).isEqualTo(1);
		assertThat(preview.path("encoding").asText()).isEqualTo("GSM-7");
		assertThat(preview.path("segmentsPerMessage").asInt()).isEqualTo(1);
		assertThat(preview.path("estimatedCost").decimalValue()).isEqualByComparingTo("0.15");
		assertThat(preview.path("samples").findValuesAsText("text"))
			.anySatisfy(text -> assertThat(text).startsWith("Bonjour Anne, -20% au zoo avec le code V")
				.endsWith(" STOP au 36180"));

		assertThat(launch(campaign).path("state").asText()).isEqualTo("RUNNING");

		List<Map<String, String>> toAnne = await().atMost(Duration.ofSeconds(20))
			.until(() -> TestTwilioServer.sentTo(annePhone), sent -> sent.size() == 1);
		List<Map<String, String>> toBruno = await().atMost(Duration.ofSeconds(20))
			.until(() -> TestTwilioServer.sentTo(brunoPhone), sent -> sent.size() == 1);
		Map<String, Object> anneMessage = await().atMost(Duration.ofSeconds(10))
			.until(() -> message(campaign, anne), m -> "SENT".equals(m.get("status")));
		Map<String, Object> brunoMessage = await().atMost(Duration.ofSeconds(10))
			.until(() -> message(campaign, bruno), m -> "SENT".equals(m.get("status")));
		String anneCode = (String) anneMessage.get("voucher_code");
		assertThat(anneCode).matches("V[0-9A-F]{7,}").isNotEqualTo(brunoMessage.get("voucher_code"));
		assertThat(toAnne.get(0)).containsEntry("To", annePhone)
			.containsEntry("Body", "Bonjour Anne, -20% au zoo avec le code " + anneCode + " STOP au 36180")
			.containsEntry("MessagingServiceSid", "MG00000000000000000000000000000001")
			.containsEntry("StatusCallback", PUBLIC_URL + "/webhooks/twilio/status");
		assertThat(toBruno.get(0).get("Body")).startsWith("Bonjour Bruno,");
		assertThat(anneMessage.get("provider_message_id")).asString().startsWith("SM");
		// no consent, no request
		assertThat(TestTwilioServer.sentTo(claudePhone)).isEmpty();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from outbox_message where campaign_id = ? and customer_id = ?", Integer.class,
				campaign, claude))
			.isZero();
		assertTwilioWouldAcceptEveryRequest();

		JsonNode results = await().atMost(Duration.ofSeconds(10))
			.until(() -> getJson("/api/v1/campaigns/" + campaign + "/results"), r -> r.path("sent").asLong() == 2);
		assertThat(results.path("targeted").asLong()).isEqualTo(2);
		assertThat(results.path("excludedNoConsent").asLong()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> getJson("/api/v1/campaigns/" + campaign).path("state").asText(), "DONE"::equals);
	}

	@Test
	void statusCallbacksMoveTheMessageForwardOnlyOnceAndOnlyWhenSigned() {
		travelTo("2026-12-01T11:00:00");
		String tier = "T" + unique();
		String phone = mobile();
		long customer = member("Denise", tier, phone, true);
		long campaign = campaign(tierCampaign("Statuts", tier, "Bonjour {{firstName}}"));
		launch(campaign);
		Map<String, Object> sent = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(campaign, customer), m -> "SENT".equals(m.get("status")));
		String sid = (String) sent.get("provider_message_id");

		Map<String, String> delivered = Map.of("MessageSid", sid, "MessageStatus", "delivered", "To", phone,
				"AccountSid", TestTwilioServer.ACCOUNT);
		assertThat(callback("/webhooks/twilio/status", delivered, "tok-d-" + sid, true).statusCode()).isEqualTo(200);
		assertThat(message(campaign, customer).get("delivery_status")).isEqualTo("delivered");

		// a late "sent" arrives after "delivered": the status does not go back
		Map<String, String> late = Map.of("MessageSid", sid, "MessageStatus", "sent", "To", phone, "AccountSid",
				TestTwilioServer.ACCOUNT);
		assertThat(callback("/webhooks/twilio/status", late, "tok-s-" + sid, true).statusCode()).isEqualTo(200);
		assertThat(message(campaign, customer).get("delivery_status")).isEqualTo("delivered");

		// the same callback twice (same idempotency token) is applied once
		assertThat(callback("/webhooks/twilio/status", delivered, "tok-d-" + sid, true).statusCode()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("select count(*) from sms_status_event where provider_message_id = ?",
				Integer.class, sid))
			.isEqualTo(2);

		// a wrong signature: 403, nothing changes
		Map<String, String> forged = Map.of("MessageSid", sid, "MessageStatus", "failed", "To", phone, "AccountSid",
				TestTwilioServer.ACCOUNT);
		var refused = callback("/webhooks/twilio/status", forged, "tok-f-" + sid, false);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("X-Twilio-Signature").doesNotContain("Exception");
		assertThat(message(campaign, customer).get("delivery_status")).isEqualTo("delivered");
		assertThat(getJson("/api/v1/campaigns/" + campaign + "/results").path("delivered").asLong()).isEqualTo(1);
	}

	@Test
	void promosWaitForCommercialHoursOnSundaysAndPublicHolidays() {
		String tier = "T" + unique();
		String phone = mobile();
		long customer = member("Emile", tier, phone, true);

		// Sunday 20 December 2026, 11:00 in Paris: the promo waits for Monday 08:00
		travelTo("2026-12-20T11:00:00");
		long sunday = campaign(tierCampaign("Dimanche", tier, "Bonjour {{firstName}}"));
		launch(sunday);
		Map<String, Object> waiting = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(sunday, customer),
					m -> m.get("reason") != null && m.get("reason").toString().startsWith("waiting"));
		assertThat(waiting.get("status")).isEqualTo("PENDING");
		assertThat(waiting.get("reason")).asString().contains("Sundays are closed");
		assertThat(((java.sql.Timestamp) waiting.get("next_attempt_at")).toInstant())
			.isEqualTo(paris("2026-12-21T08:00:00"));
		assertThat(TestTwilioServer.sentTo(phone)).isEmpty();

		// Monday 08:00: it goes
		travelTo("2026-12-21T08:00:01");
		await().atMost(Duration.ofSeconds(20)).until(() -> TestTwilioServer.sentTo(phone), sent -> sent.size() == 1);

		// Christmas Day (a Friday) is a public holiday: the next promo waits for Saturday
		// 08:00
		travelTo("2026-12-25T15:00:00");
		long christmas = campaign(tierCampaign("Noël", tier, "Joyeux Noël {{firstName}}"));
		launch(christmas);
		Map<String, Object> held = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(christmas, customer),
					m -> m.get("reason") != null && m.get("reason").toString().startsWith("waiting"));
		assertThat(held.get("reason")).asString().contains("public holiday");
		assertThat(((java.sql.Timestamp) held.get("next_attempt_at")).toInstant())
			.isEqualTo(paris("2026-12-26T08:00:00"));
		assertThat(TestTwilioServer.sentTo(phone)).hasSize(1);
		// cancelled: the waiting promo is suppressed with the reason
		assertThat(
				post("/api/v1/campaigns/" + christmas + "/cancel", OPERATOR_KEY, "application/json", "").statusCode())
			.isEqualTo(200);
		assertThat(message(christmas, customer)).containsEntry("status", "SUPPRESSED")
			.containsEntry("reason", "campaign cancelled");
	}

	@Test
	void theFrequencyCapSuppressesTheThirdPromoOfTheWeek() {
		travelTo("2026-12-02T10:00:00");
		String tier = "T" + unique();
		String phone = mobile();
		long customer = member("Fanny", tier, phone, true);
		for (int i = 1; i <= 2; i++) {
			long campaign = campaign(tierCampaign("Promo " + i, tier, "Promo " + i + " pour {{firstName}}"));
			launch(campaign);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> message(campaign, customer), m -> "SENT".equals(m.get("status")));
		}
		long third = campaign(tierCampaign("Promo 3", tier, "Promo 3 pour {{firstName}}"));
		launch(third);
		Map<String, Object> capped = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(third, customer), m -> "SUPPRESSED".equals(m.get("status")));
		assertThat(capped.get("reason")).isEqualTo("frequency cap reached (2 promos in 7 days)");
		assertThat(TestTwilioServer.sentTo(phone)).hasSize(2);
		assertThat(getJson("/api/v1/campaigns/" + third + "/results").at("/suppressedByReason")
			.path("frequency cap reached (2 promos in 7 days)")
			.asLong()).isEqualTo(1);
	}

	@Test
	void aThrottledSendIsRetriedAndSentOnce() {
		travelTo("2026-12-03T10:00:00");
		String tier = "T" + unique();
		String phone = mobile();
		long customer = member("Gilles", tier, phone, true);
		TestTwilioServer.server()
			.stubFor(createFor(phone).inScenario("throttled " + phone)
				.whenScenarioStateIs(Scenario.STARTED)
				.willSetStateTo("accepting")
				.willReturn(aResponse().withStatus(429)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"code\": 20429, \"message\": \"Too Many Requests\", \"more_info\": "
							+ "\"https://www.twilio.com/docs/errors/20429\", \"status\": 429}")));
		long campaign = campaign(tierCampaign("Relance", tier, "Bonjour {{firstName}}"));
		launch(campaign);
		Map<String, Object> sent = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(campaign, customer), m -> "SENT".equals(m.get("status")));
		assertThat(sent.get("attempts")).isEqualTo(2);
		assertThat(TestTwilioServer.sentTo(phone)).hasSize(2);
		assertTwilioWouldAcceptEveryRequest();
	}

	@Test
	void aServerErrorAfterSendingIsNotRetriedBlindlyButReconciled() {
		travelTo("2026-12-03T11:00:00");
		String tier = "T" + unique();
		String phone = mobile();
		long customer = member("Hugo", tier, phone, true);
		TestTwilioServer.server().stubFor(createFor(phone).willReturn(aResponse().withStatus(503).withBody("")));
		String sid = "SM" + "0123456789abcdef0123456789abcdef";
		TestTwilioServer.server()
			.stubFor(WireMock.get(urlPathEqualTo(TestTwilioServer.MESSAGES))
				.withQueryParam("To", WireMock.equalTo(phone))
				.atPriority(1)
				.willReturn(aResponse().withStatus(200)
					.withHeader("Content-Type", "application/json")
					.withBody(
							"""
									{"messages": [{"sid": "%s", "status": "delivered", "to": "%s", "body": "Bonjour Hugo STOP au 36180",
									  "num_segments": "1", "account_sid": "%s"}], "end": 0, "first_page_uri": "%s", "next_page_uri": null,
									 "page": 0, "page_size": 50, "previous_page_uri": null, "start": 0, "uri": "%s"}"""
								.formatted(sid, phone, TestTwilioServer.ACCOUNT, TestTwilioServer.MESSAGES,
										TestTwilioServer.MESSAGES))));
		long campaign = campaign(tierCampaign("Incertain", tier, "Bonjour {{firstName}}"));
		launch(campaign);
		Map<String, Object> reconciled = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(campaign, customer), m -> "SENT".equals(m.get("status")));
		assertThat(reconciled.get("provider_message_id")).isEqualTo(sid);
		assertThat(reconciled.get("reason")).asString().contains("found at Twilio");
		// handed over once: the 503 was not followed by a second create
		assertThat(TestTwilioServer.sentTo(phone)).hasSize(1);
		assertTwilioWouldAcceptEveryRequest();
	}

	@Test
	void aStopReplyRevokesConsentAndLaterCampaignsSkipTheCustomer() {
		travelTo("2026-12-04T10:00:00");
		String tier = "T" + unique();
		String phone = mobile();
		long customer = member("Inès", tier, phone, true);
		String national = "0" + phone.substring(3);

		// a forged STOP changes nothing
		var forged = callback("/webhooks/twilio/inbound", Map.of("From", phone, "Body", "STOP", "MessageSid",
				"SMin" + unique(), "AccountSid", TestTwilioServer.ACCOUNT), null, false);
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(smsConsent(customer)).isEqualTo("GRANTED");

		var stop = callback("/webhooks/twilio/inbound", Map.of("From", phone, "Body", " Arrêt ", "MessageSid",
				"SMin" + unique(), "AccountSid", TestTwilioServer.ACCOUNT), "in-" + unique(), true);
		assertThat(stop.statusCode()).isEqualTo(200);
		assertThat(stop.body()).contains("<Response>");
		assertThat(smsConsent(customer)).isEqualTo("REVOKED");

		long campaign = campaign(tierCampaign("Après STOP", tier, "Bonjour {{firstName}}"));
		assertThat(getJson("/api/v1/campaigns/" + campaign + "/preview").path("audience").asLong()).isZero();
		launch(campaign);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> getJson("/api/v1/campaigns/" + campaign).path("state").asText(), "DONE"::equals);
		assertThat(TestTwilioServer.sentTo(phone)).isEmpty();

		// START from the number as people write it grants it again
		var start = callback("/webhooks/twilio/inbound", Map.of("From", national, "Body", "start", "MessageSid",
				"SMin" + unique(), "AccountSid", TestTwilioServer.ACCOUNT), "in-" + unique(), true);
		assertThat(start.statusCode()).isEqualTo(200);
		assertThat(smsConsent(customer)).isEqualTo("GRANTED");
		// Advanced Opt-Out classifies the reply itself
		callback(
				"/webhooks/twilio/inbound", Map.of("From", phone, "Body", "je ne veux plus", "OptOutType", "STOP",
						"MessageSid", "SMin" + unique(), "AccountSid", TestTwilioServer.ACCOUNT),
				"in-" + unique(), true);
		assertThat(smsConsent(customer)).isEqualTo("REVOKED");
	}

	@Test
	void twilioRefusalsRevokeConsentOrFlagTheNumber() {
		travelTo("2026-12-04T11:00:00");
		String tier = "T" + unique();
		String unsubscribedPhone = mobile();
		String invalidPhone = mobile();
		long unsubscribed = member("Jules", tier, unsubscribedPhone, true);
		long invalid = member("Karim", tier, invalidPhone, true);
		refuse(unsubscribedPhone, 21610, "Attempt to send to unsubscribed recipient");
		refuse(invalidPhone, 21211, "The 'To' number is not a valid phone number.");
		long campaign = campaign(tierCampaign("Refus", tier, "Bonjour {{firstName}}"));
		launch(campaign);

		Map<String, Object> first = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(campaign, unsubscribed), m -> "FAILED".equals(m.get("status")));
		assertThat(first.get("reason")).asString().contains("unsubscribed");
		assertThat(smsConsent(unsubscribed)).isEqualTo("REVOKED");

		Map<String, Object> second = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(campaign, invalid), m -> "FAILED".equals(m.get("status")));
		assertThat(second.get("reason")).asString().contains("cannot receive SMS");
		assertThat(this.jdbc.queryForObject(
				"select sms_refused_reason from customer_identifier where kind = 'PHONE' and value = ?", String.class,
				invalidPhone))
			.contains("21211");
		// the person's export holds what Twilio said of their number and of the message
		JsonNode export = getJson("/api/v1/customers/" + invalid + "/export");
		assertThat(export.path("identifiers")).anySatisfy(i -> {
			assertThat(i.path("value").asText()).isEqualTo(invalidPhone);
			assertThat(i.path("smsRefusedBecause").asText()).contains("21211");
		});
		assertThat(export.path("messages")).anySatisfy(m -> assertThat(m.path("lastError").asText()).contains("21211"));
		// the flagged number is out of the next audience
		long next = campaign(tierCampaign("Suivante", tier, "Bonjour {{firstName}}"));
		assertThat(getJson("/api/v1/campaigns/" + next + "/preview").path("audience").asLong()).isZero();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aRefusalQuotingTheNumberKeepsItForTheOperatorAndOutOfTheLog(CapturedOutput output) {
		travelTo("2026-12-04T11:30:00");
		String tier = "T" + unique();
		String phone = mobile();
		long customer = member("Maëlle", tier, phone, true);
		// Twilio's own words name the number
		refuse(phone, 21612, "The 'To' phone number: " + phone
				+ ", is not currently reachable using the 'From' phone number: +15005550006 via SMS.");
		long campaign = campaign(tierCampaign("Injoignable", tier, "Bonjour {{firstName}}"));
		launch(campaign);

		Map<String, Object> refused = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(campaign, customer), m -> "FAILED".equals(m.get("status")));
		assertThat(refused.get("reason")).isEqualTo("refused by Twilio");
		assertThat(refused.get("last_error")).asString().contains("21612", phone);
		String logged = "SMS " + refused.get("id") + " refused: Twilio answered 400 (error 21612)";
		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(logged));
		assertThat(output.getAll()).doesNotContain(phone).doesNotContain(phone.substring(3));
	}

	@Test
	void aHappyKioskAnswerSendsTheReferralOfferTheNextDay() {
		travelTo("2026-12-07T10:00:00");
		String tier = "T" + unique();
		String phone = mobile();
		long customer = member("Léa", tier, phone, true);
		long campaign = campaign("""
				{"name": "Parrainage", "venue": "zoo-lyon", "segment": {"tiers": ["%s"]},
				 "template": "Merci {{firstName}} ! Offrez -30%% a un ami avec le code {{voucherCode}}",
				 "trigger": {"event": "kiosk-response", "minScore": 9, "maxScore": 10, "delay": "P1D"}}"""
			.formatted(tier));
		assertThat(launch(campaign).path("state").asText()).isEqualTo("RUNNING");

		String low = "R-low-" + unique();
		String high = "R-high-" + unique();
		for (String[] answer : new String[][] { { low, "5" }, { high, "10" } }) {
			String body = """
					{"response_id": "%s", "kiosk_id": "K1", "venue": "zoo-lyon", "answered_at": "2026-12-07T10:30:00+01:00",
					 "score": %s, "phone": "%s"}"""
				.formatted(answer[0], answer[1], phone);
			assertThat(post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json", body).statusCode())
				.isEqualTo(202);
		}
		Map<String, Object> due = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select * from outbox_message where campaign_id = ?", campaign),
					rows -> rows.size() == 1)
			.get(0);
		assertThat(due.get("trigger_ref")).isEqualTo(high);
		assertThat(due.get("customer_id")).isEqualTo(customer);
		assertThat(((java.sql.Timestamp) due.get("due_at")).toInstant()).isEqualTo(paris("2026-12-08T10:30:00"));
		assertThat(TestTwilioServer.sentTo(phone)).isEmpty();

		travelTo("2026-12-08T10:31:00");
		List<Map<String, String>> sent = await().atMost(Duration.ofSeconds(20))
			.until(() -> TestTwilioServer.sentTo(phone), s -> s.size() == 1);
		assertThat(sent.get(0).get("Body")).startsWith("Merci Léa ! Offrez -30% a un ami avec le code V")
			.endsWith("STOP au 36180");
	}

	@Test
	void aBadCampaignIsRefusedWithTheReason() {
		var noTemplate = post("/api/v1/campaigns", OPERATOR_KEY, "application/json",
				"{\"name\": \"x\", \"venue\": \"zoo-lyon\"}");
		assertThat(noTemplate.statusCode()).isEqualTo(400);
		assertThat(noTemplate.body()).contains("template is required");
		var badScore = post("/api/v1/campaigns", OPERATOR_KEY, "application/json",
				"{\"name\": \"x\", \"venue\": \"zoo-lyon\", \"template\": \"t\", \"segment\": {\"minScore\": 11}}");
		assertThat(badScore.statusCode()).isEqualTo(400);
		assertThat(badScore.body()).contains("minScore 11 is not a score between 0 and 10");
		assertThat(get("/api/v1/campaigns/999999999", OPERATOR_KEY).statusCode()).isEqualTo(404);
		assertThat(get("/api/v1/campaigns", null).statusCode()).isEqualTo(401);
	}

	/**
	 * A stub of the stand-in for message creates to this number only, ahead of its
	 * default answer.
	 */
	private static MappingBuilder createFor(String phone) {
		return WireMock.post(urlPathEqualTo(TestTwilioServer.MESSAGES))
			.withRequestBody(containing(phone.substring(1)))
			.atPriority(1);
	}

	private void refuse(String phone, int code, String message) {
		TestTwilioServer.server()
			.stubFor(createFor(phone).willReturn(aResponse().withStatus(400)
				.withHeader("Content-Type", "application/json")
				.withBody(
						"{\"code\": %d, \"message\": \"%s\", \"more_info\": \"https://www.twilio.com/docs/errors/%d\", \"status\": 400}"
							.formatted(code, message, code))));
	}

	private String smsConsent(long customer) {
		JsonNode profile = getJson("/api/v1/customers/" + customer);
		for (JsonNode consent : profile.path("consents")) {
			if ("SMS".equals(consent.path("channel").asText())) {
				return consent.path("state").asText();
			}
		}
		return "NONE";
	}

}

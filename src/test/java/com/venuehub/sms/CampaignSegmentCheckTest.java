package com.venuehub.sms;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.TestTwilioServer;
import com.venuehub.console.ConsoleSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A segment the hub could not evaluate (an empty entry in a list, a number of days or a
 * date beyond any calendar) is refused when the campaign is written, through the API and
 * the console, with the field named. A campaign stored with one before that check (a
 * scheduled one, whose segment is evaluated at its time; a triggered one, at each kiosk
 * answer) goes back to draft with the reason, and the other campaigns start, send and
 * listen as before.
 */
class CampaignSegmentCheckTest extends SmsTestSupport {

	@Test
	void anEmptyListEntryOrADayCountBeyondAnyCalendarIsRefusedNamingTheField() {
		String name = "segment-" + unique();
		for (String list : new String[] { "tiers", "postcodePrefixes", "locales", "boughtProducts",
				"notBoughtProducts" }) {
			for (String entry : new String[] { "null", "\"  \"" }) {
				HttpResponse<String> refused = create(name, "{\"" + list + "\": [\"A1\", " + entry + "]}", null);
				assertThat(refused.statusCode()).as(list + " " + entry).isEqualTo(400);
				assertThat(detail(refused)).as(list + " " + entry).contains("segment: " + list + "[1]", "empty");
			}
		}
		for (String days : new String[] { "2147483647", "36501", "0" }) {
			HttpResponse<String> refused = create(name, "{\"lastVisitWithinDays\": " + days + "}", null);
			assertThat(refused.statusCode()).as(days).isEqualTo(400);
			assertThat(detail(refused)).as(days).contains("lastVisitWithinDays", "between 1 and 36500");
		}
		HttpResponse<String> farDay = create(name, "{\"lastVisitBefore\": \"+999999999-12-31\"}", null);
		assertThat(farDay.statusCode()).isEqualTo(400);
		assertThat(detail(farDay)).contains("lastVisitBefore", "1900", "9999");
		HttpResponse<String> farTime = create(name, "{}", "\"+999999999-12-31T00:00:00Z\"");
		assertThat(farTime.statusCode()).isEqualTo(400);
		assertThat(detail(farTime)).contains("sendAt", "1900", "9999");
		assertThat(this.jdbc.queryForObject("select count(*) from campaign where name = ?", Long.class, name)).isZero();

		// a draft changed the same way is refused the same way, and left as it was
		long draft = campaign(tierCampaign(name + "-draft", "GOLD", "Bonjour"));
		HttpResponse<String> changed = put("/api/v1/campaigns/" + draft, OPERATOR_KEY, "application/json", """
				{"name": "%s", "venue": "zoo-lyon", "segment": {"tiers": [null]}, "template": "Bonjour"}"""
			.formatted(name));
		assertThat(changed.statusCode()).isEqualTo(400);
		assertThat(detail(changed)).contains("segment: tiers[0]");
		assertThat(getJson("/api/v1/campaigns/" + draft).path("segment").path("tiers").get(0).asText())
			.isEqualTo("GOLD");
	}

	@Test
	void theConsoleFormAndTheSegmentBuilderSayWhatIsWrongAndCreateNothing() {
		String name = "console-segment-" + unique();
		ConsoleSession marketing = ConsoleSession.login(this.port, "marketing");

		HttpResponse<String> form = marketing.post("/console/campaigns", Map.of("name", name, "venue", "zoo-lyon",
				"template", "Bonjour {{firstName}}", "lastVisitWithinDays", "2147483647"));
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("lastVisitWithinDays", "between 1 and 36500").contains("Log out");
		assertThat(this.jdbc.queryForObject("select count(*) from campaign where name = ?", Long.class, name)).isZero();

		String audience = marketing.page("/console/segments/audience?lastVisitWithinDays=2147483647");
		assertThat(audience).contains("between 1 and 36500");
	}

	@Test
	void aScheduledCampaignWhoseSegmentCannotBeEvaluatedGoesBackToDraftAndTheOthersDueStart() {
		travelTo("2026-12-01T09:00:00");
		String tier = "T" + unique();
		String phone = mobile();
		member("Odile", tier, phone, true);
		long good = campaign(
				"""
						{"name": "Matin", "venue": "zoo-lyon", "segment": {"tiers": ["%s"]}, "template": "Bonjour {{firstName}}",
						 "sendAt": "2026-12-01T10:00:00+01:00"}"""
					.formatted(tier));
		assertThat(launch(good).path("state").asText()).isEqualTo("SCHEDULED");
		// a campaign written before segments were checked, due first
		long bad = this.jdbc.queryForObject("""
				insert into campaign (name, venue, segment, template, send_at, state)
				values ('Ancienne', 'zoo-lyon', '{"tiers": [null], "lastVisitWithinDays": 2147483647}'::jsonb,
				        'Bonjour', '2026-12-01T09:59:00+01:00', 'SCHEDULED') returning id""", Long.class);

		travelTo("2026-12-01T10:00:30");

		await().atMost(Duration.ofSeconds(20))
			.until(() -> getJson("/api/v1/campaigns/" + bad).path("state").asText(), "DRAFT"::equals);
		JsonNode returned = getJson("/api/v1/campaigns/" + bad);
		assertThat(returned.path("failure").asText()).contains("could not start", "segment: tiers[0]", "empty");
		await().atMost(Duration.ofSeconds(20)).until(() -> TestTwilioServer.sentTo(phone), sent -> sent.size() == 1);
		assertThat(getJson("/api/v1/campaigns/" + good).path("state").asText()).isIn("RUNNING", "DONE");

		// the draft says why, and cannot be previewed nor launched as it is: a 400, not a
		// 500
		HttpResponse<String> preview = get("/api/v1/campaigns/" + bad + "/preview", OPERATOR_KEY);
		assertThat(preview.statusCode()).isEqualTo(400);
		assertThat(detail(preview)).contains("segment: tiers[0]");
		HttpResponse<String> launched = post("/api/v1/campaigns/" + bad + "/launch", OPERATOR_KEY, "application/json",
				"");
		assertThat(launched.statusCode()).isEqualTo(400);
		assertThat(detail(launched)).contains("segment: tiers[0]");
		String page = ConsoleSession.login(this.port, "marketing").page("/console/campaigns/" + bad);
		assertThat(page).contains("could not start", "segment: tiers[0]");

		// corrected, it launches
		HttpResponse<String> corrected = put("/api/v1/campaigns/" + bad, OPERATOR_KEY, "application/json", """
				{"name": "Ancienne", "venue": "zoo-lyon", "segment": {"tiers": ["%s"]}, "template": "Bonjour"}"""
			.formatted(tier));
		assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
		JsonNode relaunched = launch(bad);
		assertThat(relaunched.path("state").asText()).isEqualTo("RUNNING");
		assertThat(relaunched.has("failure")).isFalse();
	}

	@Test
	void aTriggeredCampaignWhoseSegmentCannotBeEvaluatedGoesBackToDraftAndTheOthersListening() {
		travelTo("2026-12-07T10:00:00");
		// a triggered campaign launched before segments were checked, listening first
		long bad = this.jdbc.queryForObject(
				"""
						insert into campaign (name, venue, segment, template, trigger, state, launched_at, trigger_scanned_until)
						values ('Ancien parrainage', 'zoo-lyon', '{"locales": ["fr", null]}'::jsonb, 'Merci',
						        '{"event": "kiosk-response", "minScore": 9, "maxScore": 10}'::jsonb, 'RUNNING', now(), now())
						returning id""",
				Long.class);
		String tier = "T" + unique();
		String phone = mobile();
		long customer = member("Irène", tier, phone, true);
		long good = campaign(
				"""
						{"name": "Parrainage", "venue": "zoo-lyon", "segment": {"tiers": ["%s"]}, "template": "Merci {{firstName}}",
						 "trigger": {"event": "kiosk-response", "minScore": 9, "maxScore": 10, "delay": "P1D"}}"""
					.formatted(tier));
		assertThat(launch(good).path("state").asText()).isEqualTo("RUNNING");

		String answer = "R-" + unique();
		assertThat(post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json", """
				{"response_id": "%s", "kiosk_id": "K1", "venue": "zoo-lyon", "answered_at": "2026-12-07T10:30:00+01:00",
				 "score": 10, "phone": "%s"}""".formatted(answer, phone)).statusCode()).isEqualTo(202);

		Map<String, Object> due = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select * from outbox_message where campaign_id = ?", good),
					rows -> rows.size() == 1)
			.get(0);
		assertThat(due.get("trigger_ref")).isEqualTo(answer);
		assertThat(due.get("customer_id")).isEqualTo(customer);
		JsonNode returned = await().atMost(Duration.ofSeconds(20))
			.until(() -> getJson("/api/v1/campaigns/" + bad), c -> "DRAFT".equals(c.path("state").asText()));
		assertThat(returned.path("failure").asText()).contains("could not read kiosk answers", "segment: locales[1]");
	}

	private HttpResponse<String> create(String name, String segment, String sendAt) {
		return post("/api/v1/campaigns", OPERATOR_KEY, "application/json",
				"{\"name\": \"" + name + "\", \"venue\": \"zoo-lyon\", \"template\": \"Bonjour\", \"segment\": "
						+ segment + (sendAt == null ? "" : ", \"sendAt\": " + sendAt) + "}");
	}

	private String detail(HttpResponse<String> answer) {
		return readJson(answer.body()).path("detail").asText();
	}

}

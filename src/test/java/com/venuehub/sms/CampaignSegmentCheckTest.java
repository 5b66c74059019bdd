package com.venuehub.sms;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.venuehub.console.ConsoleSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A segment the hub could not evaluate (an empty entry in a list, a number of days or a
 * date beyond any calendar) is refused when the campaign is written, through the API and
 * the console, with the field named.
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
		HttpResponse<String> changed = put("/api/v1/campaigns/" + draft, """
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

	private HttpResponse<String> create(String name, String segment, String sendAt) {
		return post("/api/v1/campaigns", OPERATOR_KEY, "application/json",
				"{\"name\": \"" + name + "\", \"venue\": \"zoo-lyon\", \"template\": \"Bonjour\", \"segment\": "
						+ segment + (sendAt == null ? "" : ", \"sendAt\": " + sendAt) + "}");
	}

	private HttpResponse<String> put(String path, String body) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.header("Content-Type", "application/json")
				.header("X-Api-Key", OPERATOR_KEY)
				.PUT(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private String detail(HttpResponse<String> answer) {
		return readJson(answer.body()).path("detail").asText();
	}

}

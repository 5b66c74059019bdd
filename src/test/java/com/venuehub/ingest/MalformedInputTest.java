package com.venuehub.ingest;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import com.venuehub.loyalty.LoyaltyIngestTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Input that breaks the intake rules, end to end through the real endpoints and the
 * broker: control characters and over-long fields or lists are refused record by record
 * with the field named (400 for a body that is one record, a quarantine entry within a
 * batch), never a 5xx, and every refused record is kept and can be replayed.
 */
class MalformedInputTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Pattern QUARANTINE_ID = Pattern.compile("kept in quarantine as (\\d+)");

	@Test
	void aNulByteInAnOrderIsA400WithTheReasonOnEveryResend() {
		String u = unique();
		// a raw NUL byte inside a JSON string: the body is not valid JSON
		String body = order(u, "Jea\u0000nne Martin");
		for (int send = 1; send <= 2; send++) {
			HttpResponse<String> response = post("/api/v1/ingest/online", "dev-online-key", "application/json", body);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			String detail = readJson(response.body()).path("detail").asText();
			assertThat(detail).contains("not valid JSON", "CTRL-CHAR, code 0");
			JsonNode kept = getJson("/api/v1/quarantine/" + quarantineId(detail));
			assertThat(kept.path("rawPayload").asText()).contains("Jea\u2400nne").doesNotContain("\u0000");
		}
	}

	@Test
	void anEscapedNulInAFieldIsA400NamingTheFieldAndTheFixedRecordReplays() {
		String u = unique();
		String body = order(u, "Jea\\u0000nne Martin");
		HttpResponse<String> response = post("/api/v1/ingest/online", "dev-online-key", "application/json", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		String detail = readJson(response.body()).path("detail").asText();
		assertThat(detail).contains("field 'positions[0].attendee_name' holds a NUL byte (U+0000) at character 4");
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", body).statusCode())
			.isEqualTo(400);

		long id = quarantineId(detail);
		HttpResponse<String> replay = post("/api/v1/quarantine/" + id + "/replay", OPERATOR_KEY, "application/json",
				order(u, "Jeanne Martin"));
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		JsonNode customer = await().atMost(WAIT).until(() -> profileOf("N" + u + "-1"), c -> c != null);
		assertThat(customer.path("firstName").asText()).isEqualTo("Jeanne");
	}

	@Test
	void controlCharactersInABatchQuarantineOnlyTheirRecords() {
		String u = unique();
		String batch = "[" + order(u + "a", "Jeanne Martin").replace("\"email\": \"n.", "\"email\": \"\\u0007n.") + ","
				+ order(u + "b", "Jeanne\u0085 Martin") + "," + order(u + "c", "Jeanne Martin") + "]";
		HttpResponse<String> response = post("/api/v1/ingest/online", "dev-online-key", "application/json", batch);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode report = readJson(response.body());
		assertThat(report.path("accepted").asInt()).isEqualTo(1);
		assertThat(report.path("quarantined").asInt()).isEqualTo(2);
		assertThat(report.at("/rejections/0/index").asInt()).isZero();
		assertThat(report.at("/rejections/0/reason").asText())
			.contains("field 'email' holds the control character U+0007 at character 1");
		assertThat(report.at("/rejections/1/index").asInt()).isEqualTo(1);
		assertThat(report.at("/rejections/1/reason").asText())
			.contains("field 'positions[0].attendee_name' holds the control character U+0085");
		await().atMost(WAIT).until(() -> profileOf("N" + u + "c-1"), c -> c != null);
	}

	@Test
	void aBoxOfficeRowWithANulByteIsQuarantinedWithItsLineAndReplaysOnceFixed() {
		String u = unique();
		String header = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;valid_until;price;"
				+ "first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";
		String good = "Z-%s;14/03/2026 10:30;zoo-lyon;ADULT;Entrée adulte;Z-%s-1;14/03/2026;13/03/2027;24,50;"
				+ "Paul;Durand;paul.%s@example.fr;;69002;;;;";
		String bad = good.replace("Z-%s-1", "Z-%s-2").replace("Durand", "Dur\u0000and");
		HttpResponse<String> response = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv",
				header + "\n" + good.formatted(u, u, u) + "\n" + bad.formatted(u, u, u) + "\n");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode report = readJson(response.body());
		assertThat(report.path("accepted").asInt()).isEqualTo(1);
		assertThat(report.at("/rejections/0/line").asInt()).isEqualTo(3);
		assertThat(report.at("/rejections/0/reason").asText())
			.isEqualTo("field 'last_name' holds a NUL byte (U+0000) at character 4: control characters other than "
					+ "tab and line breaks are not accepted");
		long id = report.at("/rejections/0/quarantineId").asLong();
		assertThat(getJson("/api/v1/quarantine/" + id).path("rawPayload").asText()).contains("Dur\u2400and");

		// replayed as kept, it is still refused, and says why
		HttpResponse<String> unchanged = post("/api/v1/quarantine/" + id + "/replay", OPERATOR_KEY, "text/csv", "");
		assertThat(unchanged.statusCode()).as(unchanged.body()).isEqualTo(422);
		assertThat(readJson(unchanged.body()).path("detail").asText()).contains("U+2400", "NUL byte");

		HttpResponse<String> fixed = post("/api/v1/quarantine/" + id + "/replay", OPERATOR_KEY, "text/csv",
				good.formatted(u, u, u).replace("Z-" + u + "-1", "Z-" + u + "-2"));
		assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
		JsonNode customer = await().atMost(WAIT)
			.until(() -> profileOf("Z-" + u + "-2"), c -> c != null && c.path("tickets").size() == 2);
		assertThat(customer.path("lastName").asText()).isEqualTo("Durand");
		assertThat(customer.path("tickets").findValuesAsText("number")).contains("Z-" + u + "-1", "Z-" + u + "-2");
	}

	@Test
	void aNulByteOnTheLoyaltyQueueIsQuarantinedAndTheQueueGoesOn() {
		String u = unique();
		String card = LoyaltyIngestTest.card();
		LoyaltyIngestTest.publish(
				LoyaltyIngestTest.enroll(u, LoyaltyIngestTest.card(), "2026-03-01T10:00:00+01:00",
						"\"email\": \"nul." + u + "@exa\u0000mple.fr\""),
				LoyaltyIngestTest.enroll(u + "b", card, "2026-03-01T10:00:00+01:00",
						"\"email\": \"ok." + u + "@example.fr\""));
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForObject("select count(*) from loyalty_card where card_number = ?",
					Integer.class, card), n -> n == 1);
		JsonNode kept = await().atMost(WAIT).until(() -> quarantined("loyalty", "nul." + u), q -> q != null);
		assertThat(kept.path("reason").asText()).contains("not valid JSON", "CTRL-CHAR, code 0");
		assertThat(kept.path("origin").asText()).isEqualTo("queue loyalty.in");
	}

	@Test
	void anOverlongFieldIsRefusedWithItsLimitBeforeAnyCheckReadsIt() {
		String u = unique();
		// the shop's own field: longer than any field of a source record may be
		HttpResponse<String> raw = post("/api/v1/ingest/online", "dev-online-key", "application/json",
				order(u, "Jeanne Martin").replace("\"status\"",
						"\"comment\": \"" + "x".repeat(3000) + "\", \"status\""));
		assertThat(raw.statusCode()).as(raw.body()).isEqualTo(400);
		assertThat(readJson(raw.body()).path("detail").asText()).contains(
				"field 'comment' is 3000 characters long: at most 2000 are accepted (hub.ingest.limits.max-field-length)");

		// an email of 300 characters: refused before the email rules run on it
		String email = "e".repeat(288) + "@example.fr";
		HttpResponse<String> mapped = post("/api/v1/ingest/online", "dev-online-key", "application/json",
				order(u, "Jeanne Martin").replace("n." + u + "@example.fr", email));
		assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(400);
		assertThat(readJson(mapped.body()).path("detail").asText()).contains(
				"field 'contact.email' is 299 characters long: at most 255 are accepted (hub.ingest.limits.max-value-length)");

		// a phone of 1,991 digits: refused before the placeholder pattern or the phone
		// rules
		// see it
		HttpResponse<String> digits = post("/api/v1/ingest/online", "dev-online-key", "application/json",
				order(u, "Jeanne Martin").replace("\"status\"",
						"\"phone\": \"" + "0".repeat(1990) + "1\", \"status\""));
		assertThat(digits.statusCode()).as(digits.body()).isEqualTo(400);
		assertThat(readJson(digits.body()).path("detail").asText())
			.contains("field 'contact.phone' is 1991 characters long: at most 255 are accepted");

		// a street line of 700 words: refused before address matching compares its words
		HttpResponse<String> street = post("/api/v1/ingest/online", "dev-online-key", "application/json",
				order(u, "Jeanne Martin").replace("\"status\"", "\"invoice_address\": {\"street\": \""
						+ "rue ".repeat(200) + "a ".repeat(500) + "\", \"zipcode\": \"69003\"}, \"status\""));
		assertThat(street.statusCode()).as(street.body()).isEqualTo(400);
		assertThat(readJson(street.body()).path("detail").asText()).contains("field 'contact.street' is",
				"at most 255 are accepted");

		// a kiosk comment may be as long as a field
		String comment = "Très bien. ".repeat(150);
		HttpResponse<String> kiosk = post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json", """
				{"response_id": "LC-%s", "kiosk_id": "exit", "venue": "zoo-lyon",
				 "answered_at": "2026-03-20T17:00:00+01:00", "score": 9, "comment": "%s"}""".formatted(u, comment));
		assertThat(kiosk.statusCode()).as(kiosk.body()).isEqualTo(202);
		assertThat(readJson(kiosk.body()).path("accepted").asInt()).isEqualTo(1);
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForList("select comment from feedback_response where response_id = ?",
					String.class, "LC-" + u), c -> c.equals(List.of(comment.strip())));
	}

	@Test
	void anOrderWithMorePositionsThanTheLimitIsRefusedAndItsBatchGoesOn() {
		String u = unique();
		StringBuilder positions = new StringBuilder();
		for (int i = 1; i <= 501; i++) {
			positions.append(i == 1 ? "" : ",")
				.append("{\"positionid\": %d, \"item\": 12, \"price\": \"1.00\", \"secret\": \"H%s-%d\"}".formatted(i,
						u, i));
		}
		String huge = order(u + "h", "Jeanne Martin").replaceFirst("(?s)\"positions\": \\[.*\\]",
				"\"positions\": [" + positions + "]");
		HttpResponse<String> alone = post("/api/v1/ingest/online", "dev-online-key", "application/json", huge);
		assertThat(alone.statusCode()).as(alone.body()).isEqualTo(400);
		assertThat(readJson(alone.body()).path("detail").asText()).contains(
				"field 'positions' holds 501 entries: a record holds at most 500 (hub.ingest.limits.max-positions)");

		HttpResponse<String> batch = post("/api/v1/ingest/online", "dev-online-key", "application/json",
				"[" + huge + "," + order(u, "Jeanne Martin") + "]");
		assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
		JsonNode report = readJson(batch.body());
		assertThat(report.path("accepted").asInt()).isEqualTo(1);
		assertThat(report.at("/rejections/0/index").asInt()).isZero();
		await().atMost(WAIT).until(() -> profileOf("N" + u + "-1"), c -> c != null);
		assertThat(this.jdbc.queryForObject("select count(*) from ticket where sale_ref = ?", Integer.class,
				"N" + u + "h"))
			.isZero();
	}

	private static String order(String u, String attendee) {
		return """
				{"code": "N%s", "status": "p", "email": "n.%s@example.fr", "datetime": "2026-03-15T09:00:00+01:00",
				 "event": "zoo-lyon", "positions": [{"positionid": 1, "item": 12, "price": "10.00",
				 "attendee_name": "%s", "secret": "N%s-1"}]}""".formatted(u, u, attendee, u);
	}

	private JsonNode profileOf(String ticket) {
		JsonNode found = getJson("/api/v1/customers?ticket=" + ticket);
		return found.path("items").size() == 1 ? getJson("/api/v1/customers/" + found.at("/items/0/id").asLong())
				: null;
	}

	private JsonNode quarantined(String source, String text) {
		JsonNode page = getJson("/api/v1/quarantine?source=" + source + "&size=500");
		return StreamSupport.stream(page.path("items").spliterator(), false)
			.filter(q -> q.path("rawPayload").asText().contains(text))
			.findFirst()
			.orElse(null);
	}

	private static long quarantineId(String detail) {
		Matcher id = QUARANTINE_ID.matcher(detail);
		assertThat(id.find()).as(detail).isTrue();
		return Long.parseLong(id.group(1));
	}

}

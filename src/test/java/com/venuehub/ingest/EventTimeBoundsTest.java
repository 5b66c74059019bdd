package com.venuehub.ingest;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import com.venuehub.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record dated further ahead of the hub's clock than {@code hub.ingest.max-future-skew}
 * is quarantined with the reason, so a date in 2099 never wins a "latest" rule; within
 * the margin it applies. One dated before 1900 is quarantined at intake with the reason,
 * not left for the database to refuse.
 */
class EventTimeBoundsTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	TestClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void aRecordDatedBeyondTheMarginIsQuarantinedAndWithinItApplies() {
		String u = unique();
		this.clock.set(Instant.parse("2026-06-10T10:00:00Z"));
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json",
				order(u + "a", "Jeanne", "2026-06-10T11:00:00+02:00", false))
			.statusCode()).isEqualTo(202);
		JsonNode customer = await().atMost(WAIT).until(() -> profileOf("F" + u + "a-1"), c -> c != null);

		String batch = "[" + order(u + "b", "Future", "2099-01-01T10:00:00+01:00", true) + ","
				+ order(u + "c", "Jeanne", "2026-06-11T12:00:00+02:00", false) + ","
				+ order(u + "d", "Tomorrow", "2026-06-11T12:00:01+02:00", true) + "]";
		HttpResponse<String> response = post("/api/v1/ingest/online", "dev-online-key", "application/json", batch);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode report = readJson(response.body());
		assertThat(report.path("accepted").asInt()).isEqualTo(1);
		assertThat(report.path("quarantined").asInt()).isEqualTo(2);
		assertThat(report.at("/rejections/0/index").asInt()).isZero();
		assertThat(report.at("/rejections/0/reason").asText()).isEqualTo(
				"the record is dated 2099-01-01T10:00+01:00, more than 24h after the hub's clock (2026-06-10T10:00:00Z): "
						+ "a record dated in the future is held (hub.ingest.max-future-skew); replay it once its date "
						+ "is fixed");
		assertThat(report.at("/rejections/1/index").asInt()).isEqualTo(2);
		assertThat(report.at("/rejections/1/reason").asText())
			.startsWith("the record is dated 2026-06-11T12:00:01+02:00");

		// exactly 24h ahead applies; the others left the profile and consent alone
		await().atMost(WAIT).until(() -> profileOf("F" + u + "c-1"), c -> c != null);
		JsonNode profile = getJson("/api/v1/customers/" + customer.path("id").asLong());
		assertThat(profile.path("firstName").asText()).isEqualTo("Jeanne");
		assertThat(profile.path("tickets").findValuesAsText("number")).containsExactlyInAnyOrder("F" + u + "a-1",
				"F" + u + "c-1");
		assertThat(profile.path("consents").findValuesAsText("state")).doesNotContain("GRANTED");

		// once its time has come, the record held a second too early replays
		this.clock.set(Instant.parse("2026-06-10T10:00:02Z"));
		long held = report.at("/rejections/1/quarantineId").asLong();
		HttpResponse<String> replay = post("/api/v1/quarantine/" + held + "/replay", OPERATOR_KEY, "application/json",
				"");
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		await().atMost(WAIT).until(() -> profileOf("F" + u + "d-1"), c -> c != null);
	}

	@Test
	void aRecordDatedBefore1900IsQuarantinedWithTheReasonAndFrom1900Applies() {
		String u = unique();
		String batch = "[" + order(u + "a", "Jeanne", "-999999999-01-01T00:00:00Z", false) + ","
				+ order(u + "b", "Jeanne", "-5000-01-01T00:00:00Z", false) + ","
				+ order(u + "c", "Jeanne", "1899-12-31T23:59:59+01:00", false) + ","
				+ order(u + "d", "Jeanne", "1900-01-01T00:00:00+01:00", false) + "]";
		HttpResponse<String> response = post("/api/v1/ingest/online", "dev-online-key", "application/json", batch);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode report = readJson(response.body());
		assertThat(report.path("accepted").asInt()).as(response.body()).isEqualTo(1);
		assertThat(report.path("quarantined").asInt()).as(response.body()).isEqualTo(3);
		assertThat(report.at("/rejections/0/reason").asText())
			.isEqualTo("the record is dated -999999999-01-01T00:00Z, before 1900-01-01, the earliest date a record may "
					+ "give; replay it once its date is fixed");
		assertThat(report.at("/rejections/1/reason").asText())
			.startsWith("the record is dated -5000-01-01T00:00Z, before 1900-01-01");
		assertThat(report.at("/rejections/2/reason").asText())
			.startsWith("the record is dated 1899-12-31T23:59:59+01:00, before 1900-01-01");
		// nothing of the refused ones reached the store; the one of 1900 applies
		await().atMost(WAIT).until(() -> profileOf("F" + u + "d-1"), c -> c != null);
		for (String refused : new String[] { "a", "b", "c" }) {
			assertThat(profileOf("F" + u + refused + "-1")).isNull();
		}
		assertThat(this.jdbc.queryForObject(
				"select count(*) from quarantine where origin = 'unify' and raw_payload like ?", Integer.class,
				"%" + u + "%"))
			.isZero();
	}

	private static String order(String u, String firstName, String at, boolean optinSms) {
		return """
				{"code": "F%s", "status": "p", "email": "f.%s@example.fr", "datetime": "%s", "event": "zoo-lyon",
				 "optin_sms": %s, "invoice_address": {"name_parts": {"given_name": "%s", "family_name": "Martin"}},
				 "positions": [{"positionid": 1, "item": 12, "price": "10.00", "secret": "F%s-1"}]}""".formatted(u,
				u.substring(0, u.length() - 1), at, optinSms, firstName, u);
	}

	private JsonNode profileOf(String ticket) {
		JsonNode found = getJson("/api/v1/customers?ticket=" + ticket);
		return found.path("items").size() == 1 ? getJson("/api/v1/customers/" + found.at("/items/0/id").asLong())
				: null;
	}

}

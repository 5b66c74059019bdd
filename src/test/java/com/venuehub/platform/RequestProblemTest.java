package com.venuehub.platform;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body the API cannot read says which field is wrong and what it should be, or
 * that there is no body, or no JSON, never echoing a huge value; a request for a
 * representation the API does not make is a 406 that says so; values that would make the
 * hub write out a billion digits or an index entry the database refuses are 400s that say
 * why. None is a 5xx.
 */
class RequestProblemTest extends HubTestSupport {

	@Test
	void aValueOfTheWrongTypeNamesItsFieldAndWhatWasExpected() {
		TestReseller reseller = newReseller("RP" + unique());
		String allocations = "/api/v1/resellers/" + reseller.id() + "/allocations";
		assertProblem(
				post(allocations, OPERATOR_KEY, "application/json",
						"{\"productCode\": \"ADULT\", \"quantity\": \"ten\"}"),
				"'quantity'", "a whole number", "\"ten\"");
		assertProblem(post(allocations, OPERATOR_KEY, "application/json",
				"{\"productCode\": \"ADULT\", \"quantity\": 3000000000}"), "'quantity'", "a whole number");
		assertProblem(
				post(allocations, OPERATOR_KEY, "application/json",
						"{\"productCode\": \"ADULT\", \"eventDate\": \"2026-13-01\", \"quantity\": 1}"),
				"'eventDate'", "a date as 2026-03-14", "\"2026-13-01\"");
		assertProblem(post(allocations, OPERATOR_KEY, "application/json", "[{\"productCode\": \"ADULT\"}]"),
				"the request body", "an object");

		String campaign = "{\"name\": \"types\", \"venue\": \"zoo-lyon\", \"template\": \"Bonjour\", ";
		assertProblem(
				post("/api/v1/campaigns", OPERATOR_KEY, "application/json", campaign + "\"sendAt\": \"tomorrow\"}"),
				"'sendAt'", "a date-time as 2026-03-14T10:00:00+01:00", "\"tomorrow\"");
		assertProblem(post("/api/v1/campaigns", OPERATOR_KEY, "application/json", campaign + "\"segment\": []}"),
				"'segment'", "an object");
		assertProblem(post("/api/v1/campaigns", OPERATOR_KEY, "application/json",
				campaign + "\"segment\": {\"tiers\": \"GOLD\"}}"), "'segment.tiers'", "a list");
		assertProblem(
				post("/api/v1/campaigns", OPERATOR_KEY, "application/json",
						campaign + "\"segment\": {\"tiers\": [{\"tier\": \"GOLD\"}]}}"),
				"'segment.tiers[0]'", "a text");
		assertProblem(
				post("/api/v1/campaigns", OPERATOR_KEY, "application/json",
						campaign + "\"trigger\": {\"event\": \"kiosk-response\", \"delay\": \"soon\"}}"),
				"'trigger.delay'", "a duration");
		assertThat(this.jdbc.queryForObject("select count(*) from reseller_allocation where reseller_id = ?",
				Long.class, reseller.id()))
			.isZero();
	}

	@Test
	void aMissingBodyAnUnreadableOneAndAHugeValueAreToldApart() {
		TestReseller reseller = newReseller("RQ" + unique());
		String allocations = "/api/v1/resellers/" + reseller.id() + "/allocations";
		assertProblem(post(allocations, OPERATOR_KEY, "application/json", ""), "the request has no body");
		assertProblem(post(allocations, OPERATOR_KEY, "application/json", "{oops"),
				"the request body cannot be read as JSON");
		assertProblem(
				post("/api/v1/campaigns", OPERATOR_KEY, "application/json",
						"{\"name\": \"x\", \"segment\": {\"tiers\": [GOLD]}}"),
				"the request body cannot be read as JSON");

		HttpResponse<String> answer = post(allocations, OPERATOR_KEY, "application/json",
				"{\"productCode\": \"ADULT\", \"quantity\": \"" + "9".repeat(500) + "x\"}");
		assertProblem(answer, "'quantity'", "a whole number", "\"9999999999");
		assertThat(readJson(answer.body()).path("detail").asText()).hasSizeLessThan(200);
		assertProblem(
				post(allocations, OPERATOR_KEY, "application/json",
						"{\"productCode\": \"ADULT\", \"quantity\": \"" + "9".repeat(20_000) + "\"}"),
				"'quantity'", "too long");
	}

	@Test
	void anAcceptHeaderTheApiCannotAnswerIsA406() throws Exception {
		HttpResponse<String> answer = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/campaigns"))
				.header("X-Api-Key", OPERATOR_KEY)
				.header("Accept", "text/csv")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(406);
		assertThat(readJson(answer.body()).path("detail").asText()).contains("application/json", "text/csv");
	}

	@Test
	void aThresholdOrAProductCodeBeyondWhatTheHubKeepsIsRefusedWithTheReason() {
		TestReseller reseller = newReseller("RT" + unique());
		String allocations = "/api/v1/resellers/" + reseller.id() + "/allocations";
		long started = System.nanoTime();
		assertProblem(
				post(allocations, OPERATOR_KEY, "application/json",
						"{\"productCode\": \"ADULT\", \"quantity\": 10, \"thresholds\": [\"1E-999999999%\"]}"),
				"threshold '1E-999999999%'", "at most 2 decimals");
		assertThat(System.nanoTime() - started).as("answered without writing a billion digits")
			.isLessThan(5_000_000_000L);
		assertProblem(
				post(allocations, OPERATOR_KEY, "application/json",
						"{\"productCode\": \"ADULT\", \"quantity\": 10, \"thresholds\": [\"12.345%\"]}"),
				"at most 2 decimals");
		assertProblem(post(allocations, OPERATOR_KEY, "application/json",
				"{\"productCode\": \"ADULT\", \"quantity\": 10, \"thresholds\": [\"0." + "0".repeat(5000) + "1%\"]}"),
				"longer than 20 characters");
		assertProblem(
				post(allocations, OPERATOR_KEY, "application/json",
						"{\"productCode\": \"" + "P".repeat(3000) + "\", \"quantity\": 10}"),
				"productCode", "at most 255 characters");
		assertThat(this.jdbc.queryForObject("select count(*) from reseller_allocation where reseller_id = ?",
				Long.class, reseller.id()))
			.isZero();
		// the same values within bounds are taken
		HttpResponse<String> taken = post(allocations, OPERATOR_KEY, "application/json",
				"{\"productCode\": \"" + "P".repeat(255) + "\", \"quantity\": 10, \"thresholds\": [\"12.5%\"]}");
		assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
	}

	private void assertProblem(HttpResponse<String> answer, String... words) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(readJson(answer.body()).path("detail").asText()).contains(words);
	}

}

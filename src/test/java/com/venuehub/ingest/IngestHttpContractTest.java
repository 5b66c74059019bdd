package com.venuehub.ingest;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest endpoint's contract: keys per source, clear errors, counts with reasons. */
class IngestHttpContractTest extends HubTestSupport {

	private static final String SCAN = """
			{"scan_id": "X%s", "ticket_number": "T%s", "gate": "g", "scanned_at": "2026-03-20T10:02:11Z", "result": "OK"}""";

	@Test
	void aMissingOrWrongKeyIsRefusedWithAClearBody() {
		String u = unique();
		HttpResponse<String> missing = post("/api/v1/ingest/turnstile", null, "application/json", SCAN.formatted(u, u));
		assertThat(missing.statusCode()).isEqualTo(401);
		assertThat(missing.body()).contains("X-Api-Key").doesNotContain("Exception");

		HttpResponse<String> wrong = post("/api/v1/ingest/turnstile", "not-a-key", "application/json",
				SCAN.formatted(u, u));
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).contains("unknown API key");

		HttpResponse<String> otherSource = post("/api/v1/ingest/turnstile", "dev-online-key", "application/json",
				SCAN.formatted(u, u));
		assertThat(otherSource.statusCode()).isEqualTo(403);
		assertThat(otherSource.body()).contains("not allowed");
		assertThat(
				this.jdbc.queryForObject("select count(*) from ticket_scan where scan_id = ?", Integer.class, "X" + u))
			.isZero();
	}

	@Test
	void readingEndpointsNeedAnOperatorKey() {
		assertThat(get("/api/v1/customers", null).statusCode()).isEqualTo(401);
		assertThat(get("/api/v1/customers", "dev-online-key").statusCode()).isEqualTo(403);
		assertThat(get("/api/v1/quarantine", null).statusCode()).isEqualTo(401);
		assertThat(get("/api/v1/customers", OPERATOR_KEY).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
	}

	@Test
	void malformedJsonIsA400WithTheReasonAndIsKept() {
		HttpResponse<String> response = post("/api/v1/ingest/turnstile", "dev-turnstile-key", "application/json",
				"{\"scan_id\": \"broken\", ");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = readJson(response.body());
		assertThat(problem.path("detail").asText()).contains("not valid JSON", "line 1").contains("quarantine");
		assertThat(response.body()).doesNotContain("at com.").doesNotContain("jackson.core");
	}

	@Test
	void theCharsetOfTheContentTypeIsHonouredAndBytesThatAreNotTextAreA400() {
		String u = unique();
		String order = """
				{"code": "CS%s", "status": "p", "email": "cs.%s@example.fr", "datetime": "2026-03-15T09:00:00+01:00",
				 "positions": [{"positionid": 1, "item": 12, "price": "10.00", "attendee_name": "Chloé Hélène",
				 "secret": "CS%s-1"}]}""".formatted(u, u, u);
		HttpResponse<String> latin = postBytes("/api/v1/ingest/online", "dev-online-key",
				"application/json; charset=ISO-8859-1", order.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		assertThat(latin.statusCode()).as(latin.body()).isEqualTo(202);
		long holder = holderOf("CS" + u + "-1");
		assertThat(getJson("/api/v1/customers/" + holder).path("lastName").asText()).isEqualTo("Hélène");

		// the same bytes without a charset are not UTF-8: refused, never read as mojibake
		HttpResponse<String> undeclared = postBytes("/api/v1/ingest/online", "dev-online-key", "application/json",
				order.replace("CS" + u, "CT" + u).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		assertThat(undeclared.statusCode()).as(undeclared.body()).isEqualTo(400);
		assertThat(readJson(undeclared.body()).path("detail").asText()).contains("not valid UTF-8", "0xE9", "line 2",
				"Content-Type");

		// a CSV export from Excel, posted as it was saved: Windows-1252
		HttpResponse<String> csv = postBytes("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv",
				com.venuehub.BoxOfficeSale
					.csv(new com.venuehub.BoxOfficeSale("CW" + u).buyer("Chloé", "Hélène")
						.email("cw." + u + "@example.fr"))
					.getBytes(java.nio.charset.Charset.forName("windows-1252")));
		assertThat(csv.statusCode()).as(csv.body()).isEqualTo(202);
		long buyer = holderOf(new com.venuehub.BoxOfficeSale("CW" + u).ticket(1));
		assertThat(getJson("/api/v1/customers/" + buyer).path("firstName").asText()).isEqualTo("Chloé");
	}

	@Test
	void anOversizedBodyIsA413() {
		String huge = "[" + (SCAN.formatted("a", "b") + ",").repeat(120_000) + SCAN.formatted("a", "b") + "]";
		HttpResponse<String> response = post("/api/v1/ingest/turnstile", "dev-turnstile-key", "application/json", huge);
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(readJson(response.body()).path("detail").asText()).contains("hub.ingest.max-body-bytes");
	}

	@Test
	void anUnknownSourceIsA404() {
		HttpResponse<String> response = post("/api/v1/ingest/fax", OPERATOR_KEY, "application/json", "{}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("unknown source 'fax'");
	}

	@Test
	void aBatchAnswersCountsWithEachRejectionsReason() {
		String u = unique();
		String batch = "[" + SCAN.formatted(u + "1", u) + ","
				+ SCAN.formatted(u + "2", u).replace("\"OK\"", "\"MAYBE\"") + "," + SCAN.formatted(u + "3", u) + "]";
		HttpResponse<String> response = post("/api/v1/ingest/turnstile", "dev-turnstile-key", "application/json",
				batch);
		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode report = readJson(response.body());
		assertThat(report.path("read").asInt()).isEqualTo(3);
		assertThat(report.path("accepted").asInt()).isEqualTo(2);
		assertThat(report.path("quarantined").asInt()).isEqualTo(1);
		assertThat(report.at("/rejections/0/index").asInt()).isEqualTo(1);
		assertThat(report.at("/rejections/0/reason").asText()).contains("'MAYBE' is not OK or REJECTED");
		long quarantineId = report.at("/rejections/0/quarantineId").asLong();
		JsonNode kept = getJson("/api/v1/quarantine/" + quarantineId);
		assertThat(kept.path("rawPayload").asText()).contains("X" + u + "2", "MAYBE");
	}

	@Test
	void theOpenApiDescriptionIsPublished() {
		JsonNode api = readJson(get("/v3/api-docs", null).body());
		assertThat(api.path("paths").has("/api/v1/ingest/{source}")).isTrue();
		assertThat(api.path("paths").has("/api/v1/customers/{id}")).isTrue();
		assertThat(api.path("paths").has("/api/v1/quarantine/{id}/replay")).isTrue();
	}

}

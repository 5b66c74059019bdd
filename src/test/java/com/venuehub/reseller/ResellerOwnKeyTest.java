package com.venuehub.reseller;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each reseller posts its sales reports with its own key, end to end through
 * {@code POST /api/v1/ingest/reseller}: its own rows book and give back against its own
 * allocation, a row naming another reseller is quarantined with the reason while the rest
 * of the batch goes through, so no reseller can book against another's allocation nor
 * cancel another's ticket. The key shared by all resellers is gone; a reseller's key is
 * good for no other source; venue IT still posts any reseller's report with its operator
 * key.
 */
class ResellerOwnKeyTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String HEADER = "reseller_id;sale_id;sold_at;venue;product_code;event_date;ticket_number;"
			+ "status;price\n";

	@Test
	void aResellersKeyPostsItsOwnSalesAndRowsOfAnotherResellerAreQuarantined() {
		String u = unique();
		TestReseller a = newReseller("OKA" + u);
		TestReseller b = newReseller("OKB" + u);
		long aAllocation = allocate(a, "P" + u, 10);
		long bAllocation = allocate(b, "P" + u, 10);
		// B sells one of its own tickets
		assertThat(post(b.key(), row(b.code(), "SB" + u, "P" + u, "TB" + u, "sold")).path("accepted").asInt())
			.isEqualTo(1);
		await().atMost(WAIT).until(() -> remaining(b, bAllocation) == 9);

		// A's report: two sales of its own, one row booking against B, one cancelling B's
		// ticket
		JsonNode answer = post(a.key(),
				row(a.code(), "S1" + u, "P" + u, "TA1" + u, "sold")
						+ row(b.code(), "S2" + u, "P" + u, "TA2" + u, "sold")
						+ row(b.code(), "SB" + u, "P" + u, "TB" + u, "cancelled")
						+ row(a.code(), "S3" + u, "P" + u, "TA3" + u, "sold"));
		assertThat(answer.path("accepted").asInt()).as(answer.toString()).isEqualTo(2);
		assertThat(answer.path("quarantined").asInt()).isEqualTo(2);
		assertThat(answer.at("/rejections/0/line").asInt()).isEqualTo(3);
		assertThat(answer.at("/rejections/1/line").asInt()).isEqualTo(4);
		String reason = "the record is a sale of reseller '" + b.code() + "', and it was posted with the key of "
				+ "reseller '" + a.code() + "': a reseller's key posts that reseller's own sales only";
		assertThat(answer.at("/rejections/0/reason").asText()).isEqualTo(reason);
		assertThat(answer.at("/rejections/1/reason").asText()).isEqualTo(reason);

		// A's own rows went through; B's allocation and ticket are untouched
		await().atMost(WAIT).until(() -> remaining(a, aAllocation) == 8);
		assertThat(remaining(b, bAllocation)).isEqualTo(9);
		assertThat(
				this.jdbc.queryForObject("select status from ticket where ticket_number = ?", String.class, "TB" + u))
			.isEqualTo("VALID");
		assertThat(this.jdbc.queryForObject("select count(*) from ticket where ticket_number = ?", Integer.class,
				"TA2" + u))
			.isZero();

		// the refused rows are kept with their raw text, the reason and whose key sent
		// them
		JsonNode kept = getJson("/api/v1/quarantine/" + answer.at("/rejections/1/quarantineId").asLong());
		assertThat(kept.path("source").asText()).isEqualTo("reseller");
		assertThat(kept.path("rawPayload").asText()).startsWith(b.code() + ";SB" + u + ";").contains("cancelled");
		assertThat(kept.path("reason").asText()).isEqualTo(reason);
		assertThat(kept.path("origin").asText()).endsWith("(key of reseller " + a.code() + ")");

		// naming itself does not let A cancel B's ticket either: the ticket is B's
		JsonNode own = post(a.key(), row(a.code(), "SB" + u, "P" + u, "TB" + u, "cancelled"));
		assertThat(own.path("accepted").asInt()).isEqualTo(1);
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from quarantine where source = 'reseller' and reason = ?", Integer.class,
					"ticket TB" + u + " belongs to reseller " + b.code() + ": a record of reseller " + a.code()
							+ " cannot cancel it") == 1);
		assertThat(
				this.jdbc.queryForObject("select status from ticket where ticket_number = ?", String.class, "TB" + u))
			.isEqualTo("VALID");
		assertThat(remaining(a, aAllocation)).isEqualTo(8);
		assertThat(remaining(b, bAllocation)).isEqualTo(9);

		// B cancels its own ticket with its own key: it goes back to B's allocation
		post(b.key(), row(b.code(), "SB" + u, "P" + u, "TB" + u, "cancelled"));
		await().atMost(WAIT).until(() -> remaining(b, bAllocation) == 10);
		assertThat(
				this.jdbc.queryForObject("select status from ticket where ticket_number = ?", String.class, "TB" + u))
			.isEqualTo("CANCELLED");
	}

	@Test
	void aBatchOfAnotherResellerOnlyChangesNothing() {
		String u = unique();
		TestReseller a = newReseller("OKC" + u);
		TestReseller b = newReseller("OKD" + u);
		long bAllocation = allocate(b, "Q" + u, 5);
		HttpResponse<String> response = post("/api/v1/ingest/reseller", a.key(), "text/csv",
				HEADER + row(b.code(), "S1" + u, "Q" + u, "TQ" + u, "sold"));
		// one record refused: the body as a whole is answered 202 with its rejection,
		// never
		// a 5xx
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(readJson(response.body()).path("quarantined").asInt()).isEqualTo(1);
		assertThat(remaining(b, bAllocation)).isEqualTo(5);
		assertThat(this.jdbc.queryForObject("select count(*) from reseller_sale where ticket_number = ?", Integer.class,
				"TQ" + u))
			.isZero();
	}

	@Test
	void aResellersKeyIsGoodForItsSalesReportsOnlyAndTheSharedKeyIsGone() {
		String u = unique();
		TestReseller a = newReseller("OKE" + u);
		TestReseller b = newReseller("OKF" + u);
		long bAllocation = allocate(b, "V" + u, 5);
		String order = "{\"code\": \"OK" + u + "\", \"status\": \"p\", \"reseller_id\": \"" + a.code()
				+ "\", \"datetime\": \"2026-05-01T10:00:00+02:00\", \"event\": \"zoo-lyon\", \"positions\": "
				+ "[{\"positionid\": 1, \"item\": \"V" + u + "\", \"price\": \"20.00\", \"secret\": \"OK" + u
				+ "-1\"}]}";
		assertThat(post("/api/v1/ingest/online", a.key(), "application/json", order).statusCode()).isEqualTo(403);
		assertThat(post("/api/v1/ingest/box-office", a.key(), "text/csv", "sale_id\n1\n").statusCode()).isEqualTo(403);
		HttpResponse<String> shared = post("/api/v1/ingest/reseller", "dev-reseller-key", "text/csv",
				HEADER + row(b.code(), "S1" + u, "V" + u, "TV" + u, "sold"));
		assertThat(shared.statusCode()).isEqualTo(401);
		assertThat(shared.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

		// a key replaced is no longer good for posting
		String replaced = a.key();
		assertThat(post("/api/v1/resellers/" + a.id() + "/key", OPERATOR_KEY, "application/json", "").statusCode())
			.isEqualTo(200);
		assertThat(post("/api/v1/ingest/reseller", replaced, "text/csv",
				HEADER + row(a.code(), "S2" + u, "V" + u, "TW" + u, "sold"))
			.statusCode()).isEqualTo(401);

		// venue IT posts a report it received, whatever reseller its rows name
		HttpResponse<String> venueIt = post("/api/v1/ingest/reseller", OPERATOR_KEY, "text/csv",
				HEADER + row(b.code(), "S3" + u, "V" + u, "TX" + u, "sold"));
		assertThat(venueIt.statusCode()).as(venueIt.body()).isEqualTo(202);
		assertThat(readJson(venueIt.body()).path("accepted").asInt()).isEqualTo(1);
		await().atMost(WAIT).until(() -> remaining(b, bAllocation) == 4);
	}

	private JsonNode post(String key, String rows) {
		HttpResponse<String> response = post("/api/v1/ingest/reseller", key, "text/csv", HEADER + rows);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return readJson(response.body());
	}

	private static String row(String reseller, String sale, String product, String ticket, String status) {
		return reseller + ";" + sale + ";2026-05-01T10:00:00+02:00;zoo-lyon;" + product + ";;" + ticket + ";" + status
				+ ";20,00\n";
	}

}

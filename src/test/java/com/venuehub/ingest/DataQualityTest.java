package com.venuehub.ingest;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.BoxOfficeSale;
import com.venuehub.HubTestSupport;
import com.venuehub.customer.Unifier;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The data-quality view: per source and day, the records applied and the contact values
 * kept unverified, each record counted once however many times it is delivered; filters
 * checked, operators only.
 */
class DataQualityTest extends HubTestSupport {

	private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("dd/MM/yyyy");

	@Autowired
	Intake intake;

	@Autowired
	Unifier unifier;

	@Test
	void eachRecordCountsOnceForItsSourceAndDay() {
		String u = unique();
		LocalDate day = BadContactFieldTest.someDay();
		String soldAt = FRENCH.format(day) + " 15:00";
		BoxOfficeSale clean = new BoxOfficeSale("DQ1" + u).soldAt(soldAt)
			.buyer("Zoé", "Lambert" + u)
			.email("zoe." + u + "@example.fr");
		BoxOfficeSale mistyped = new BoxOfficeSale("DQ2" + u).soldAt(soldAt)
			.buyer("Yves", "Lambert" + u)
			.phone("07 28 64 39 06");
		BoxOfficeSale placeholder = new BoxOfficeSale("DQ3" + u).soldAt(soldAt)
			.buyer("Xavier", "Lambert" + u)
			.email("noemail@zoo-lyon.fr");
		JsonNode report = postBoxOffice(clean, mistyped, placeholder);
		assertThat(report.path("accepted").asInt()).isEqualTo(3);
		assertThat(report.path("unverified").findValuesAsText("kind")).containsExactly("PHONE", "EMAIL");
		for (BoxOfficeSale sale : List.of(clean, mistyped, placeholder)) {
			holderOf(sale.ticket(1));
		}
		var kiosk = post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json", """
				{"response_id": "DQ-%s", "kiosk_id": "exit", "venue": "zoo-lyon", "answered_at": "%sT17:00:00+01:00",
				 "score": 7, "email": "zoe@example"}""".formatted(u, day));
		assertThat(kiosk.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from feedback_response where response_id = ?",
					Integer.class, "DQ-" + u) == 1);

		// the same export sent again, with one more sale: only that one is new
		BoxOfficeSale later = new BoxOfficeSale("DQ4" + u).soldAt(FRENCH.format(day) + " 18:00")
			.buyer("Willy", "Lambert" + u)
			.email("willy." + u + "@example.fr");
		postBoxOffice(clean, mistyped, placeholder, later);
		holderOf(later.ticket(1));
		// and unify handed the first export once more, as after a crash between its
		// commit and the broker's acknowledgement
		this.unifier.applyBatch(this.intake
			.parse("box-office", "box-office/sale", "csv", BoxOfficeSale.csv(clean, mistyped, placeholder))
			.accepted());

		JsonNode days = getJson("/api/v1/data-quality?from=" + day + "&to=" + day).path("days");
		JsonNode boxOffice = days.get(0);
		assertThat(boxOffice.path("source").asText()).isEqualTo("box-office");
		assertThat(boxOffice.path("day").asText()).isEqualTo(day.toString());
		assertThat(boxOffice.path("applied").asLong()).isEqualTo(4);
		assertThat(boxOffice.path("invalidPhones").asLong()).isEqualTo(1);
		assertThat(boxOffice.path("invalidEmails").asLong()).isZero();
		assertThat(boxOffice.path("placeholders").asLong()).isEqualTo(1);
		assertThat(boxOffice.path("invalidCards").asLong()).isZero();
		assertThat(days).hasSize(2);
		assertThat(days.get(1).path("source").asText()).isEqualTo("kiosk");
		assertThat(days.get(1).path("applied").asLong()).isEqualTo(1);
		assertThat(days.get(1).path("invalidEmails").asLong()).isEqualTo(1);

		// filtered by source, and by days
		JsonNode kioskOnly = getJson("/api/v1/data-quality?source=kiosk&from=" + day + "&to=" + day);
		assertThat(kioskOnly.path("source").asText()).isEqualTo("kiosk");
		assertThat(kioskOnly.path("days").findValuesAsText("source")).containsExactly("kiosk");
		assertThat(getJson("/api/v1/data-quality?from=" + day.plusDays(1) + "&to=" + day.plusDays(1)).path("days"))
			.noneMatch(d -> d.path("day").asText().equals(day.toString()));
		assertThat(getJson("/api/v1/data-quality?source=box-office&to=" + day).path("days").get(0).path("day").asText())
			.isEqualTo(day.toString());
	}

	@Test
	void aBadFilterIsRefusedWithTheReasonAndOnlyOperatorsReadIt() {
		var unknown = get("/api/v1/data-quality?source=fax", OPERATOR_KEY);
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(readJson(unknown.body()).path("detail").asText()).startsWith("source 'fax' is not one of [")
			.contains("box-office", "kiosk", "loyalty", "online");
		var badDate = get("/api/v1/data-quality?from=14/03/2026", OPERATOR_KEY);
		assertThat(badDate.statusCode()).isEqualTo(400);
		assertThat(readJson(badDate.body()).path("detail").asText())
			.isEqualTo("parameter 'from' value '14/03/2026' is not a date such as 2026-03-14");
		var backwards = get("/api/v1/data-quality?from=2026-03-14&to=2026-03-01", OPERATOR_KEY);
		assertThat(backwards.statusCode()).isEqualTo(400);
		assertThat(readJson(backwards.body()).path("detail").asText())
			.isEqualTo("'to' (2026-03-01) is before 'from' (2026-03-14)");

		assertThat(get("/api/v1/data-quality", null).statusCode()).isEqualTo(401);
		assertThat(get("/api/v1/data-quality", "dev-box-office-key").statusCode()).isEqualTo(403);
		assertThat(get("/api/v1/data-quality", OPERATOR_KEY).statusCode()).isEqualTo(200);
		// described in the hub's OpenAPI with the other endpoints
		JsonNode api = readJson(get("/v3/api-docs", null).body());
		assertThat(api.at("/paths/~1api~1v1~1data-quality/get/parameters").findValuesAsText("name"))
			.containsExactlyInAnyOrder("source", "from", "to");
	}

}

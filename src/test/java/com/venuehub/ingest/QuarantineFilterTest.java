package com.venuehub.ingest;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.BoxOfficeSale;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quarantine listing narrows to a source, words of the reason and the day a record
 * was received (venue time), as the console's quarantine page filters it; a status it
 * does not know is a 400.
 */
class QuarantineFilterTest extends HubTestSupport {

	@Test
	void recordsAreFoundByWordsOfTheirReasonAndTheDayTheyCameIn() {
		int year = 2100 + ThreadLocalRandom.current().nextInt(800);
		String sale = "F" + unique();
		String row = String.join(";", sale, "31/02/" + year + " 10:00", "zoo-lyon", "ADULT", "Entrée adulte",
				"T-" + sale, "28/02/2026", "13/03/2027", "24,50", "", "", "", "", "", "", "", "", "");
		String other = row.replace(sale, sale + "B").replace("31/02/" + year, "30/02/" + year);
		assertThat(post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv",
				BoxOfficeSale.HEADER + "\n" + row + "\n" + other + "\n")
			.statusCode()).isEqualTo(202);
		LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));

		JsonNode found = getJson("/api/v1/quarantine?source=box-office&reason=" + year + "-02-31&day=" + today);
		assertThat(found.path("total").asLong()).isEqualTo(1);
		assertThat(found.at("/items/0/rawPayload").asText()).isEqualTo(row);
		assertThat(getJson("/api/v1/quarantine?source=box-office&reason=" + year + "-02-3").path("total").asLong())
			.isEqualTo(2);
		assertThat(getJson("/api/v1/quarantine?reason=" + year + "-02-31&day=" + today.minusDays(1)).path("total")
			.asLong()).isZero();
		assertThat(getJson("/api/v1/quarantine?source=online&reason=" + year + "-02-31").path("total").asLong())
			.isZero();
		assertThat(get("/api/v1/quarantine?status=LOST", OPERATOR_KEY).statusCode()).isEqualTo(400);
	}

}

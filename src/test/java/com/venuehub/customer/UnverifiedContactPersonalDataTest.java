package com.venuehub.customer;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.BoxOfficeSale;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a person typed that could not be used is their personal data like the rest: in
 * their export, gone with their erasure, moved with them by a merge and given back by an
 * unmerge.
 */
class UnverifiedContactPersonalDataTest extends PersonalDataTestSupport {

	@Test
	void theExportListsTheUnverifiedValuesAndErasureRemovesThem() {
		String u = unique();
		BoxOfficeSale sale = new BoxOfficeSale("EX" + u).buyer("Rémi", "Perrin" + u)
			.email("remi." + u + "@example.fr")
			.phone("06 12 34");
		postBoxOffice(sale);
		long customer = holderOf(sale.ticket(1));

		JsonNode export = getJson("/api/v1/customers/" + customer + "/export");
		assertThat(export.path("unverifiedContacts")).singleElement().satisfies(value -> {
			assertThat(value.path("kind").asText()).isEqualTo("PHONE");
			assertThat(value.path("value").asText()).isEqualTo("06 12 34");
			assertThat(value.path("reason").asText()).isEqualTo("not a valid phone number: too short for France");
			assertThat(value.path("source").asText()).isEqualTo("box-office");
			assertThat(value.path("firstSeenAt").asText()).startsWith("2026-03-14T09:30");
		});

		var erased = delete("/api/v1/customers/" + customer);
		assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
		assertThat(readJson(erased.body()).at("/summary/unverifiedContactsRemoved").asInt()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from unverified_contact where customer_id = ?",
				Integer.class, customer))
			.isZero();
		assertThat(get("/api/v1/customers/" + customer + "/export", OPERATOR_KEY).statusCode()).isEqualTo(410);
	}

	@Test
	void aQuarantinedRecordCarryingTheirMistypedPhoneIsExportedAndErasedWithThem() {
		String u = unique();
		// a phone of the right length that is no French number: kept unverified
		String mistyped = "07 28 " + u.chars()
			.map(c -> c % 10)
			.limit(6)
			.collect(StringBuilder::new, StringBuilder::append, StringBuilder::append)
			.insert(2, ' ')
			.insert(5, ' ');
		BoxOfficeSale sale = new BoxOfficeSale("EQ" + u).buyer("Rémi", "Perrin" + u)
			.email("remi.q." + u + "@example.fr")
			.phone(mistyped);
		postBoxOffice(sale);
		long customer = holderOf(sale.ticket(1));
		assertThat(getJson("/api/v1/customers/" + customer).path("unverifiedContacts").findValuesAsText("value"))
			.containsExactly(mistyped);
		// their next sale, with a date the hub cannot read and only that phone:
		// quarantined
		BoxOfficeSale later = new BoxOfficeSale("EQB" + u).soldAt("31/02/2026 10:00").phone(mistyped);
		JsonNode report = postBoxOffice(later);
		long quarantined = report.at("/rejections/0/quarantineId").asLong();
		assertThat(quarantined).as(report.toString()).isPositive();

		assertThat(getJson("/api/v1/customers/" + customer + "/export").path("quarantined").findValuesAsText("id"))
			.containsExactly(String.valueOf(quarantined));
		var erased = delete("/api/v1/customers/" + customer);
		assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
		assertThat(readJson(erased.body()).at("/summary/quarantinedRecordsErased").asInt()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select status from quarantine where id = ?", String.class, quarantined))
			.isEqualTo("ERASED");
	}

	@Test
	void aMergeMovesTheUnverifiedValuesAndAnUnmergeGivesThemBack() {
		String u = unique();
		String name = letters(u);
		BoxOfficeSale sale = new BoxOfficeSale("MG" + u).buyer("Solène", "Fabre" + name)
			.email("s" + u + "@mail.example.org")
			.phone("06 12 34")
			.postcode("35000")
			.birthDate("07/08/1979");
		postBoxOffice(sale);
		long first = holderOf(sale.ticket(1));
		JsonNode before = getJson("/api/v1/customers/" + first);

		// the same person online, another email and a mistyped phone: one person by
		// matching
		String code = "MG" + u;
		var answer = post("/api/v1/ingest/online", "dev-online-key", "application/json", """
				{"code": "%s", "status": "p", "email": "s.fabre%s@mail.example.org", "phone": "07 28 64 39 06",
				 "datetime": "2026-05-02T14:12:00+02:00", "event": "zoo", "birth_date": "1979-08-07",
				 "invoice_address": {"street": "12 rue de Paris", "zipcode": "35000", "city": "Rennes",
				                     "name_parts": {"given_name": "Solene", "family_name": "Favre%s"}},
				 "positions": [{"positionid": 1, "item": 7, "price": "19.90", "secret": "T%s"}]}""".formatted(code, u,
				name, code));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> getJson("/api/v1/customers/" + first).path("tickets").size() == 2);
		long second = this.jdbc.queryForObject("select max(merged_id) from merge_log where survivor_id = ?", Long.class,
				first);
		assertThat(getJson("/api/v1/customers/" + first).path("unverifiedContacts").findValuesAsText("value"))
			.containsExactlyInAnyOrder("06 12 34", "07 28 64 39 06");

		var unmerged = post("/api/v1/customers/" + first + "/unmerge?mergedId=" + second, OPERATOR_KEY,
				"application/json", "");
		assertThat(unmerged.statusCode()).as(unmerged.body()).isEqualTo(200);
		assertThat(getJson("/api/v1/customers/" + first).path("unverifiedContacts"))
			.isEqualTo(before.path("unverifiedContacts"));
		assertThat(getJson("/api/v1/customers/" + second).path("unverifiedContacts").findValuesAsText("value"))
			.containsExactly("07 28 64 39 06");
	}

	/** Letters only: digits in a name make it another name to the matcher. */
	private static String letters(String token) {
		StringBuilder out = new StringBuilder();
		for (char c : token.toCharArray()) {
			out.append(Character.isDigit(c) ? (char) ('g' + (c - '0')) : c);
		}
		return out.toString();
	}

}

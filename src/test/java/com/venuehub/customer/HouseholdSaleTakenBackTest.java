package com.venuehub.customer;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A box-office sale naming a last name and no first name joins the one customer holding
 * its email; once another member of the household gives that email too, the sale no
 * longer says which of them bought, and it is taken back into a customer of its own with
 * its ticket, while the email stays with the customers who hold it; such a sale arriving
 * after both is a customer of its own from the start.
 */
class HouseholdSaleTakenBackTest extends HouseholdTestSupport {

	private static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	@Test
	void aSaleWithTheHouseholdsEmailAndNoFirstNameLeavesPaulWhenJulieGivesItToo() {
		String t = unique();
		// the household's email, a handle that names neither of them
		String family = "etoile." + t + "@mail.example.org";
		long paul = holderOf(sell("Paul", "Martin", family, "", "69003", "02/02/1970", ""));
		// a sale with the family email, the last name and the postcode only, an opt-in
		// and a mistyped phone: only Paul holds the email so far
		String ticket = sell("", "Martin", family, "07 28 64 39 06", "69003", "", "1");
		assertThat(holderOf(ticket)).isEqualTo(paul);

		// Julie Martin enrols with the same email and another birth date: another member
		long julie = julieMartinEnrols(t, family);
		assertThat(julie).isNotEqualTo(paul);

		// the sale is a customer of its own now: its ticket, its last name, its opt-in
		// and its unverified phone, none of the household's identifiers
		long buyer = await().atMost(Duration.ofSeconds(30)).until(() -> holderOf(ticket), id -> id != paul);
		assertThat(buyer).isNotEqualTo(julie);
		String sale = this.jdbc.queryForObject(
				"select event_id from merge_log where rule = 'DETACH' and survivor_id = ? and merged_id = ?",
				String.class, paul, buyer);
		assertThat(this.jdbc.queryForObject("select customer_id from processed_event where event_id = ?", Long.class,
				sale))
			.isEqualTo(buyer);
		assertThat(this.jdbc
			.queryForMap("select first_name, last_name, postcode, merged_into from customer where id = ?", buyer))
			.containsEntry("first_name", null)
			.containsEntry("last_name", "Martin")
			.containsEntry("postcode", "69003")
			.containsEntry("merged_into", null);
		assertThat(this.jdbc.queryForObject("select count(*) from customer_identifier where customer_id = ?",
				Integer.class, buyer))
			.isZero();
		// found by later records by its name and place, and counted among the store's
		// people
		assertThat(
				this.jdbc.queryForList("select key from customer_match_key where customer_id = ?", String.class, buyer))
			.contains("tf|ln|martin");
		assertThat(this.jdbc.queryForList(
				"select customer_id from customer_identifier where kind = 'EMAIL' and value = ?", Long.class, family))
			.containsExactlyInAnyOrder(paul, julie);
		assertThat(this.jdbc.queryForList("select customer_id from consent_statement where source_record = ?",
				Long.class, sale))
			.containsExactly(buyer);
		assertThat(this.jdbc.queryForList("select customer_id from unverified_contact where event_id = ?", Long.class,
				sale))
			.containsExactly(buyer);
		// Paul's merge history says which sale left, and where to
		JsonNode profile = getJson("/api/v1/customers/" + paul);
		List<JsonNode> taken = profile.path("merges").findParents("rule");
		assertThat(taken).anySatisfy(entry -> {
			assertThat(entry.path("rule").asText()).isEqualTo("DETACH");
			assertThat(entry.path("eventId").asText()).isEqualTo(sale);
			assertThat(entry.path("mergedId").asLong()).isEqualTo(buyer);
		});
		assertThat(getJson("/api/v1/customers/" + buyer).path("tickets").findValuesAsText("number"))
			.containsExactly(ticket);

		// such a sale arriving now is a customer of its own from the start, as unify
		// would have decided had the first one come last
		long later = holderOf(sell("", "Martin", family, "", "", "", ""));
		assertThat(later).isNotIn(paul, julie, buyer);
		assertThat(this.jdbc.queryForObject("select count(*) from customer_identifier where customer_id = ?",
				Integer.class, later))
			.isZero();
	}

	/** A box-office sale; answers its ticket number. */
	private String sell(String first, String last, String email, String phone, String postcode, String birthDate,
			String optin) {
		String sale = "S" + unique();
		String row = String.join(";", sale, "14/03/2026 10:30", "zoo", "ADULT", "Adulte", "T" + sale, "14/03/2026",
				"13/03/2027", "20,00", first, last, email, phone, postcode, birthDate, "", optin, "");
		var answer = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv", HEADER + "\n" + row);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return "T" + sale;
	}

}

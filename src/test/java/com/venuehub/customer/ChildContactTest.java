package com.venuehub.customer;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A child under 15 is enrolled, and buys, with a parent's email and phone: those say
 * nothing of which member of the household a record naming no first name is.
 */
class ChildContactTest extends HouseholdTestSupport {

	@Autowired
	Merges merges;

	@Autowired
	TransactionTemplate transaction;

	// a boy of 8 on the day of the records (March and April 2026)
	private static final LocalDate EIGHT_YEARS_AGO = LocalDate.of(2018, 1, 12);

	@Test
	void aChildEnrolledWithHisFathersEmailAndNoFirstNameIsACustomerOfHisOwn() {
		String t = unique();
		String email = "paul.castagnier" + Math.abs((long) t.hashCode()) + "@mail.example.org";
		// a father who gave no birth date
		long paul = sell("Paul", "Castagnier", email, "", "");
		// the boy's loyalty enrolment: his last name, his birth date, his father's email
		String card = "LK" + String.format("%010d", Math.abs((long) t.hashCode()) % 10_000_000_000L);
		var enrolment = post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json", """
				{"txn_id": "EC-%s", "card_number": "%s", "type": "ENROLL", "points": 0, "balance": 0,
				 "occurred_at": "2026-04-05T10:00:00+02:00", "member": {"last_name": "Castagnier",
				 "email": "%s", "birth_date": "%s"}}""".formatted(t, card, email, EIGHT_YEARS_AGO));
		assertThat(enrolment.statusCode()).as(enrolment.body()).isEqualTo(202);
		long boy = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select customer_id from loyalty_card where card_number = ?",
					Long.class, card), found -> !found.isEmpty())
			.get(0);
		// his card is his, not his father's; the father has no birth date but his own
		assertThat(boy).isNotEqualTo(paul);
		assertThat(live(boy)).isEqualTo(boy);
		assertThat(getJson("/api/v1/customers/" + boy).path("birthDate").asText())
			.isEqualTo(EIGHT_YEARS_AGO.toString());
		assertThat(getJson("/api/v1/customers/" + paul).path("birthDate").asText(null)).isNull();
	}

	@Test
	void anAnswerWithTheMobileAChildGaveIsNotTheChildsWhereAnAdultsIsTheirs() {
		String t = unique();
		String childs = "06 14 " + String.format("%06d", Math.abs((long) t.hashCode()) % 1_000_000L);
		String adults = "06 14 " + String.format("%06d", Math.abs((long) (t + "a").hashCode()) % 1_000_000L);
		// a boy's sale with his mother's mobile, and a young woman's with her own
		long leo = sell("Léo", "Bernardin", "", childs,
				EIGHT_YEARS_AGO.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")));
		long lea = sell("Léa", "Bernardin", "", adults, "20/05/2001");
		// at the kiosk, each mobile with no name: the boy's is his mother's
		answer("KC-" + t, "\"phone\": \"" + childs + "\"");
		answer("KA-" + t, "\"phone\": \"" + adults + "\"");
		assertThat(customerOfAnswer("KC-" + t)).isNull();
		assertThat(customerOfAnswer("KA-" + t)).isEqualTo(lea);
		assertThat(leo).isNotEqualTo(lea);
	}

	@Test
	void aChildsSaleWithTheMobileOfAnEarlierAnswerIsACustomerOfHisOwn() {
		String t = unique();
		String mobile = "06 15 " + String.format("%06d", Math.abs((long) t.hashCode()) % 1_000_000L);
		// his mother answers first, with her mobile and no name
		answer("KE-" + t, "\"phone\": \"" + mobile + "\"");
		Long mother = customerOfAnswer("KE-" + t);
		assertThat(mother).isNotNull();
		// the boy's sale, with his birth date and her mobile
		long boy = sell("Noé", "Vilarard", "", mobile,
				EIGHT_YEARS_AGO.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")));
		assertThat(boy).isNotEqualTo(mother);
		assertThat(customerOfAnswer("KE-" + t)).isEqualTo(mother);
	}

	@Test
	void aParentsInitialAndAChildsBirthDateWithOneEmailAreTwoCustomers() {
		String t = unique();
		String three = "23/12/2022";
		String mother = "doudou.kiki" + Math.abs((long) t.hashCode()) + "@mail.example.org";
		// a mother's sale, then her girl of three's ticket that the till named by an
		// initial, with the mother's email
		long audrey = sell("Audrey", "Du Lanand", mother, "", "");
		long girl = sell("A", "Du Lanand", mother, "", three);
		assertThat(girl).isNotEqualTo(audrey);
		// the other way round: a girl's ticket first, then her mother's under an initial
		String family = "lena.talarain" + Math.abs((long) t.hashCode()) + "@mail.example.org";
		long louise = sell("Louise", "Talarain", family, "", "01/08/2022");
		long initial = sell("L.", "Talarain", family, "", "");
		assertThat(initial).isNotEqualTo(louise);
		// the girl's name written whole on a later ticket with no birth date is hers
		assertThat(sell("Louise", "Talarain", family, "", "")).isEqualTo(louise);
		assertThat(live(audrey)).isEqualTo(audrey);
		assertThat(live(girl)).isEqualTo(girl);
		assertThat(live(louise)).isEqualTo(louise);
		assertThat(live(initial)).isEqualTo(initial);

		// the merge an earlier model made of the mother and her girl, found by the review
		long merge = this.transaction.execute(status -> this.merges.merge(audrey, girl,
				new Merges.Explanation("SHARED_EMAIL", "EMAIL", mother, null, null), "former-model:" + t));
		JsonNode finding = null;
		for (JsonNode found : getJson("/api/v1/merges/review").path("wouldNotMerge")) {
			if (found.path("mergeId").asLong() == merge) {
				finding = found;
			}
		}
		assertThat(finding).isNotNull();
		assertThat(finding.path("reason").asText()).contains("child under 15").doesNotContain("Lanand");
	}

	private Long live(long customer) {
		return this.jdbc.queryForObject("select coalesce(merged_into, id) from customer where id = ?", Long.class,
				customer);
	}

}

package com.venuehub.ingest;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.BoxOfficeSale;
import com.venuehub.HubTestSupport;
import com.venuehub.loyalty.LoyaltyIngestTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bad phone, email or optional card never costs the record: the sale, its tickets and
 * its confirmation, the loyalty enrolment, the kiosk answer all go through, the value is
 * kept unverified on the customer with its reason, and the data-quality view counts it
 * for its source and day. An email that is a JSON object is such a value, not an address.
 */
class BadContactFieldTest extends HubTestSupport {

	static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

	@Test
	void aBoxOfficeSaleWithAnInvalidPhoneKeepsItsTicketsAndItsConfirmation() {
		String u = unique();
		LocalDate day = someDay();
		String email = "marc." + u + "@example.fr";
		BoxOfficeSale sale = new BoxOfficeSale("BP" + u).soldAt(FRENCH_DATE.format(day) + " 10:30")
			.valid(FRENCH_DATE.format(day), FRENCH_DATE.format(day.plusYears(1)))
			.buyer("Marc", "Leroy" + u)
			.email(email)
			.phone("07 28 64 39 06")
			.tickets(2);
		dropBoxOffice("bad-phone-" + u + ".csv", sale);

		long customer = holderOf(sale.ticket(1));
		assertThat(holderOf(sale.ticket(2))).isEqualTo(customer);
		// the confirmation goes to the email, listing both tickets
		String key = "confirmation:box-office:" + sale.saleId();
		await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(email, key), mails -> mails.size() == 1);
		// the relay has the mail before the dispatcher commits what it sent
		String sent = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject("select body_text from outbox_message where dedup_key = ?",
					String.class, key), text -> text != null);
		assertThat(sent).contains(sale.ticket(1), sale.ticket(2));

		JsonNode profile = getJson("/api/v1/customers/" + customer);
		assertThat(profile.path("tickets")).hasSize(2);
		assertThat(profile.path("identifiers").findValuesAsText("kind")).containsExactly("EMAIL");
		JsonNode phone = profile.path("unverifiedContacts").get(0);
		assertThat(profile.path("unverifiedContacts")).hasSize(1);
		assertThat(phone.path("kind").asText()).isEqualTo("PHONE");
		assertThat(phone.path("value").asText()).isEqualTo("07 28 64 39 06");
		assertThat(phone.path("problem").asText()).isEqualTo("INVALID");
		assertThat(phone.path("reason").asText())
			.isEqualTo("not a valid phone number: no number for France starts " + "like this (a typo?)");
		assertThat(phone.path("source").asText()).isEqualTo("box-office");

		// one row per ticket: two records applied, each with the invalid phone
		JsonNode counts = dataQuality("box-office", day);
		assertThat(counts.path("applied").asLong()).isEqualTo(2);
		assertThat(counts.path("invalidPhones").asLong()).isEqualTo(2);
		assertThat(counts.path("invalidEmails").asLong()).isZero();
		assertThat(counts.path("placeholders").asLong()).isZero();
	}

	@Test
	void anOnlineOrderWithAnInvalidPhoneKeepsItsTicketsAndItsConfirmation() {
		String u = unique();
		LocalDate day = someDay();
		String code = "OP" + u;
		String email = "ines." + u + "@example.fr";
		var answer = post("/api/v1/ingest/online", "dev-online-key", "application/json", """
				{"code": "%s", "status": "p", "email": "%s", "phone": "+33 7 28 64 39 06",
				 "datetime": "%sT12:00:00+01:00", "event": "zoo-lyon",
				 "invoice_address": {"name_parts": {"given_name": "Inès", "family_name": "Garnier%s"}},
				 "positions": [
				   {"positionid": 1, "item": 21, "item_name": "Entrée adulte", "price": "25.00", "secret": "%s-A",
				    "valid_from": "%s", "valid_until": "%s"},
				   {"positionid": 2, "item": 22, "item_name": "Entrée enfant", "price": "15.00", "secret": "%s-B",
				    "valid_from": "%s", "valid_until": "%s"}]}""".formatted(code, email, day, u, code, day,
				day.plusMonths(6), code, day, day.plusMonths(6)));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		JsonNode report = readJson(answer.body());
		assertThat(report.path("accepted").asInt()).isEqualTo(1);
		assertThat(report.path("quarantined").asInt()).isZero();
		assertThat(report.at("/unverified/0/kind").asText()).isEqualTo("PHONE");

		long customer = holderOf(code + "-A");
		assertThat(holderOf(code + "-B")).isEqualTo(customer);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "confirmation:online:" + code), mails -> mails.size() == 1);
		JsonNode profile = getJson("/api/v1/customers/" + customer);
		assertThat(profile.path("identifiers").findValuesAsText("value")).containsExactly(email);
		assertThat(profile.path("unverifiedContacts").findValuesAsText("value")).containsExactly("+33 7 28 64 39 06");
		assertThat(profile.at("/unverifiedContacts/0/reason").asText()).startsWith("not a valid phone number");

		JsonNode counts = dataQuality("online", day);
		assertThat(counts.path("applied").asLong()).isEqualTo(1);
		assertThat(counts.path("invalidPhones").asLong()).isEqualTo(1);
	}

	@Test
	void aLoyaltyEnrolmentWithABadEmailEnrolsTheCardButABadCardIsStillRefused() {
		String u = unique();
		LocalDate day = someDay();
		String card = LoyaltyIngestTest.card();
		String phone = "0612" + LoyaltyIngestTest.digits(6);
		var enrolled = post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json", """
				[{"txn_id": "EN-%s", "card_number": "%s", "type": "ENROLL", "occurred_at": "%sT10:00:00+01:00",
				  "member": {"first_name": "Paul", "last_name": "Girard%s", "email": "paul.%s@gmail",
				             "phone": "%s", "optin_email": true}},
				 {"txn_id": "EA-%s", "card_number": "%s", "type": "EARN", "points": 30,
				  "occurred_at": "%sT11:00:00+01:00"},
				 {"txn_id": "EB-%s", "card_number": "LC*%s", "type": "ENROLL", "occurred_at": "%sT10:00:00+01:00",
				  "member": {"first_name": "Paul", "last_name": "Girard%s"}}]""".formatted(u, card, day, u, u, phone, u,
				card, day, u, u, day, u));
		assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(202);
		JsonNode report = readJson(enrolled.body());
		assertThat(report.path("accepted").asInt()).isEqualTo(2);
		// the card is what an enrolment is about: a malformed one is refused
		assertThat(report.path("quarantined").asInt()).isEqualTo(1);
		assertThat(report.at("/rejections/0/reason").asText()).contains("card format");

		long member = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList(
					"select customer_id from loyalty_card where card_number = ? " + "and balance = 30", Long.class,
					card), ids -> ids.size() == 1)
			.get(0);
		JsonNode profile = getJson("/api/v1/customers/" + member);
		assertThat(profile.path("identifiers").findValuesAsText("kind")).containsExactlyInAnyOrder("CARD", "PHONE");
		assertThat(profile.path("unverifiedContacts").findValuesAsText("value"))
			.containsExactly("paul." + u + "@gmail");
		assertThat(profile.at("/unverifiedContacts/0/reason").asText())
			.isEqualTo("not a valid email address: 'gmail' is not a domain");

		JsonNode counts = dataQuality("loyalty", day);
		assertThat(counts.path("applied").asLong()).isEqualTo(2);
		assertThat(counts.path("invalidEmails").asLong()).isEqualTo(1);
	}

	@Test
	void aKioskAnswerWithABadPhoneCountsAndKeepsTheVisitor() {
		String u = unique();
		LocalDate day = someDay();
		String venue = "parc-" + u;
		List<String> contacts = List.of("\"phone\": \"06 12 34 56\", \"optin\": true", "\"email\": \"x@x.com\"");
		for (int i = 0; i < contacts.size(); i++) {
			var answer = post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json", """
					{"response_id": "KB-%s-%d", "kiosk_id": "exit", "venue": "%s", "answered_at": "%sT16:00:00+01:00",
					 "score": 9, %s}""".formatted(u, i, venue, day, contacts.get(i)));
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> getJson("/api/v1/venues/" + venue + "/nps").path("answers").asInt() == 2);

		List<Map<String, Object>> answers = this.jdbc.queryForList(
				"select response_id, customer_id from feedback_response where venue = ? order by response_id", venue);
		// the visitor who typed a phone, even a wrong one, is kept with their answer
		Long visitor = (Long) answers.stream()
			.filter(a -> a.get("customer_id") != null)
			.findFirst()
			.orElseThrow()
			.get("customer_id");
		JsonNode profile = getJson("/api/v1/customers/" + visitor);
		assertThat(profile.path("satisfaction").findValuesAsText("venue")).containsExactly(venue);
		assertThat(profile.path("unverifiedContacts").findValuesAsText("value")).containsExactly("06 12 34 56");
		// a placeholder alone says nothing about who answered: anonymous, still counted
		assertThat(answers).filteredOn(a -> a.get("customer_id") == null).hasSize(1);

		JsonNode counts = dataQuality("kiosk", day);
		assertThat(counts.path("applied").asLong()).isEqualTo(2);
		assertThat(counts.path("invalidPhones").asLong()).isEqualTo(1);
		assertThat(counts.path("placeholders").asLong()).isEqualTo(1);
	}

	@Test
	void aMalformedLoyaltyCardOnASaleIsKeptUnverified() {
		String u = unique();
		LocalDate day = someDay();
		String email = "lena." + u + "@example.fr";
		BoxOfficeSale sale = new BoxOfficeSale("BK" + u).soldAt(FRENCH_DATE.format(day) + " 11:00")
			.buyer("Léna", "Morin" + u)
			.email(email)
			.card("LC-12");
		postBoxOffice(sale);

		JsonNode profile = getJson("/api/v1/customers/" + holderOf(sale.ticket(1)));
		assertThat(profile.path("identifiers").findValuesAsText("value")).containsExactly(email);
		assertThat(profile.path("loyalty")).isEmpty();
		assertThat(profile.at("/unverifiedContacts/0/kind").asText()).isEqualTo("CARD");
		assertThat(profile.at("/unverifiedContacts/0/value").asText()).isEqualTo("LC-12");
		assertThat(dataQuality("box-office", day).path("invalidCards").asLong()).isEqualTo(1);
	}

	@Test
	void anEmailThatIsAnObjectIsKeptUnverifiedNotTakenForAnAddress() {
		String u = unique();
		LocalDate day = someDay();
		String code = "OJ" + u;
		String phone = "0612" + LoyaltyIngestTest.digits(6);
		// the object's JSON text has the shape of an address: {"a":"b…@c.de"}
		var answer = post("/api/v1/ingest/online", "dev-online-key", "application/json", """
				{"code": "%s", "status": "p", "email": {"a": "b.%s@c.de"}, "phone": "%s",
				 "datetime": "%sT12:00:00+01:00", "event": "zoo-lyon",
				 "invoice_address": {"name_parts": {"given_name": "Inès", "family_name": "Garnier%s"}},
				 "positions": [{"positionid": 1, "item": 21, "price": "25.00", "secret": "%s-A"}]}""".formatted(code, u,
				phone, day, u, code));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		JsonNode report = readJson(answer.body());
		assertThat(report.path("accepted").asInt()).isEqualTo(1);
		assertThat(report.at("/unverified/0/kind").asText()).isEqualTo("EMAIL");
		assertThat(report.at("/unverified/0/reason").asText()).isEqualTo("not an email address: it is an object");

		JsonNode profile = getJson("/api/v1/customers/" + holderOf(code + "-A"));
		assertThat(profile.path("identifiers").findValuesAsText("kind")).containsExactly("PHONE");
		assertThat(profile.path("unverifiedContacts").findValuesAsText("value"))
			.containsExactly("{\"a\":\"b." + u + "@c.de\"}");
		assertThat(profile.at("/unverifiedContacts/0/kind").asText()).isEqualTo("EMAIL");
		assertThat(dataQuality("online", day).path("invalidEmails").asLong()).isEqualTo(1);
	}

	/**
	 * A day of its own for each test, far from the other tests' days, so its counts are
	 * its own.
	 */
	static LocalDate someDay() {
		// a day of the past no other test uses (a record dated ahead of the hub's clock
		// is
		// quarantined)
		return LocalDate.of(2001, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3650));
	}

	/** The data-quality counts of that source on that day. */
	JsonNode dataQuality(String source, LocalDate day) {
		JsonNode days = getJson("/api/v1/data-quality?source=" + source + "&from=" + day + "&to=" + day).path("days");
		assertThat(days).as("data quality of " + source + " on " + day).hasSize(1);
		assertThat(days.get(0).path("day").asText()).isEqualTo(day.toString());
		return days.get(0);
	}

}

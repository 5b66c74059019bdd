package com.venuehub.email;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.BoxOfficeSale;
import com.venuehub.TestMailServer;
import com.venuehub.loyalty.LoyaltyIngestTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Placeholders, addresses kept unverified and addresses flagged as shared by too many
 * people never receive anything: the confirmation goes to the customer's usable address
 * when they have one, else it is recorded as suppressed with the reason; reminders skip
 * them too.
 */
class UnusableAddressTest extends EmailTestSupport {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	@Autowired
	ReminderScheduler scheduler;

	@Test
	void aPlaceholderOrAnInvalidEmailGetsNoMailAndTheOutboxSaysWhy() {
		String u = unique();
		BoxOfficeSale placeholder = new BoxOfficeSale("PX" + u).buyer("Lucie", "Blanc" + u).email("x@x.com");
		BoxOfficeSale invalid = new BoxOfficeSale("PI" + u).buyer("Anne", "Morel" + u).email("anne." + u + "@");
		// a placeholder and nothing else: an anonymous sale
		BoxOfficeSale nobody = new BoxOfficeSale("PN" + u).email("test@test.com");
		postBoxOffice(placeholder, invalid, nobody);

		Map<String, Object> toPlaceholder = suppressed("confirmation:box-office:" + placeholder.saleId());
		assertThat(toPlaceholder.get("recipient")).isNull();
		assertThat(toPlaceholder.get("reason"))
			.isEqualTo("not sent: the email given is a placeholder typed when the visitor gave no address, and the "
					+ "customer has no other usable address");
		assertThat(toPlaceholder.get("customer_id")).isEqualTo(holderOf(placeholder.ticket(1)));
		Map<String, Object> toInvalid = suppressed("confirmation:box-office:" + invalid.saleId());
		assertThat(toInvalid.get("reason")).asString()
			.startsWith("not sent: the email given is not a valid email address: nothing after the @");
		assertThat(TestMailServer.receivedBy("x@x.com")).noneMatch(m -> dedupKey(m).contains(u));
		// the buyer is kept, with what they typed
		JsonNode lucie = getJson("/api/v1/customers/" + holderOf(placeholder.ticket(1)));
		assertThat(lucie.path("identifiers")).isEmpty();
		assertThat(lucie.at("/unverifiedContacts/0/value").asText()).isEqualTo("x@x.com");
		assertThat(lucie.at("/unverifiedContacts/0/problem").asText()).isEqualTo("PLACEHOLDER");

		assertThat(appliedWithHolder(nobody.ticket(1))).isFalse();
		assertThat(outbox("confirmation:box-office:" + nobody.saleId())).isEmpty();
	}

	@Test
	void aPlaceholderAtTheBoxOfficeFallsBackToTheAddressTheCustomerGaveOnline() {
		String u = unique();
		String email = "chloe." + u + "@example.fr";
		String phone = "0645" + LoyaltyIngestTest.digits(6);
		String code = onlineOrder("FB" + u, "Chloé", "Vidal" + u, email, phone, "2026-04-01", "2026-12-31");
		long customer = holderOf(code + "-1");
		// the same person at the box office: the clerk typed a placeholder
		BoxOfficeSale sale = new BoxOfficeSale("FB" + u).buyer("Chloé", "Vidal" + u)
			.email("x@x.com")
			.phone(phone.replaceAll("(\\d{2})(?=\\d)", "$1 "));
		postBoxOffice(sale);
		assertThat(holderOf(sale.ticket(1))).isEqualTo(customer);

		String key = "confirmation:box-office:" + sale.saleId();
		await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(email, key), mails -> mails.size() == 1);
		assertThat(outbox(key)).singleElement().satisfies(row -> assertThat(row.get("recipient")).isEqualTo(email));
		assertThat(TestMailServer.receivedBy("x@x.com")).noneMatch(m -> dedupKey(m).equals(key));
	}

	@Test
	void anAddressAtAMistypedProviderIsNeverSentToAndTheConfirmationGoesToTheCustomersOwn() {
		String u = unique();
		String email = "chloe." + u + "@gmail.com";
		String mistyped = "Chloe." + u + "@gmial.com";
		String phone = "0645" + LoyaltyIngestTest.digits(6);
		String code = onlineOrder("MT" + u, "Chloé", "Vidal" + u, email, phone, "2026-04-01", "2026-12-31");
		long customer = holderOf(code + "-1");
		// the same person at the box office: the clerk typed her provider wrong
		BoxOfficeSale sale = new BoxOfficeSale("MT" + u).buyer("Chloé", "Vidal" + u).email(mistyped).phone(phone);
		// a buyer who gave only an address at a mistyped provider
		BoxOfficeSale alone = new BoxOfficeSale("MA" + u).buyer("Hugo", "Petit" + u).email("hugo." + u + "@hotmial.fr");
		postBoxOffice(sale, alone);
		assertThat(holderOf(sale.ticket(1))).isEqualTo(customer);

		String key = "confirmation:box-office:" + sale.saleId();
		await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(email, key), mails -> mails.size() == 1);
		assertThat(outbox(key)).singleElement().satisfies(row -> assertThat(row.get("recipient")).isEqualTo(email));
		assertThat(TestMailServer.receivedBy(mistyped.toLowerCase())).isEmpty();
		// kept on her profile as typed, with the reason, and never an identifier
		JsonNode chloe = getJson("/api/v1/customers/" + customer);
		assertThat(chloe.path("identifiers").findValuesAsText("value")).containsOnly(email, "+33" + phone.substring(1));
		assertThat(chloe.path("unverifiedContacts")).singleElement().satisfies(value -> {
			assertThat(value.path("value").asText()).isEqualTo(mistyped);
			assertThat(value.path("problem").asText()).isEqualTo("INVALID");
			assertThat(value.path("reason").asText())
				.isEqualTo("not a deliverable email address: 'gmial.com' looks like 'gmail.com' mistyped");
		});

		Map<String, Object> toAlone = suppressed("confirmation:box-office:" + alone.saleId());
		assertThat(toAlone.get("recipient")).isNull();
		assertThat(toAlone.get("reason")).isEqualTo("not sent: the email given is not a deliverable email address: "
				+ "'hotmial.fr' looks like 'hotmail.fr' mistyped, and the customer has no other usable address");
		assertThat(getJson("/api/v1/customers/" + holderOf(alone.ticket(1))).path("identifiers")).isEmpty();
	}

	@Test
	void anAddressAtAMistypedProviderAnEarlierVersionKeptIsNotReminded() {
		String u = unique();
		LocalDate expiry = LocalDate.of(2033, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3000));
		String email = "ines." + u + "@yahoo.fr";
		String code = onlineOrder("ME" + u, "Inès", "Garnier" + u, email, "0646" + LoyaltyIngestTest.digits(6),
				"2026-04-01", expiry.toString());
		long customer = holderOf(code + "-1");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "confirmation:online:" + code), mails -> mails.size() == 1);
		// what an earlier version kept as her identifier
		String mistyped = "ines." + u + "@yaho.fr";
		assertThat(this.jdbc.update("update customer_identifier set value = ? where kind = 'EMAIL' and value = ?",
				mistyped, email))
			.isEqualTo(1);

		this.clock
			.set(LocalDateTime.of(expiry.minusDays(7), java.time.LocalTime.of(10, 0, 30)).atZone(PARIS).toInstant());
		this.scheduler.schedule();
		String key = "reminder:J-7:" + customer + ":" + expiry;
		Map<String, Object> reminder = await().atMost(Duration.ofSeconds(30))
			.until(() -> outbox(key), rows -> rows.size() == 1 && !"PENDING".equals(rows.get(0).get("status")))
			.get(0);
		assertThat(reminder.get("status")).isEqualTo("SUPPRESSED");
		assertThat(reminder.get("reason")).isEqualTo("the address is at 'yahoo.fr' mistyped");
		assertThat(TestMailServer.receivedBy(mistyped)).isEmpty();
	}

	@Test
	void anAddressFlaggedAsSharedIsNeitherConfirmedToNorReminded() {
		String u = unique();
		String shared = "famille." + u + "@example.fr";
		String[] names = { "Alice", "Bruno", "Chloé", "Damien", "Emma", "Fabien" };
		for (int i = 0; i < names.length; i++) {
			postBoxOffice(new BoxOfficeSale("SH" + u + i).buyer(names[i], "Morel" + u)
				.email(shared)
				.birthDate("0" + (i + 1) + "/0" + (i + 1) + "/19" + (60 + i * 7)));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList(
					"select holders from identifier_flag where kind = 'EMAIL' and value = ?", Integer.class, shared),
					flags -> flags.size() == 1);

		LocalDate expiry = LocalDate.of(2033, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3000));
		String own = "karine." + u + "@example.fr";
		String phone = "0646" + LoyaltyIngestTest.digits(6);
		String code = onlineOrder("FL" + u, "Karine", "Roche" + u, own, phone, "2026-04-01", expiry.toString());
		long karine = holderOf(code + "-1");
		// at the box office she gives the family's address, which links nobody any more
		BoxOfficeSale sale = new BoxOfficeSale("FL" + u).buyer("Karine", "Roche" + u)
			.email(shared)
			.phone(phone)
			.valid("01/04/2026", expiry.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")));
		postBoxOffice(sale);
		assertThat(holderOf(sale.ticket(1))).isEqualTo(karine);
		assertThat(getJson("/api/v1/customers/" + karine).path("identifiers").findValuesAsText("value"))
			.contains(shared, own);

		String key = "confirmation:box-office:" + sale.saleId();
		await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(own, key), mails -> mails.size() == 1);
		assertThat(mailsTo(shared, key)).isEmpty();

		// a week before the tickets expire: the reminder goes to her own address, not
		// the family's newer one
		this.clock
			.set(LocalDateTime.of(expiry.minusDays(7), java.time.LocalTime.of(10, 0, 30)).atZone(PARIS).toInstant());
		this.scheduler.schedule();
		List<Map<String, Object>> reminder = outbox("reminder:J-7:" + karine + ":" + expiry);
		assertThat(reminder).singleElement().satisfies(row -> assertThat(row.get("recipient")).isEqualTo(own));
	}

	/** The outbox row of that key, once decided; it must be suppressed. */
	private Map<String, Object> suppressed(String key) {
		Map<String, Object> row = await().atMost(Duration.ofSeconds(30))
			.until(() -> outbox(key), rows -> rows.size() == 1)
			.get(0);
		assertThat(row.get("status")).isEqualTo("SUPPRESSED");
		return row;
	}

	/** A paid online order of one ticket with the buyer's email and phone. */
	private String onlineOrder(String code, String given, String family, String email, String phone, String from,
			String until) {
		var answer = post("/api/v1/ingest/online", "dev-online-key", "application/json", """
				{"code": "%s", "status": "p", "email": "%s", "phone": "%s", "datetime": "2026-03-01T09:00:00+01:00",
				 "event": "zoo-lyon", "invoice_address": {"name_parts": {"given_name": "%s", "family_name": "%s"}},
				 "positions": [{"positionid": 1, "item": 21, "item_name": "Entrée adulte", "price": "25.00",
				                "secret": "%s-1", "valid_from": "%s", "valid_until": "%s"}]}""".formatted(code, email,
				phone, given, family, code, from, until));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return code;
	}

}

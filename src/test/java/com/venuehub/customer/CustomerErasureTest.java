package com.venuehub.customer;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.TestClock;
import com.venuehub.TestMailServer;
import com.venuehub.email.ReminderScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure of a person: no personal value of theirs is left in any table, the venue's
 * figures still count, nothing more is sent to them, and the person coming back later is
 * a new customer.
 */
class CustomerErasureTest extends PersonalDataTestSupport {

	@Autowired
	TestClock clock;

	@Autowired
	ReminderScheduler reminders;

	@AfterEach
	void realTimeAndRelayUp() {
		this.clock.reset();
		TestMailServer.start();
	}

	@Test
	void erasureLeavesNoPersonalValueInAnyTableAndKeepsTheFigures() {
		Person person = ingestPerson();
		long id = person.survivor();
		JsonNode npsBefore = getJson("/api/v1/venues/" + person.venue() + "/nps");
		assertThat(npsBefore.path("answers").asInt()).isEqualTo(2);
		assertThat(personalValuesIn(person)).as("the person's values before the erasure").isNotEmpty();

		// asked by the merged id: the whole person goes
		var response = delete("/api/v1/customers/" + person.merged() + "?reference=DPO-" + person.u());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode receipt = readJson(response.body());
		assertThat(receipt.path("id").asLong()).isEqualTo(id);
		assertThat(receipt.path("requestedId").asLong()).isEqualTo(person.merged());
		assertThat(receipt.path("mergedIds").get(0).asLong()).isEqualTo(person.merged());
		assertThat(receipt.path("erasedBy").asText()).isEqualTo("operator:venue-it");
		assertThat(receipt.at("/summary/ticketsKept").asInt()).isEqualTo(2);
		assertThat(receipt.at("/summary/quarantinedRecordsErased").asInt()).isEqualTo(1);

		// no table holds their email, phone (as E.164 or as written), card, names or
		// comments
		assertThat(personalValuesIn(person)).as("the person's values after the erasure").isEmpty();
		for (Map<String, Object> row : this.jdbc.queryForList("select * from customer where id in (?, ?)", id,
				person.merged())) {
			assertThat(row.get("erased_at")).isNotNull();
			for (String field : List.of("first_name", "last_name", "birth_date", "street", "locality", "postcode",
					"locale")) {
				assertThat(row.get(field)).as(field).isNull();
			}
		}
		assertThat(this.jdbc.queryForObject("select count(*) from customer_identifier where customer_id in (?, ?)",
				Integer.class, id, person.merged()))
			.isZero();
		Map<String, Object> confirmation = this.jdbc.queryForMap(
				"select status, recipient, subject, body_text, body_html from outbox_message where dedup_key = ?",
				"confirmation:online:O" + person.u());
		assertThat(confirmation.get("status")).isEqualTo("SENT");
		assertThat(confirmation.get("recipient")).isNull();
		assertThat(confirmation.get("body_text")).isNull();
		assertThat(confirmation.get("body_html")).isNull();
		assertThat(
				this.jdbc.queryForList("select comment from feedback_response where customer_id = ?", String.class, id))
			.hasSize(2)
			.containsOnlyNulls();

		// the figures stay: tickets and their prices, points, kiosk scores in NPS
		List<BigDecimal> prices = this.jdbc.queryForList(
				"select price from ticket where customer_id = ? and status = 'VALID' order by ticket_number",
				BigDecimal.class, id);
		assertThat(prices).usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("89.00"), new BigDecimal("49.00"));
		assertThat(this.jdbc.queryForObject("select balance from loyalty_card where customer_id = ?", Long.class, id))
			.isEqualTo(120);
		assertThat(this.jdbc.queryForObject("""
				select count(*) from loyalty_transaction t join loyalty_card c on c.card_number = t.card_number
				where c.customer_id = ?""", Integer.class, id)).isEqualTo(2);
		assertThat(getJson("/api/v1/venues/" + person.venue() + "/nps")).isEqualTo(npsBefore);

		// the erasure is recorded, without personal data
		Map<String, Object> record = this.jdbc.queryForMap("select * from customer_erasure where customer_id = ?", id);
		assertThat(record.get("erased_by")).isEqualTo("operator:venue-it");
		assertThat(record.get("reference")).isEqualTo("DPO-" + person.u());
		assertThat(record.get("requested_id")).isEqualTo(person.merged());

		// the API says the person was erased, by either id, and finds them nowhere
		for (long asked : List.of(id, person.merged())) {
			var profile = get("/api/v1/customers/" + asked, OPERATOR_KEY);
			assertThat(profile.statusCode()).isEqualTo(410);
			JsonNode gone = readJson(profile.body());
			assertThat(gone.path("detail").asText()).contains("customer " + id + " was erased on");
			assertThat(gone.path("erasedAt").asText()).isNotEmpty();
			assertThat(get("/api/v1/customers/" + asked + "/export", OPERATOR_KEY).statusCode()).isEqualTo(410);
		}
		assertThat(getJson("/api/v1/customers?email=" + person.email()).path("items")).isEmpty();
		assertThat(getJson("/api/v1/customers?ticket=" + person.ticket(1)).path("items")).isEmpty();

		// the quarantined record of theirs is erased and cannot be replayed
		JsonNode quarantined = getJson("/api/v1/quarantine/" + person.quarantineId());
		assertThat(quarantined.path("status").asText()).isEqualTo("ERASED");
		var replay = post("/api/v1/quarantine/" + person.quarantineId() + "/replay", OPERATOR_KEY, "application/json",
				"");
		assertThat(replay.statusCode()).isEqualTo(410);
		assertThat(readJson(replay.body()).path("detail").asText()).contains("erased");

		// a second erasure, an unknown id: each says why
		var again = delete("/api/v1/customers/" + id);
		assertThat(again.statusCode()).isEqualTo(410);
		assertThat(readJson(again.body()).path("detail").asText()).contains("was erased on");
		var unknown = delete("/api/v1/customers/987654321");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(readJson(unknown.body()).path("detail").asText()).isEqualTo("no customer 987654321");

		// a kiosk answer given later with one of their tickets stays anonymous
		post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json", """
				{"response_id": "KC-%s", "kiosk_id": "exit", "venue": "%s", "answered_at": "2026-03-21T17:00:00+01:00",
				 "score": 10, "ticket_number": "%s"}""".formatted(person.u(), person.venue(), person.ticket(2)));
		await().atMost(WAIT)
			.until(() -> getJson("/api/v1/venues/" + person.venue() + "/nps").path("answers").asInt(),
					answers -> answers == 3);
		assertThat(this.jdbc.queryForObject("select customer_id from feedback_response where response_id = ?",
				Long.class, "KC-" + person.u()))
			.isNull();
	}

	@Test
	void aPendingReminderIsSuppressedAndNeverReachesTheRelay() {
		Person person = ingestPerson();
		long id = person.survivor();
		// the relay is down: the J-7 reminder of the tickets (valid until 14 March 2027)
		// stays pending
		TestMailServer.stop();
		this.clock.set(LocalDateTime.parse("2027-03-07T10:01").atZone(ZoneId.of("Europe/Paris")).toInstant());
		this.reminders.schedule();
		String reminderKey = "reminder:J-7:" + id + ":2027-03-14";
		assertThat(statusOf(reminderKey)).isEqualTo("PENDING");

		var response = delete("/api/v1/customers/" + id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(readJson(response.body()).at("/summary/messagesSuppressed").asInt()).isEqualTo(1);
		Map<String, Object> reminder = this.jdbc
			.queryForMap("select status, reason, recipient from outbox_message where dedup_key = ?", reminderKey);
		assertThat(reminder.get("status")).isEqualTo("SUPPRESSED");
		assertThat(reminder.get("reason")).isEqualTo("customer erased");
		assertThat(reminder.get("recipient")).isNull();
		var listed = getJson("/api/v1/messages?customerId=" + id + "&kind=reminder&status=suppressed");
		assertThat(listed.at("/items/0/reason").asText()).isEqualTo("customer erased");

		// the relay is back, the scheduler and the dispatcher go on: nothing for them
		TestMailServer.start();
		this.clock.set(LocalDateTime.parse("2027-03-13T10:01").atZone(ZoneId.of("Europe/Paris")).toInstant());
		this.reminders.schedule();
		assertThat(this.jdbc.queryForList("select dedup_key from outbox_message where dedup_key like ?", String.class,
				"reminder:J-1:" + id + ":%"))
			.isEmpty();
		this.clock.reset();
		String other = "other." + person.u() + "@example.fr";
		post("/api/v1/ingest/online", "dev-online-key", "application/json",
				"""
						{"code": "P%s", "status": "p", "email": "%s", "datetime": "2026-11-01T09:00:00+01:00", "event": "zoo-lyon",
						 "invoice_address": {"name_parts": {"given_name": "Paul", "family_name": "Autre%s"}},
						 "positions": [{"positionid": 1, "item": 21, "price": "25.00", "secret": "P%s-1",
						                "valid_from": "2026-11-01", "valid_until": "2028-03-13"}]}"""
					.formatted(person.u(), other, person.u(), person.u()));
		// a mail sent after the erasure proves the dispatcher ran
		await().atMost(WAIT).until(() -> TestMailServer.receivedBy(other), mails -> mails.size() == 1);
		assertThat(TestMailServer.received().stream().map(CustomerErasureTest::dedupKey))
			.noneMatch(key -> key.startsWith("reminder:") && key.contains(":" + id + ":"));
		assertThat(TestMailServer.receivedBy(person.email())).isEmpty();
	}

	@Test
	void theReasonsOperatorsGaveForTellingThePersonsProfilesApartAreErasedWithThem() {
		Person anne = ingestPerson();
		Person bruno = ingestPerson();
		String anneWhy = unmerge(anne, "Two people: " + anne.lastName() + " (" + anne.email() + ") and her daughter");
		String brunoWhy = unmerge(bruno, "Not the same: " + bruno.lastName() + " and his brother");
		assertThat(unmergeReasons(anne)).containsExactly(anneWhy);

		// erased by the profile given back its records: the reason recorded on the other
		// profile goes
		var byMerged = delete("/api/v1/customers/" + anne.merged());
		assertThat(byMerged.statusCode()).as(byMerged.body()).isEqualTo(200);
		assertThat(readJson(byMerged.body()).at("/summary/operatorReasonsErased").asInt()).isEqualTo(1);
		assertThat(unmergeReasons(anne)).containsExactly("[erased with the customer]");
		Map<String, Object> action = this.jdbc.queryForMap(
				"select actor, subject, at from operator_action where action = 'UNMERGE' and customer_id = ?",
				anne.survivor());
		assertThat(action.get("actor")).as("who and when stay").isEqualTo("operator:venue-it");
		assertThat(action.get("subject")).isEqualTo("merged:" + anne.merged());
		assertThat(action.get("at")).isNotNull();
		// another person's reason stays
		assertThat(unmergeReasons(bruno)).containsExactly(brunoWhy);

		// erased by the profile the reason was recorded on
		assertThat(delete("/api/v1/customers/" + bruno.survivor()).statusCode()).isEqualTo(200);
		assertThat(unmergeReasons(bruno)).containsExactly("[erased with the customer]");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from operator_action where strpos(reason, ?) > 0 or strpos(reason, ?) > 0",
				Integer.class, anne.lastName(), bruno.lastName()))
			.isZero();
	}

	/** Undoes the person's merge through the API with that reason; answers it. */
	private String unmerge(Person person, String reason) {
		var response = post("/api/v1/customers/" + person.survivor() + "/unmerge", OPERATOR_KEY, "application/json",
				"{\"mergedId\": %d, \"reason\": \"%s\"}".formatted(person.merged(), reason));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return reason;
	}

	private List<String> unmergeReasons(Person person) {
		return this.jdbc.queryForList("""
				select reason from operator_action where action = 'UNMERGE' and customer_id = ? and subject = ?""",
				String.class, person.survivor(), "merged:" + person.merged());
	}

	@Test
	void theSameEmailComingBackLaterIsANewCustomerAndTheErasedOneGetsNothing() {
		String u = unique();
		String email = "back." + u + "@example.fr";
		String first = order("A" + u, email, "2027-01-10");
		long erased = await().atMost(WAIT).until(() -> idOf("email=" + email), found -> found != null);
		await().atMost(WAIT).until(() -> TestMailServer.receivedBy(email), mails -> mails.size() == 1);
		assertThat(delete("/api/v1/customers/" + erased).statusCode()).isEqualTo(200);

		// the person orders again with the same email: a new customer, the erased one
		// stays erased
		order("B" + u, email, "2027-06-10");
		long back = await().atMost(WAIT).until(() -> idOf("email=" + email), found -> found != null);
		assertThat(back).isNotEqualTo(erased);
		JsonNode profile = getJson("/api/v1/customers/" + back);
		assertThat(profile.path("tickets").findValuesAsText("number")).containsExactly("B" + u + "-1");
		assertThat(profile.path("identifiers").findValuesAsText("value")).containsExactly(email);
		assertThat(get("/api/v1/customers/" + erased, OPERATOR_KEY).statusCode()).isEqualTo(410);
		assertThat(this.jdbc.queryForObject("select count(*) from customer_identifier where customer_id = ?",
				Integer.class, erased))
			.isZero();
		assertThat(this.jdbc.queryForObject("select customer_id from ticket where ticket_number = ?", Long.class,
				first + "-1"))
			.isEqualTo(erased);
		await().atMost(WAIT).until(() -> TestMailServer.receivedBy(email), mails -> mails.size() == 2);

		// a message decided for the erased customer by a process that read them before
		// the erasure goes nowhere, although the address is held again (by the new
		// customer)
		String stale = "reminder:J-7:" + erased + ":stale-" + u;
		this.jdbc
			.update("""
					insert into outbox_message (dedup_key, channel, kind, customer_id, recipient, venue, valid_until,
					                            offset_days, status, reason, due_at, next_attempt_at)
					values (?, 'EMAIL', 'REMINDER', ?, ?, 'zoo-lyon', date '2027-01-10', 7, 'PENDING', 'test', now(), now())""",
					stale, erased, email);
		await().atMost(WAIT).until(() -> statusOf(stale), status -> !"PENDING".equals(status));
		assertThat(statusOf(stale)).isEqualTo("SUPPRESSED");
		assertThat(
				this.jdbc.queryForObject("select reason from outbox_message where dedup_key = ?", String.class, stale))
			.isEqualTo("customer erased");
		assertThat(TestMailServer.receivedBy(email)).hasSize(2).noneMatch(m -> dedupKey(m).equals(stale));
	}

	/** Every table and column holding one of the person's values, as "table: value". */
	private List<String> personalValuesIn(Person person) {
		List<String> found = new ArrayList<>();
		List<String> tables = this.jdbc.queryForList("""
				select table_name from information_schema.tables
				where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name""",
				String.class);
		for (String table : tables) {
			for (String value : person.personalValues()) {
				Integer rows = this.jdbc.queryForObject(
						"select count(*) from \"" + table + "\" r where strpos(lower(r::text), lower(?)) > 0",
						Integer.class, value);
				if (rows != null && rows > 0) {
					found.add(table + ": " + value);
				}
			}
		}
		return found;
	}

	private String statusOf(String dedupKey) {
		List<String> status = this.jdbc.queryForList("select status from outbox_message where dedup_key = ?",
				String.class, dedupKey);
		return status.isEmpty() ? null : status.get(0);
	}

	/** A paid online order of one ticket; answers its code. */
	private String order(String code, String email, String validUntil) {
		var response = post("/api/v1/ingest/online", "dev-online-key", "application/json",
				"""
						{"code": "%s", "status": "p", "email": "%s", "datetime": "2026-11-01T09:00:00+01:00", "event": "zoo-lyon",
						 "invoice_address": {"name_parts": {"given_name": "Lou", "family_name": "Retour%s"}},
						 "positions": [{"positionid": 1, "item": 21, "price": "25.00", "secret": "%s-1",
						                "valid_from": "2026-11-01", "valid_until": "%s"}]}"""
					.formatted(code, email, code, code, validUntil));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return code;
	}

}

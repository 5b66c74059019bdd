package com.venuehub.email;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.TestMailServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An email goes only to its own customer's current address, end to end with a real SMTP
 * server: two records merged by a shared phone, a reminder of the first person decided
 * for the second one's address while the relay is down, the merge undone: the reminder is
 * suppressed, never sent to the other person, and the first person's next reminder goes
 * to their own address. Once the other person is erased, the reminder left under the
 * first person keeps neither their address nor its text.
 */
class UnmergedRecipientTest extends EmailTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	ReminderScheduler reminders;

	@Test
	void aPendingReminderDoesNotGoToTheAddressAnUnmergeGaveBack() {
		String u = unique();
		String family = familyName("family." + u);
		String first = "a." + u + "@example.fr";
		String second = "b." + u + "@example.fr";
		// a mobile of the 0613 range, valid whatever its digits (a 0639 or 0690 number
		// is not: it would be kept unverified, linking nobody), apart from the 0612
		// numbers other tests draw
		String phone = "+33613" + u.chars()
			.map(c -> c % 10)
			.limit(6)
			.collect(StringBuilder::new, StringBuilder::append, StringBuilder::append);
		post(order("UA" + u, first, null, "1980-01-01", family, "2026-03-01T10:00:00+01:00", "2027-03-14"));
		long anna = customerOf("UA" + u + "-1");
		// the other person of that name, no birth date given, leaves her address and a
		// phone (two birth dates would be two people whatever they share)
		post(order("UB" + u, second, phone, null, family, "2026-03-05T10:00:00+01:00", "2027-05-20"));
		long other = customerOf("UB" + u + "-1");
		assertThat(other).isNotEqualTo(anna);
		// a record with the first address and the phone links both: merged
		post(order("UC" + u, first, phone, null, family, "2026-03-06T10:00:00+01:00", "2027-06-30"));
		await().atMost(WAIT).until(() -> getJson("/api/v1/customers/" + anna).path("merges").size() == 1);
		await().atMost(WAIT)
			.until(() -> TestMailServer.receivedBy(first).size() + TestMailServer.receivedBy(second).size() == 3);

		// the relay is down when J-7 of her tickets comes: the reminder waits, addressed
		// to the merged customer's most recent address, the other person's
		TestMailServer.stop();
		try {
			at("2027-03-07T10:01:00");
			this.reminders.schedule();
			String key = "reminder:J-7:" + anna + ":2027-03-14";
			assertThat(outbox(key)).singleElement().satisfies(m -> {
				assertThat(m.get("status")).isEqualTo("PENDING");
				assertThat(m.get("recipient")).isEqualTo(second);
			});

			HttpResponse<String> unmerged = post("/api/v1/customers/" + anna + "/unmerge?mergedId=" + other,
					OPERATOR_KEY, "application/json", "");
			assertThat(unmerged.statusCode()).as(unmerged.body()).isEqualTo(200);
			JsonNode back = getJson("/api/v1/customers/" + other);
			assertThat(back.path("identifiers").findValuesAsText("value")).contains(second);

			TestMailServer.start();
			Map<String, Object> reminder = await().atMost(WAIT)
				.until(() -> outbox(key).get(0), m -> !"PENDING".equals(m.get("status")));
			assertThat(reminder.get("status")).isEqualTo("SUPPRESSED");
			assertThat(reminder.get("reason")).isEqualTo("the customer no longer has this address");

			// her next reminder goes to her own address; the other person got none of
			// hers
			at("2027-03-13T10:01:00");
			this.reminders.schedule();
			await().atMost(WAIT).until(() -> mailsTo(first, "reminder:J-1:" + anna + ":"), m -> m.size() == 1);
			assertThat(text(mailsTo(first, "reminder:J-1:" + anna + ":").get(0))).contains("UA" + u + "-1");
			assertThat(mailsTo(second, "reminder:")).isEmpty();

			// the other person is erased: the reminder left under her customer keeps
			// neither their address nor its text
			HttpResponse<String> erased = delete("/api/v1/customers/" + other, OPERATOR_KEY);
			assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
			assertThat(readJson(erased.body()).at("/summary/messagesToThemElsewhereStripped").asInt()).isEqualTo(1);
			assertThat(outbox(key)).singleElement().satisfies(m -> {
				assertThat(m.get("customer_id")).isEqualTo(anna);
				assertThat(m.get("recipient")).isNull();
				assertThat(m.get("body_text")).isNull();
				assertThat(m.get("status")).isEqualTo("SUPPRESSED");
			});
			// hers, to her own address, are hers alone: kept
			assertThat(outbox("reminder:J-1:" + anna + ":")).singleElement()
				.satisfies(m -> assertThat(m.get("recipient")).isEqualTo(first));
		}
		finally {
			TestMailServer.start();
		}
	}

	private void post(String order) {
		HttpResponse<String> response = post("/api/v1/ingest/online", "dev-online-key", "application/json", order);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(readJson(response.body()).path("accepted").asInt()).as(response.body()).isEqualTo(1);
	}

	private void at(String parisTime) {
		this.clock
			.travelTo(java.time.LocalDateTime.parse(parisTime).atZone(java.time.ZoneId.of("Europe/Paris")).toInstant());
	}

	private static String order(String code, String email, String phone, String birthDate, String family, String sold,
			String until) {
		return """
				{"code": "%s", "status": "p", "email": "%s", %s %s "locale": "fr", "datetime": "%s", "event": "zoo-lyon",
				 "invoice_address": {"name_parts": {"given_name": "Anna", "family_name": "%s"}},
				 "positions": [{"positionid": 1, "item": 21, "item_name": "Entrée adulte", "price": "25.00",
				                "secret": "%s-1", "valid_from": "2026-03-01", "valid_until": "%s"}]}"""
			.formatted(code, email, phone == null ? "" : "\"phone\": \"" + phone + "\",",
					birthDate == null ? "" : "\"birth_date\": \"" + birthDate + "\",", sold, family, code, until);
	}

}

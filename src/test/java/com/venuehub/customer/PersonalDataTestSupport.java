package com.venuehub.customer;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import com.venuehub.feedback.KioskIngestTest;
import com.venuehub.loyalty.LoyaltyIngestTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One person brought in through the real connectors, as the export and erasure tests need
 * them: a kiosk answer with their email (in capitals) on 1 March, a loyalty card enrolled
 * at the desk with their phone written the French way on 10 March (a second customer at
 * first), then an online order with both that proves they are one person (merged), a
 * kiosk answer left with only their ticket, and a record of theirs held in quarantine.
 */
abstract class PersonalDataTestSupport extends HubTestSupport {

	static final Duration WAIT = Duration.ofSeconds(60);

	/**
	 * @param survivor the customer the person is, after the merge
	 * @param merged the customer merged into it (the loyalty card's)
	 * @param quarantineId the quarantined record carrying their email
	 */
	record Person(String u, String email, String phone, String nationalNumber, String card, String venue,
			String lastName, String cardLastName, String comment, String ticketComment, long survivor, long merged,
			long quarantineId) {

		String ticket(int position) {
			return "W" + this.u + position;
		}

		/**
		 * Every personal value the hub was given about them, as it may be stored.
		 */
		List<String> personalValues() {
			return List.of(this.email, this.phone, this.nationalNumber, this.card, this.lastName, this.cardLastName,
					this.comment, this.ticketComment);
		}

	}

	Person ingestPerson() {
		String u = unique();
		String email = "jm." + u + "@mail.example.com";
		String national = "0612" + LoyaltyIngestTest.digits(6);
		String phone = "+33" + national.substring(1);
		String card = LoyaltyIngestTest.card();
		String venue = kioskVenue();
		String comment = "Tres bien, merci " + u;
		String ticketComment = "Trop d'attente " + u;

		// a kiosk answer with the email in capitals, opting out of emails
		KioskIngestTest.publish("kiosks/" + venue + "/exit/responses", """
				{"response_id": "KA-%s", "answered_at": "2026-03-01T12:00:00+01:00", "score": 9,
				 "comment": "%s", "email": "JM.%s@MAIL.EXAMPLE.COM", "optin": false}""".formatted(u, comment,
				u.toUpperCase()));
		long byEmail = await().atMost(WAIT).until(() -> idOf("email=" + email), id -> id != null);
		// a loyalty card enrolled with the phone written with spaces, opting in to
		// emails,
		// and points earned
		LoyaltyIngestTest.publish(LoyaltyIngestTest.enroll(u, card, "2026-03-10T10:00:00+01:00",
				"\"phone\": \"" + national.replaceAll("(\\d{2})(?=\\d)", "$1 ") + "\""), """
						{"txn_id": "EA-%s", "card_number": "%s", "type": "EARN", "points": 120,
						 "occurred_at": "2026-03-11T10:00:00+01:00"}""".formatted(u, card));
		long byCard = await().atMost(WAIT).until(() -> idOf("card=" + card), id -> id != null);
		assertThat(byCard).isNotEqualTo(byEmail);
		// an online order with the email and the phone: one person
		String order = resource("/ingest/online-order.json").replace("{{u}}", u)
			.replace("{{phone}}", phone)
			.replace("{{status}}", "p");
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", order).statusCode())
			.isEqualTo(202);
		long survivor = Math.min(byEmail, byCard);
		await().atMost(WAIT)
			.until(() -> getJson("/api/v1/customers/" + survivor),
					p -> p.path("merges").size() == 1 && p.path("tickets").size() == 2);
		// a kiosk answer with only the ticket joins its holder
		var answer = post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json", """
				{"response_id": "KB-%s", "kiosk_id": "exit", "venue": "%s", "answered_at": "2026-03-20T17:00:00+01:00",
				 "score": 3, "comment": "%s", "ticket_number": "W%s1"}""".formatted(u, venue, ticketComment, u));
		assertThat(answer.statusCode()).isEqualTo(202);
		// a record of theirs the shop sent with a date the hub cannot read: held in
		// quarantine
		var rejected = post("/api/v1/ingest/online", "dev-online-key", "application/json", """
				{"code": "Q%s", "status": "p", "email": "JM.%s@Mail.Example.com", "datetime": "le 3 mars",
				 "positions": [{"positionid": 1, "item": 12, "price": "10.00", "secret": "Q%s-1"}]}""".formatted(u, u,
				u));
		JsonNode report = readJson(rejected.body());
		assertThat(report.path("quarantined").asInt()).as(rejected.body()).isEqualTo(1);
		await().atMost(WAIT)
			.until(() -> getJson("/api/v1/customers/" + survivor),
					p -> p.path("satisfaction").size() == 2 && p.at("/loyalty/0/balance").asLong() == 120);
		// the confirmation of the order went out
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForList("select status from outbox_message where dedup_key = ?", String.class,
					"confirmation:online:O" + u), s -> s.equals(List.of("SENT")));
		return new Person(u, email, phone, national.substring(1), card, venue, "Martin " + u, "Durand " + u, comment,
				ticketComment, survivor, Math.max(byEmail, byCard), report.at("/rejections/0/quarantineId").asLong());
	}

	Long idOf(String query) {
		JsonNode found = getJson("/api/v1/customers?" + query);
		return found.path("items").size() == 1 ? found.at("/items/0/id").asLong() : null;
	}

	HttpResponse<String> delete(String path) {
		return delete(path, OPERATOR_KEY);
	}

}

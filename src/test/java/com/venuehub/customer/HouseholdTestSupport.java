package com.venuehub.customer;

import java.time.Duration;

import com.venuehub.HubTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the household tests share: another member of the household joining. */
abstract class HouseholdTestSupport extends HubTestSupport {

	static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	/**
	 * Julie Martin enrols in the loyalty programme with that email and a birth date of
	 * her own, through the real loyalty ingest; answers her customer once unified.
	 */
	long julieMartinEnrols(String t, String email) {
		String card = "LC" + String.format("%010d", Math.abs((long) t.hashCode()) % 10_000_000_000L);
		var enrolment = post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json", """
				{"txn_id": "EN-%s", "card_number": "%s", "type": "ENROLL", "points": 0, "balance": 0,
				 "occurred_at": "2026-04-05T10:00:00+02:00", "member": {"first_name": "Julie", "last_name": "Martin",
				 "email": "%s", "birth_date": "1974-06-12"}}""".formatted(t, card, email));
		assertThat(enrolment.statusCode()).as(enrolment.body()).isEqualTo(202);
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select customer_id from loyalty_card where card_number = ?",
					Long.class, card), found -> !found.isEmpty())
			.get(0);
	}

	/** The customer of a kiosk answer once unified (null: nobody's). */
	Long customerOfAnswer(String responseId) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select customer_id from feedback_response where response_id = ?",
					Long.class, responseId), found -> !found.isEmpty())
			.get(0);
	}

	void answer(String responseId, String contact) {
		var answer = post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json", """
				{"response_id": "%s", "kiosk_id": "exit", "venue": "zoo", "answered_at": "2026-03-20T17:00:00+01:00",
				 "score": 8, %s}""".formatted(responseId, contact));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
	}

	/** A box-office sale; answers the customer it resolved to. */
	long sell(String first, String last, String email, String phone, String birthDate) {
		String sale = "S" + unique();
		String row = String.join(";", sale, "14/03/2026 10:30", "zoo", "ADULT", "Adulte", "T" + sale, "14/03/2026",
				"13/03/2027", "20,00", first, last, email, phone, "69003", birthDate, "", "", "");
		var answer = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv", HEADER + "\n" + row);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return holderOf("T" + sale);
	}

}

package com.venuehub.customer;

import java.time.Duration;

import com.venuehub.HubTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the household tests share: another member of the household joining. */
abstract class HouseholdTestSupport extends HubTestSupport {

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

}

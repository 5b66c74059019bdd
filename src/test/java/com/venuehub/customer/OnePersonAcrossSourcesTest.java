package com.venuehub.customer;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import com.venuehub.feedback.KioskIngestTest;
import com.venuehub.loyalty.LoyaltyIngestTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One person seen by the online shop, the loyalty desk and a kiosk, each writing them differently,
 * is one customer holding the tickets, the card and the answer.
 */
class OnePersonAcrossSourcesTest extends HubTestSupport {

	@Test
	void onlineBuyerEnrolledAtTheDeskAndAnsweringAKioskIsOneCustomer() {
		String u = unique();
		String national = "0612" + LoyaltyIngestTest.digits(6);
		String card = LoyaltyIngestTest.card();
		String venue = "zoo-lyon-" + u;
		String order = resource("/ingest/online-order.json").replace("{{u}}", u)
			.replace("{{phone}}", "+33" + national.substring(1))
			.replace("{{status}}", "p");
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", order).statusCode())
			.isEqualTo(202);
		// at the desk the phone is written the French way, with spaces; no email
		LoyaltyIngestTest.publish(LoyaltyIngestTest.enroll(u, card, "2026-03-20T11:00:00+01:00",
				"\"phone\": \"" + national.replaceAll("(\\d{2})(?=\\d)", "$1 ") + "\""));
		// at the kiosk the email is typed in capitals
		KioskIngestTest.publish("kiosks/" + venue + "/exit/responses", """
				{"response_id": "R-%s", "answered_at": "2026-03-20T17:00:00+01:00", "score": 10,
				 "comment": "Super journée", "email": "JM.%s@MAIL.EXAMPLE.COM"}""".formatted(u, u.toUpperCase()));

		JsonNode profile = await().atMost(Duration.ofSeconds(30)).until(() -> {
			JsonNode found = getJson("/api/v1/customers?email=jm." + u + "@mail.example.com");
			return found.path("items").size() == 1 ? getJson("/api/v1/customers/" + found.at("/items/0/id").asLong())
					: null;
		}, p -> p != null && p.path("tickets").size() == 2 && p.path("loyalty").size() == 1
				&& p.path("satisfaction").size() == 1);
		long id = profile.path("id").asLong();
		assertThat(profile.path("tickets").findValuesAsText("number")).containsExactlyInAnyOrder("W" + u + "1",
				"W" + u + "2");
		assertThat(profile.at("/loyalty/0/cardNumber").asText()).isEqualTo(card);
		assertThat(profile.at("/satisfaction/0/venue").asText()).isEqualTo(venue);
		assertThat(profile.at("/satisfaction/0/score").asInt()).isEqualTo(10);
		assertThat(getJson("/api/v1/customers?card=" + card).at("/items/0/id").asLong()).isEqualTo(id);
		assertThat(getJson("/api/v1/customers?phone=" + national).at("/items/0/id").asLong()).isEqualTo(id);
		assertThat(this.jdbc.queryForObject(
				"select count(distinct customer_id) from customer_identifier where value in (?, ?, ?)", Integer.class,
				"jm." + u + "@mail.example.com", "+33" + national.substring(1), card))
			.isEqualTo(1);
	}

}

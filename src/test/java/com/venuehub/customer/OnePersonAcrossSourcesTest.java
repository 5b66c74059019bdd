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
 * One person seen by the online shop, the loyalty desk and a kiosk, each writing them
 * differently, is one customer holding the tickets, the card and the answer.
 */
class OnePersonAcrossSourcesTest extends HubTestSupport {

	@Test
	void onlineBuyerEnrolledAtTheDeskAndAnsweringAKioskIsOneCustomer() {
		String u = unique();
		String national = "0612" + LoyaltyIngestTest.digits(6);
		String card = LoyaltyIngestTest.card();
		String venue = kioskVenue();
		String order = resource("/ingest/online-order.json").replace("{{u}}", u)
			.replace("{{phone}}", "+33" + national.substring(1))
			.replace("{{status}}", "p");
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", order).statusCode())
			.isEqualTo(202);
		// at the desk (under her maiden name) the phone is written the French way, with
		// spaces; no email
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

	@Test
	void twoCustomersFoundToBeOneKeepTheirCardAnswerAndConsents() {
		String u = unique();
		String email = "jm." + u + "@mail.example.com";
		String national = "0612" + LoyaltyIngestTest.digits(6);
		String card = LoyaltyIngestTest.card();
		// first known by a kiosk answer that opted out of emails on 1 March...
		assertThat(post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json",
				"""
						{"response_id": "M-%s", "kiosk_id": "k1", "venue": "zoo-lyon", "answered_at": "2026-03-01T12:00:00+01:00",
						 "score": 6, "email": "%s", "optin": false}"""
					.formatted(u, email))
			.statusCode()).isEqualTo(202);
		long byEmail = await().atMost(Duration.ofSeconds(30)).until(() -> idOf("email=" + email), id -> id != null);
		// ...then, as someone else, by a card enrolled with a phone, opting in to emails
		// on 10 March
		LoyaltyIngestTest
			.publish(LoyaltyIngestTest.enroll(u, card, "2026-03-10T10:00:00+01:00", "\"phone\": \"" + national + "\""));
		long byCard = await().atMost(Duration.ofSeconds(30)).until(() -> idOf("card=" + card), id -> id != null);
		assertThat(byCard).isNotEqualTo(byEmail);

		// an online order with both the email and the phone proves they are one person
		String order = resource("/ingest/online-order.json").replace("{{u}}", u)
			.replace("{{phone}}", national)
			.replace("{{status}}", "p");
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", order).statusCode())
			.isEqualTo(202);

		JsonNode profile = await().atMost(Duration.ofSeconds(30))
			.until(() -> getJson("/api/v1/customers/" + byCard),
					p -> p.path("merges").size() == 1 && p.path("tickets").size() == 2);
		long survivor = Math.min(byEmail, byCard);
		assertThat(profile.path("id").asLong()).isEqualTo(survivor);
		assertThat(profile.at("/loyalty/0/cardNumber").asText()).isEqualTo(card);
		assertThat(profile.path("satisfaction").findValuesAsText("responseId")).containsExactly("M-" + u);
		assertThat(profile.path("consents").findValuesAsText("channel")).containsExactly("EMAIL");
		assertThat(profile.at("/consents/0/state").asText()).isEqualTo("GRANTED");
		assertThat(profile.at("/consents/0/source").asText()).isEqualTo("loyalty");
		assertThat(getJson("/api/v1/customers/" + survivor + "/consents").path("statements").size()).isEqualTo(2);
		assertThat(idOf("card=" + card)).isEqualTo(survivor);
	}

	private Long idOf(String query) {
		JsonNode found = getJson("/api/v1/customers?" + query);
		return found.path("items").size() == 1 ? found.at("/items/0/id").asLong() : null;
	}

}

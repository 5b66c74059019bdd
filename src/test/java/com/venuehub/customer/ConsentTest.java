package com.venuehub.customer;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import com.venuehub.loyalty.LoyaltyIngestTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consent statements from several sources: the latest by event time holds, whatever the
 * arrival order.
 */
class ConsentTest extends HubTestSupport {

	@Test
	void aRevocationOlderThanAGrantArrivingAfterItLeavesTheGrant() {
		String u = unique();
		String email = "c." + u + "@example.fr";
		String card = LoyaltyIngestTest.card();
		// enrolled on 10 March, opting in to emails
		LoyaltyIngestTest
			.publish(LoyaltyIngestTest.enroll(u, card, "2026-03-10T10:00:00+01:00", "\"email\": \"" + email + "\""));
		long id = await().atMost(Duration.ofSeconds(30)).until(() -> customerId(email), found -> found != null);
		await().atMost(Duration.ofSeconds(30)).until(() -> statements(id) == 1);

		// a kiosk answer of 5 March that opted out arrives afterwards: it is history, not
		// the current state
		kiosk("K1-" + u, email, "2026-03-05T15:00:00+01:00", "false");
		await().atMost(Duration.ofSeconds(30)).until(() -> statements(id) == 2);
		JsonNode emailConsent = consent(id, "EMAIL");
		assertThat(emailConsent.path("state").asText()).isEqualTo("GRANTED");
		assertThat(emailConsent.path("source").asText()).isEqualTo("loyalty");
		assertThat(emailConsent.path("sourceRecord").asText()).isEqualTo("loyalty:loyalty:EN-" + u);
		assertThat(emailConsent.path("purpose").asText()).isEqualTo("MARKETING");
		assertThat(emailConsent.path("statedAt").asText()).isEqualTo("2026-03-10T09:00:00Z");

		// a later opt-out wins
		kiosk("K2-" + u, email, "2026-03-12T15:00:00+01:00", "false");
		await().atMost(Duration.ofSeconds(30)).until(() -> statements(id) == 3);
		assertThat(consent(id, "EMAIL").path("state").asText()).isEqualTo("REVOKED");
		assertThat(consent(id, "EMAIL").path("sourceRecord").asText()).isEqualTo("kiosk:feedback:K2-" + u);
		JsonNode history = getJson("/api/v1/customers/" + id + "/consents");
		assertThat(history.path("statements").findValuesAsText("state")).containsExactly("REVOKED", "GRANTED",
				"REVOKED");
	}

	@Test
	void anEmptyOptInStatesNothing() {
		String u = unique();
		String email = "n." + u + "@example.fr";
		kiosk("N1-" + u, email, "2026-03-05T15:00:00+01:00", "true");
		long id = await().atMost(Duration.ofSeconds(30)).until(() -> customerId(email), found -> found != null);
		await().atMost(Duration.ofSeconds(30)).until(() -> statements(id) == 1);

		// a later answer without the box ticked either way, and a box-office sale with
		// empty flags
		kiosk("N2-" + u, email, "2026-03-06T15:00:00+01:00", "null");
		assertThat(post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv",
				"""
						sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms
						S-%s;07/03/2026 10:00;zoo;P1;Entrée;T-%s;07/03/2026;07/03/2027;20,00;Nina;Roux;%s;;;;;;
						"""
					.formatted(u, u, email))
			.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> getJson("/api/v1/customers/" + id).path("tickets").size() == 1
					&& getJson("/api/v1/customers/" + id).path("satisfaction").size() == 2);
		assertThat(statements(id)).isEqualTo(1);
		JsonNode profile = getJson("/api/v1/customers/" + id);
		assertThat(profile.path("consents").findValuesAsText("channel")).containsExactly("EMAIL");
		assertThat(profile.at("/consents/0/state").asText()).isEqualTo("GRANTED");
	}

	private void kiosk(String responseId, String email, String at, String optin) {
		assertThat(post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json", """
				{"response_id": "%s", "kiosk_id": "k1", "venue": "zoo", "answered_at": "%s", "score": 8,
				 "email": "%s", "optin": %s}""".formatted(responseId, at, email, optin)).statusCode()).isEqualTo(202);
	}

	private Long customerId(String email) {
		JsonNode found = getJson("/api/v1/customers?email=" + email);
		return found.path("items").size() == 1 ? found.at("/items/0/id").asLong() : null;
	}

	private int statements(long id) {
		return getJson("/api/v1/customers/" + id + "/consents").path("statements").size();
	}

	private JsonNode consent(long id, String channel) {
		for (JsonNode consent : getJson("/api/v1/customers/" + id).path("consents")) {
			if (consent.path("channel").asText().equals(channel)) {
				return consent;
			}
		}
		throw new AssertionError("no " + channel + " consent for customer " + id);
	}

}

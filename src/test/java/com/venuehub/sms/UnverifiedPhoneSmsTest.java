package com.venuehub.sms;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.BoxOfficeSale;
import com.venuehub.TestTwilioServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SMS campaign never targets a phone kept unverified or a placeholder, whatever the
 * customer's consent: only numbers that are valid identifiers receive promos.
 */
class UnverifiedPhoneSmsTest extends SmsTestSupport {

	@Test
	void aCampaignNeverTargetsAnUnverifiedOrPlaceholderPhone() {
		travelTo("2026-12-09T10:00:00");
		String tier = "T" + unique();
		String valid = mobile();
		long reachable = member("Nina", tier, valid, true);
		long mistyped = member("Oscar", tier, "07 28 64 39 06", true);
		long placeholder = member("Pia", tier, "0000000000", true);
		// Nina later gives a mistyped number at the box office: kept unverified, never
		// texted
		Map<String, Object> nina = this.jdbc.queryForMap("""
				select c.first_name, c.last_name, i.value as email from customer c
				join customer_identifier i on i.customer_id = c.id and i.kind = 'EMAIL' where c.id = ?""", reachable);
		BoxOfficeSale sale = new BoxOfficeSale("SMS" + unique())
			.buyer((String) nina.get("first_name"), (String) nina.get("last_name"))
			.email((String) nina.get("email"))
			.phone("06 12 34")
			.optinSms(true);
		postBoxOffice(sale);
		assertThat(holderOf(sale.ticket(1))).isEqualTo(reachable);

		// all three consent; the two without a usable number are kept, with what they
		// typed
		for (long customer : new long[] { reachable, mistyped, placeholder }) {
			JsonNode profile = getJson("/api/v1/customers/" + customer);
			assertThat(profile.path("consents").findValuesAsText("state")).contains("GRANTED");
			assertThat(profile.path("unverifiedContacts").findValuesAsText("kind")).containsExactly("PHONE");
		}
		assertThat(getJson("/api/v1/customers/" + reachable).path("identifiers").findValuesAsText("value"))
			.contains(valid);

		long campaign = campaign(tierCampaign("Vérifiés", tier, "Bonjour {{firstName}}"));
		assertThat(getJson("/api/v1/campaigns/" + campaign + "/preview").path("audience").asLong()).isEqualTo(1);
		launch(campaign);
		await().atMost(Duration.ofSeconds(20)).until(() -> TestTwilioServer.sentTo(valid), sent -> sent.size() == 1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> getJson("/api/v1/campaigns/" + campaign).path("state").asText(), "DONE"::equals);
		assertThat(this.jdbc.queryForList("select customer_id from outbox_message where campaign_id = ?", Long.class,
				campaign))
			.containsExactly(reachable);
		assertThat(this.jdbc.queryForObject("select recipient from outbox_message where campaign_id = ?", String.class,
				campaign))
			.isEqualTo(valid);
	}

}

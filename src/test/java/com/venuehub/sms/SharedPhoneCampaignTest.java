package com.venuehub.sms;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.TestTwilioServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A campaign reaching two customers who share a phone (a family: two people, one number)
 * sends that number one SMS, through the real Twilio SDK to the local Twilio stand-in;
 * the preview counts numbers, not people.
 */
class SharedPhoneCampaignTest extends SmsTestSupport {

	@Test
	void twoCustomersSharingAPhoneGetOneSmsPerCampaign() {
		travelTo("2026-12-07T10:00:00");
		String tier = "T" + unique();
		String shared = mobile();
		String own = mobile();
		long parent = member("Hugo", tier, shared, true);
		long child = member("Lina", tier, shared, true);
		long neighbour = member("Marc", tier, own, true);
		assertThat(parent).isNotEqualTo(child);

		long campaign = campaign(tierCampaign("Famille", tier, "Bonjour {{firstName}}"));
		JsonNode preview = getJson("/api/v1/campaigns/" + campaign + "/preview");
		assertThat(preview.path("audience").asLong()).isEqualTo(2);
		launch(campaign);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> getJson("/api/v1/campaigns/" + campaign).path("state").asText(), "DONE"::equals);
		assertThat(TestTwilioServer.sentTo(shared)).hasSize(1);
		assertThat(TestTwilioServer.sentTo(own)).hasSize(1);
		assertThat(TestTwilioServer.sentTo(shared).get(0).get("Body")).startsWith("Bonjour Hugo");
		JsonNode results = getJson("/api/v1/campaigns/" + campaign + "/results");
		assertThat(results.path("targeted").asLong()).isEqualTo(2);
		assertThat(results.path("sent").asLong()).isEqualTo(2);
		assertThat(
				this.jdbc.queryForObject("select count(*) from outbox_message where campaign_id = ? and recipient = ?",
						Integer.class, campaign, shared))
			.isEqualTo(1);
		assertThat(neighbour).isPositive();
		assertTwilioWouldAcceptEveryRequest();
	}

}

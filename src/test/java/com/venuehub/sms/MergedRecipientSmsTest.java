package com.venuehub.sms;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.venuehub.TestTwilioServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A promo written for a customer who is merged into another before it goes is decided on
 * the person as the hub now knows them: the survivor's consent, the numbers the survivor
 * holds, the survivor's first name. A person who refused SMS on another of their records
 * gets nothing; one who did not gets the promo on the number it was written for.
 */
class MergedRecipientSmsTest extends SmsTestSupport {

	@Test
	void aPromoWaitingForAMergedCustomerFollowsTheSurvivorsConsent() {
		// Sunday 27 December 2026 in Paris: promos wait for Monday 08:00
		travelTo("2026-12-27T11:00:00");
		String tier = "T" + unique();
		Person refusing = new Person("Emile", unique());
		Person keeping = new Person("Rose", unique());
		refusing.enrolTwice(tier);
		keeping.enrolTwice(tier);

		long campaign = campaign(tierCampaign("Lundi", tier, "Bonjour {{firstName}}"));
		launch(campaign);
		for (Person person : new Person[] { refusing, keeping }) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> message(campaign, person.member),
						m -> m.get("reason") != null && m.get("reason").toString().startsWith("waiting"));
		}

		// each gives the member's email with the older record's phone: one person, the
		// member merged into the older customer; Emile says no to SMS this time
		refusing.linkRecords(false);
		keeping.linkRecords(null);
		for (Person person : new Person[] { refusing, keeping }) {
			assertThat(await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.queryForObject("select merged_into from customer where id = ?", Long.class,
						person.member), merged -> merged != null))
				.as("the member merged into the older record's customer")
				.isEqualTo(person.older);
		}

		// Monday 08:00: the promos are decided
		travelTo("2026-12-28T08:00:01");
		await().atMost(Duration.ofSeconds(20)).until(() -> TestTwilioServer.sentTo(keeping.memberPhone).size() == 1);
		assertThat(TestTwilioServer.sentTo(keeping.memberPhone).get(0).get("Body")).startsWith("Bonjour Rose");
		assertThat(TestTwilioServer.sentTo(keeping.olderPhone)).as("the number it was written for only").isEmpty();

		Map<String, Object> refused = await().atMost(Duration.ofSeconds(20))
			.until(() -> message(campaign, refusing.member), m -> "SUPPRESSED".equals(m.get("status")));
		assertThat(refused.get("reason")).isEqualTo("no SMS marketing consent");
		assertThat(TestTwilioServer.sentTo(refusing.memberPhone)).isEmpty();
		assertThat(TestTwilioServer.sentTo(refusing.olderPhone)).isEmpty();
	}

	/** One person's loyalty records, sent through the real loyalty ingest. */
	private final class Person {

		final String firstName;

		final String lastName;

		final String email;

		final String birthDate;

		final String memberPhone = mobile();

		final String olderPhone = mobile();

		long older;

		long member;

		Person(String firstName, String u) {
			this.firstName = firstName;
			this.lastName = "Fusion" + u.replaceAll("[0-9]", "");
			this.email = firstName.toLowerCase() + ".fusion." + u + "@example.fr";
			int h = Math.floorMod(u.hashCode(), 40 * 12 * 28);
			this.birthDate = String.format("%d-%02d-%02d", 1950 + h / (12 * 28), 1 + h / 28 % 12, 1 + h % 28);
		}

		/**
		 * A card of another tier with a phone and the name only, then the member's card
		 * in the campaign's tier with their email, phone, birth date and SMS consent: two
		 * customers, nothing but the name in common.
		 */
		void enrolTwice(String tier) {
			String older = "LC" + digits(10);
			enrol(older, "OTHER", this.olderPhone, null, null, null, "2026-01-02T10:00:00+01:00");
			this.older = customerOf(older);
			String card = "LC" + digits(10);
			enrol(card, tier, this.memberPhone, this.email, this.birthDate, true, "2026-01-05T10:00:00+01:00");
			this.member = customerOf(card);
			assertThat(this.member).as("two customers").isNotEqualTo(this.older);
		}

		/** A later record giving the member's email with the older record's phone. */
		void linkRecords(Boolean optinSms) {
			enrol("LC" + digits(10), "OTHER", this.olderPhone, this.email, this.birthDate, optinSms,
					"2026-02-01T10:00:00+01:00");
		}

		private void enrol(String card, String tier, String phone, String email, String birthDate, Boolean optinSms,
				String at) {
			String body = """
					{"txn_id": "EN-%s", "card_number": "%s", "type": "ENROLL", "points": 0, "balance": 0, "tier": "%s",
					 "occurred_at": "%s", "member": {"first_name": "%s", "last_name": "%s", "phone": "%s"%s%s%s}}"""
				.formatted(card, card, tier, at, this.firstName, this.lastName, phone,
						email == null ? "" : ", \"email\": \"" + email + "\"",
						birthDate == null ? "" : ", \"birth_date\": \"" + birthDate + "\", \"postcode\": \"69003\"",
						optinSms == null ? "" : ", \"optin_sms\": " + optinSms);
			HttpResponse<String> response = post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json", body);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		}

		private long customerOf(String card) {
			return await().atMost(Duration.ofSeconds(30))
				.until(() -> MergedRecipientSmsTest.this.jdbc
					.queryForList("select customer_id from loyalty_card where card_number = ?", Long.class, card),
						ids -> ids.size() == 1)
				.get(0);
		}

	}

}

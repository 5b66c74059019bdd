package com.venuehub.loyalty;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Loyalty transactions end to end: published by an AMQP client on the broker queue
 * loyalty.in or posted over HTTP, applied to cards in PostgreSQL, read through the
 * profile.
 */
public class LoyaltyIngestTest extends HubTestSupport {

	@Test
	void enrolmentLinksTheCardAndEachTransactionMovesTheBalanceOnce() {
		String u = unique();
		String card = card();
		String phone = "0612" + digits(6);
		publish(enroll(u, card, "2026-03-01T10:00:00+01:00",
				"\"email\": \"Anne." + u + "@example.fr\", \"phone\": \"" + phone + "\""),
				transaction("E1-" + u, card, "EARN", 120, "2026-03-02T10:00:00+01:00"),
				transaction("R1-" + u, card, "REDEEM", 50, "2026-03-03T10:00:00+01:00"),
				// the platform sends the same transaction again: recorded once
				transaction("E1-" + u, card, "EARN", 120, "2026-03-02T10:00:00+01:00"),
				tier("T1-" + u, card, "GOLD", "2026-03-04T10:00:00+01:00"),
				// an older tier change arriving last does not undo the newer one
				tier("T0-" + u, card, "BRONZE", "2026-03-01T12:00:00+01:00"));

		JsonNode profile = await().atMost(Duration.ofSeconds(30))
			.until(() -> profileOfCard(card), p -> p != null && p.at("/loyalty/0/lastTransactions").size() == 5);
		JsonNode loyalty = profile.at("/loyalty/0");
		assertThat(loyalty.path("cardNumber").asText()).isEqualTo(card);
		assertThat(loyalty.path("balance").asLong()).isEqualTo(70);
		assertThat(loyalty.path("tier").asText()).isEqualTo("GOLD");
		assertThat(loyalty.path("lastTransactions").findValuesAsText("txnId")).containsExactly("T1-" + u, "R1-" + u,
				"E1-" + u, "T0-" + u, "EN-" + u);
		assertThat(profile.path("firstName").asText()).isEqualTo("Jeanne");
		assertThat(profile.path("identifiers").findValuesAsText("value")).contains("anne." + u + "@example.fr",
				"+33" + phone.substring(1), card);
		assertThat(this.jdbc.queryForObject("select count(*) from loyalty_transaction where card_number = ?",
				Integer.class, card))
			.isEqualTo(5);
	}

	@Test
	void aTransactionForACardNotYetEnrolledIsKeptAndAppliedOnEnrolment() {
		String u = unique();
		String card = card();
		assertThat(post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json",
				transaction("EARLY-" + u, card, "EARN", 40, "2026-03-01T09:00:00+01:00"))
			.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select pending from loyalty_transaction where txn_id = ?",
					Boolean.class, "EARLY-" + u), rows -> rows.equals(List.of(true)));
		assertThat(this.jdbc.queryForObject("select count(*) from loyalty_card where card_number = ?", Integer.class,
				card))
			.isZero();

		publish(enroll(u, card, "2026-03-01T10:00:00+01:00", "\"email\": \"late." + u + "@example.fr\""));

		JsonNode profile = await().atMost(Duration.ofSeconds(30))
			.until(() -> profileOfCard(card), p -> p != null && p.at("/loyalty/0/balance").asLong() == 40);
		assertThat(profile.at("/loyalty/0/lastTransactions").findValuesAsText("txnId")).containsExactly("EN-" + u,
				"EARLY-" + u);
		assertThat(this.jdbc.queryForObject("select pending from loyalty_transaction where txn_id = ?", Boolean.class,
				"EARLY-" + u))
			.isFalse();
	}

	@Test
	void poisonMessagesAreQuarantinedAndTheQueueGoesOn() {
		String u = unique();
		String card = card();
		publish("{\"txn_id\": \"BAD-" + u + "\", \"card_number\": ",
				transaction("FMT-" + u, "C*" + u, "EARN", 10, "2026-03-01T10:00:00+01:00"),
				transaction("NEG-" + u, card, "REDEEM", 0, "2026-03-01T10:00:00+01:00"),
				enroll(u, card, "2026-03-01T10:00:00+01:00", "\"phone\": \"0612" + digits(6) + "\""));

		await().atMost(Duration.ofSeconds(30)).until(() -> profileOfCard(card) != null);
		List<JsonNode> quarantined = await().atMost(Duration.ofSeconds(10))
			.until(() -> quarantinedOf(u), q -> q.size() == 3);
		assertThat(quarantined).extracting(q -> q.path("reason").asText())
			.anySatisfy(reason -> assertThat(reason).contains("not valid JSON"))
			.anySatisfy(reason -> assertThat(reason).contains("loyalty card 'C*" + u + "'", "card format"))
			.anySatisfy(reason -> assertThat(reason).contains("REDEEM needs points"));
		assertThat(quarantined).allSatisfy(q -> {
			assertThat(q.path("origin").asText()).isEqualTo("queue loyalty.in");
			assertThat(q.path("mapping").asText()).isEqualTo("loyalty/transaction");
		});
		assertThat(quarantined).extracting(q -> q.path("rawPayload").asText())
			.contains("{\"txn_id\": \"BAD-" + u + "\", \"card_number\": ");
	}

	private List<JsonNode> quarantinedOf(String u) {
		JsonNode page = getJson("/api/v1/quarantine?source=loyalty&size=500");
		return java.util.stream.StreamSupport.stream(page.path("items").spliterator(), false)
			.filter(q -> q.path("rawPayload").asText().contains(u))
			.toList();
	}

	private JsonNode profileOfCard(String card) {
		JsonNode found = getJson("/api/v1/customers?card=" + card);
		return found.path("items").size() == 1 ? getJson("/api/v1/customers/" + found.at("/items/0/id").asLong())
				: null;
	}

	/**
	 * Sends each body as a text message to loyalty.in, as a loyalty platform does over
	 * AMQP 1.0, with its broker user.
	 */
	public static void publish(String... bodies) {
		JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + AMQP_PORT);
		try (Connection connection = factory.createConnection(LOYALTY_BROKER_USER, LOYALTY_BROKER_PASSWORD);
				Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
				MessageProducer producer = session.createProducer(session.createQueue("loyalty.in"))) {
			for (String body : bodies) {
				producer.send(session.createTextMessage(body));
			}
		}
		catch (jakarta.jms.JMSException ex) {
			throw new AssertionError("cannot publish to loyalty.in over AMQP", ex);
		}
	}

	/**
	 * Each test enrols its own member: another name and birth date, so the matcher sees
	 * another person.
	 */
	public static String enroll(String u, String card, String at, String contact) {
		int h = Math.floorMod(u.hashCode(), 60 * 12 * 28);
		String birthDate = String.format("%d-%02d-%02d", 1940 + h / (12 * 28), 1 + h / 28 % 12, 1 + h % 28);
		return """
				{"txn_id": "EN-%s", "card_number": "%s", "type": "ENROLL", "points": 0, "balance": 0, "tier": "SILVER",
				 "occurred_at": "%s", "member": {"first_name": "Jeanne", "last_name": "Durand %s", %s,
				 "birth_date": "%s", "postcode": "69003", "optin_email": true}}""".formatted(u, card, at, u, contact,
				birthDate);
	}

	static String transaction(String txn, String card, String type, long points, String at) {
		return """
				{"txn_id": "%s", "card_number": "%s", "type": "%s", "points": %d, "occurred_at": "%s"}""".formatted(txn,
				card, type, points, at);
	}

	static String tier(String txn, String card, String tier, String at) {
		return """
				{"txn_id": "%s", "card_number": "%s", "type": "TIER", "tier": "%s", "occurred_at": "%s"}"""
			.formatted(txn, card, tier, at);
	}

	public static String card() {
		return "LC" + digits(10);
	}

	public static String digits(int n) {
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < n; i++) {
			digits.append(ThreadLocalRandom.current().nextInt(10));
		}
		return digits.toString();
	}

}

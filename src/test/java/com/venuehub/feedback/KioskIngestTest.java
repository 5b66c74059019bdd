package com.venuehub.feedback;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Satisfaction kiosks end to end: answers published by an MQTT client on the hub's broker
 * or posted over HTTP, kept in PostgreSQL, counted in the venue's net promoter score.
 */
public class KioskIngestTest extends HubTestSupport {

	@Test
	void answersOverMqttAndHttpAreKeptAndCountInTheVenueNps() {
		String u = unique();
		String venue = kioskVenue();
		publish("kiosks/" + venue + "/exit-1/responses",
				answer("A1-" + u, venue, "exit-1", 10, "2026-03-10T16:00:00+01:00"),
				answer("A2-" + u, venue, "exit-1", 9, "2026-03-10T16:05:00+01:00"),
				// venue and kiosk left out: the topic says them
				"{\"response_id\": \"A3-" + u + "\", \"answered_at\": \"2026-03-11T11:00:00+01:00\", \"score\": 7}");
		publish("kiosks/" + venue + "/exit-2/responses",
				answer("A4-" + u, venue, "exit-2", 3, "2026-03-12T17:30:00+01:00"),
				answer("A5-" + u, venue, "exit-2", 8, "2026-04-02T10:00:00+02:00"));
		assertThat(post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json",
				answer("A6-" + u, venue, "web", 0, "2026-03-15T12:00:00+01:00"))
			.statusCode()).isEqualTo(202);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> getJson("/api/v1/venues/" + venue + "/nps").path("answers").asInt() == 6);
		JsonNode march = getJson("/api/v1/venues/" + venue + "/nps?from=2026-03-01&to=2026-03-31");
		assertThat(march.path("answers").asInt()).isEqualTo(5);
		assertThat(march.path("promoters").asInt()).isEqualTo(2);
		assertThat(march.path("passives").asInt()).isEqualTo(1);
		assertThat(march.path("detractors").asInt()).isEqualTo(2);
		assertThat(march.path("nps").decimalValue()).isEqualByComparingTo("0.0");
		JsonNode firstDays = getJson("/api/v1/venues/" + venue + "/nps?from="
				+ URLEncoder.encode("2026-03-10T00:00:00+01:00", StandardCharsets.UTF_8) + "&to=2026-03-11");
		assertThat(firstDays.path("answers").asInt()).isEqualTo(3);
		assertThat(firstDays.path("nps").decimalValue()).isEqualByComparingTo("66.7");

		assertThat(
				this.jdbc.queryForMap("select kiosk_id, venue, score::int as score, customer_id from feedback_response "
						+ "where response_id = ?", "A3-" + u))
			.containsEntry("kiosk_id", "exit-1")
			.containsEntry("venue", venue)
			.containsEntry("score", 7)
			.containsEntry("customer_id", null);
		assertThat(this.jdbc.queryForObject("select comment from feedback_response where response_id = ?", String.class,
				"A1-" + u))
			.isEqualTo("Score 10 at exit-1");
	}

	@Test
	void anAnswerWithAContactJoinsTheCustomerAndTheirHistory() {
		String u = unique();
		String venue = kioskVenue();
		publish("kiosks/" + venue + "/k1/responses", """
				{"response_id": "C1-%s", "kiosk_id": "k1", "venue": "%s", "answered_at": "2026-03-10T16:00:00+01:00",
				 "score": 9, "comment": "Les girafes!", "email": "Paul.%s@Example.FR", "optin": true}""".formatted(u,
				venue, u));
		JsonNode profile = await().atMost(Duration.ofSeconds(30)).until(() -> {
			JsonNode found = getJson("/api/v1/customers?email=paul." + u + "@example.fr");
			return found.path("items").size() == 1 ? getJson("/api/v1/customers/" + found.at("/items/0/id").asLong())
					: null;
		}, p -> p != null && p.path("satisfaction").size() == 1);
		JsonNode answer = profile.at("/satisfaction/0");
		assertThat(answer.path("score").asInt()).isEqualTo(9);
		assertThat(answer.path("comment").asText()).isEqualTo("Les girafes!");
		assertThat(answer.path("venue").asText()).isEqualTo(venue);
		assertThat(answer.path("kioskId").asText()).isEqualTo("k1");
		assertThat(profile.path("consents").findValuesAsText("channel")).containsExactly("EMAIL");
		assertThat(profile.at("/consents/0/state").asText()).isEqualTo("GRANTED");
		assertThat(profile.at("/consents/0/source").asText()).isEqualTo("kiosk");
	}

	@Test
	void badKioskMessagesAreQuarantinedAndTheFlowGoesOn() {
		String u = unique();
		String venue = kioskVenue();
		publish("kiosks/" + venue + "/k9/status", answer("W1-" + u, venue, "k9", 5, "2026-03-10T16:00:00+01:00"));
		publish("kiosks/" + venue + "/k9/responses", answer("S1-" + u, venue, "k9", 11, "2026-03-10T16:00:00+01:00"),
				"{\"response_id\": \"M1-" + u + "\", \"score\": ",
				answer("V1-" + u, "other-" + u, "k9", 6, "2026-03-10T16:00:00+01:00"),
				answer("OK-" + u, venue, "k9", 10, "2026-03-10T16:10:00+01:00"));

		await().atMost(Duration.ofSeconds(30))
			.until(() -> getJson("/api/v1/venues/" + venue + "/nps").path("answers").asInt() == 1);
		List<JsonNode> quarantined = await().atMost(Duration.ofSeconds(10))
			.until(() -> quarantinedOf(u), q -> q.size() == 4);
		assertThat(quarantined).extracting(q -> q.path("reason").asText())
			.anySatisfy(r -> assertThat(r).contains("kiosks/" + venue + "/k9/status",
					"kiosks/<venue>/<kiosk_id>/responses"))
			.anySatisfy(r -> assertThat(r).contains("score 11 is out of range"))
			.anySatisfy(r -> assertThat(r).contains("not valid JSON"))
			.anySatisfy(r -> assertThat(r).contains("venue 'other-" + u + "'", "contradicts"));
		assertThat(quarantined).allSatisfy(q -> {
			assertThat(q.path("mapping").asText()).isEqualTo("kiosk/response");
			assertThat(q.path("origin").asText()).startsWith("mqtt kiosks/" + venue + "/k9/");
		});
	}

	private List<JsonNode> quarantinedOf(String u) {
		JsonNode page = getJson("/api/v1/quarantine?source=kiosk&size=500");
		return java.util.stream.StreamSupport.stream(page.path("items").spliterator(), false)
			.filter(q -> q.path("rawPayload").asText().contains(u))
			.toList();
	}

	/**
	 * Publishes each payload on the topic as a kiosk of the topic's venue does: MQTT
	 * 3.1.1, QoS 1, with the venue's kiosk user.
	 */
	public static void publish(String topic, String... payloads) {
		String venue = topic.split("/")[1];
		try {
			MqttClient kiosk = new MqttClient("tcp://127.0.0.1:" + MQTT_PORT, "kiosk-" + unique(),
					new MemoryPersistence());
			MqttConnectOptions options = new MqttConnectOptions();
			options.setCleanSession(true);
			options.setUserName(kioskUser(venue));
			options.setPassword(kioskPassword(venue).toCharArray());
			kiosk.connect(options);
			try {
				for (String payload : payloads) {
					kiosk.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
				}
			}
			finally {
				kiosk.disconnect();
				kiosk.close();
			}
		}
		catch (MqttException ex) {
			throw new AssertionError("cannot publish to " + topic + " over MQTT", ex);
		}
	}

	static String answer(String id, String venue, String kiosk, int score, String at) {
		return """
				{"response_id": "%s", "kiosk_id": "%s", "venue": "%s", "answered_at": "%s", "score": %d,
				 "comment": "Score %d at %s"}""".formatted(id, kiosk, venue, at, score, score, kiosk);
	}

}

package com.venuehub.platform;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.venuehub.HubTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker is closed, tried over its real AMQP, MQTT and in-VM ports: nobody
 * connects without a user; a loyalty platform sends to loyalty.in and nowhere else; a
 * venue's kiosks publish to their venue's topics only and read nothing; nobody but the
 * hub writes to the events queue or its dead-letter queue, so a forged event can no
 * longer swallow a real order.
 */
class BrokerSecurityTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void nobodyConnectsWithoutAUser() {
		assertThatThrownBy(() -> amqp(null, null).close()).isInstanceOf(JMSSecurityException.class);
		assertThatThrownBy(() -> amqp(LOYALTY_BROKER_USER, "not-the-password").close())
			.isInstanceOf(JMSSecurityException.class);
		assertThatThrownBy(() -> mqtt(null, null)).isInstanceOfSatisfying(MqttException.class,
				ex -> assertThat(ex.getReasonCode()).isIn((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION,
						(int) MqttException.REASON_CODE_NOT_AUTHORIZED));
		// in the hub's own JVM too: its connections authenticate
		try (ActiveMQConnectionFactory anonymous = new ActiveMQConnectionFactory("vm://0")) {
			assertThatThrownBy(() -> anonymous.createConnection().close()).isInstanceOf(JMSSecurityException.class);
		}
	}

	@Test
	void aForgedEventCannotReachTheEventsQueueAndTheRealOrderApplies() throws Exception {
		String u = unique();
		String eventId = "online:purchase:WEB" + u + ":paid";
		try (Connection loyalty = amqp(LOYALTY_BROKER_USER, LOYALTY_BROKER_PASSWORD)) {
			Session session = loyalty.createSession(false, Session.AUTO_ACKNOWLEDGE);
			for (String queue : new String[] { "hub.events", "DLQ" }) {
				assertThatThrownBy(() -> {
					MessageProducer producer = session.createProducer(session.createQueue(queue));
					TextMessage forged = session.createTextMessage("{}");
					forged.setStringProperty("_AMQ_DUPL_ID", eventId);
					producer.send(forged);
				}).as(queue).isInstanceOf(JMSException.class).hasMessageContaining("does not have permission");
			}
			// nor read from them, nor from the kiosks' topics
			assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.events")))
				.isInstanceOf(JMSException.class)
				.hasMessageContaining("does not have permission");
			assertThatThrownBy(() -> session.createConsumer(session.createQueue("loyalty.in")))
				.isInstanceOf(JMSException.class)
				.hasMessageContaining("does not have permission");
		}
		HttpResponse<String> order = post("/api/v1/ingest/online", "dev-online-key", "application/json",
				"""
						{"code": "WEB%s", "status": "p", "email": "web.%s@example.fr", "datetime": "2026-03-15T09:00:00+01:00",
						 "event": "zoo-lyon", "positions": [{"positionid": 1, "item": 12, "price": "10.00", "secret": "WEB%s-1"}]}"""
					.formatted(u, u, u));
		assertThat(order.statusCode()).isEqualTo(202);
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForObject("select count(*) from ticket where ticket_number = ?", Integer.class,
					"WEB" + u + "-1"), n -> n == 1);
	}

	@Test
	void aLoyaltyPlatformSendsToLoyaltyInOnly() throws Exception {
		try (Connection loyalty = amqp(LOYALTY_BROKER_USER, LOYALTY_BROKER_PASSWORD)) {
			Session session = loyalty.createSession(false, Session.AUTO_ACKNOWLEDGE);
			assertThatThrownBy(() -> session.createProducer(session.createTopic("kiosks.zoo-lyon.k1.responses"))
				.send(session.createTextMessage("{}"))).isInstanceOf(JMSException.class)
				.hasMessageContaining("does not have permission");
		}
		// and what it sends there is applied
		String u = unique();
		String card = com.venuehub.loyalty.LoyaltyIngestTest.card();
		com.venuehub.loyalty.LoyaltyIngestTest.publish(com.venuehub.loyalty.LoyaltyIngestTest.enroll(u, card,
				"2026-03-01T10:00:00+01:00", "\"email\": \"sec." + u + "@example.fr\""));
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForObject("select count(*) from loyalty_card where card_number = ?",
					Integer.class, card), n -> n == 1);
	}

	@Test
	void aVenuesKiosksPublishToTheirVenueOnlyAndReadNothing() throws Exception {
		String u = unique();
		String venue = kioskVenue();
		String other = kioskVenue();
		MqttClient kiosk = mqtt(kioskUser(venue), kioskPassword(venue));
		try {
			assertThat(kiosk.subscribeWithResponse("kiosks/#", 1).getGrantedQos()[0]).isEqualTo(0x80);
		}
		finally {
			close(kiosk);
		}
		MqttClient intruder = mqtt(kioskUser(venue), kioskPassword(venue));
		try {
			assertThatThrownBy(() -> intruder.publish("kiosks/" + other + "/k1/responses",
					answer("X-" + u, other).getBytes(StandardCharsets.UTF_8), 1, false))
				.isInstanceOf(MqttException.class);
		}
		finally {
			close(intruder);
		}
		MqttClient own = mqtt(kioskUser(venue), kioskPassword(venue));
		try {
			own.publish("kiosks/" + venue + "/k1/responses", answer("O-" + u, venue).getBytes(StandardCharsets.UTF_8),
					1, false);
		}
		finally {
			close(own);
		}
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForObject("select count(*) from feedback_response where response_id = ?",
					Integer.class, "O-" + u), n -> n == 1);
		assertThat(this.jdbc.queryForObject("select count(*) from feedback_response where response_id = ?",
				Integer.class, "X-" + u))
			.isZero();
	}

	private static String answer(String id, String venue) {
		return """
				{"response_id": "%s", "kiosk_id": "k1", "venue": "%s", "answered_at": "2026-03-10T16:00:00+01:00",
				 "score": 7}""".formatted(id, venue);
	}

	private static Connection amqp(String user, String password) throws JMSException {
		JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + AMQP_PORT);
		Connection connection = user == null ? factory.createConnection() : factory.createConnection(user, password);
		connection.start();
		return connection;
	}

	private static MqttClient mqtt(String user, String password) throws MqttException {
		MqttClient client = new MqttClient("tcp://127.0.0.1:" + MQTT_PORT, "test-" + unique(), new MemoryPersistence());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(true);
		if (user != null) {
			options.setUserName(user);
			options.setPassword(password.toCharArray());
		}
		client.connect(options);
		return client;
	}

	private static void close(MqttClient client) throws MqttException {
		if (client.isConnected()) {
			client.disconnect();
		}
		client.close();
	}

}

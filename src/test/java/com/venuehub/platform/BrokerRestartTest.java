package com.venuehub.platform;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.venuehub.InChildJvms;
import com.venuehub.ChildHub;
import com.venuehub.HubTestSupport;
import com.venuehub.OrderStream;
import com.venuehub.TestTwilioServer;
import com.venuehub.loyalty.LoyaltyIngestTest;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub run with the {@code prod} profile against a standalone broker configured by
 * {@code ops/broker.xml} (its own JVM, security on, TLS), which is killed with
 * {@code kill -9} and started again on the same journal while orders keep coming:
 * readiness goes DOWN while the broker is gone and UP once it is back, the unify, loyalty
 * and Twilio callback consumers connect again by themselves and go on consuming, and
 * every order answered 202 is applied exactly once.
 */
@InChildJvms
class BrokerRestartTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final int ROUNDS = 2;

	private static final String KEY = "online-ingest-key-of-the-broker-restart-test";

	@Test
	void everyOrderAnswered202IsAppliedOnceAndConsumersComeBackAfterEachBrokerRestart() throws Exception {
		Path data = Path.of("target/test-data/broker-restart").toAbsolutePath();
		HubTestSupport.deleteTree(data);
		Path brokerData = Files.createDirectories(data.resolve("broker"));
		Path keyStore = data.resolve("broker.p12");
		Path trustStore = data.resolve("truststore.p12");
		StandaloneBroker.makeKeyStores(keyStore, trustStore);
		int brokerPort = ChildHub.freePort();
		String brokerUrl = StandaloneBroker.url(brokerPort, trustStore);
		String run = Long.toString(System.nanoTime(), 36);

		StandaloneBroker broker = StandaloneBroker.start(brokerData, brokerPort, keyStore, trustStore, 0);
		ChildHub hub = null;
		List<String> rounds = new ArrayList<>();
		try {
			hub = ChildHub.start(Files.createDirectories(data.resolve("hub")), ChildHub.freePort(), ChildHub.freePort(),
					1, production(brokerUrl));
			try (OrderStream orders = new OrderStream(hub.httpPort(), KEY, "B" + run + "r", 10,
					Duration.ofMillis(100))) {
				await().atMost(Duration.ofSeconds(60)).until(() -> orders.accepted() >= 10);
				for (int round = 1; round <= ROUNDS; round++) {
					int acceptedBefore = orders.accepted();
					int refusedBefore = orders.refused();
					broker.kill();
					ChildHub live = hub;
					// readiness says the hub cannot consume
					await().atMost(Duration.ofSeconds(60))
						.pollInterval(Duration.ofMillis(200))
						.until(() -> !live.ready());
					String down = live.readiness();
					// a batch posted while the broker is gone is refused at once, with a
					// reason and when to send it again; sent again once the broker is
					// back, it is taken and applied once
					String resent = "D" + run + "r" + round;
					HttpResponse<String> refused = postOrder(live.httpPort(), resent);
					assertThat(refused.statusCode()).isEqualTo(503);
					assertThat(refused.headers().firstValue("Retry-After"))
						.hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
					assertThat(refused.body()).contains("\"status\":503").contains("send the batch again");
					broker = StandaloneBroker.start(brokerData, brokerPort, keyStore, trustStore, round);
					await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(live::ready);
					assertThat(postOrder(live.httpPort(), resent).statusCode()).isEqualTo(202);
					assertThat(postOrder(live.httpPort(), resent).statusCode()).isEqualTo(202);
					await().atMost(Duration.ofSeconds(90)).until(() -> live.ordersApplied(Set.of(resent)) == 1);
					assertThat(live.count("select count(*) from processed_event where event_id like ?",
							"online:purchase:" + resent + "%"))
						.isEqualTo(1);
					int acceptedWhileDown = orders.accepted() - acceptedBefore;
					int refusedWhileDown = orders.refused() - refusedBefore;

					// the consumers go on: orders posted after the restart are applied,
					// and
					// a loyalty platform's transaction on the broker too
					int acceptedAtRestart = orders.accepted();
					await().atMost(Duration.ofSeconds(60)).until(() -> orders.accepted() >= acceptedAtRestart + 10);
					Set<String> sinceRestart = orders.answered202();
					await().atMost(Duration.ofSeconds(90))
						.until(() -> live.ordersApplied(sinceRestart) == sinceRestart.size());
					String card = LoyaltyIngestTest.card();
					sendLoyalty(brokerUrl, LoyaltyIngestTest.enroll(run + round, card, "2026-03-01T10:00:00+01:00",
							"\"email\": \"restart" + round + "." + run + "@example.org\""));
					await().atMost(Duration.ofSeconds(90))
						.until(() -> live.count("select count(*) from loyalty_transaction where card_number = ?",
								card) == 1);
					// and Twilio's callbacks, kept on the broker before they are answered
					String token = "restart-" + round + "-" + run;
					assertThat(inbound(live.httpPort(), token)).isEqualTo(200);
					await().atMost(Duration.ofSeconds(90))
						.until(() -> live.count("select count(*) from twilio_callback where token = ?", token) == 1);
					rounds.add("round %d: readiness DOWN (%s), %d batches answered 202 and %d refused while the broker "
						.formatted(round,
								down.contains("no unify consumer is connected") ? "no consumer connected" : down,
								acceptedWhileDown, refusedWhileDown)
							+ "was down or starting, unify, loyalty and callback consumers applying again after the restart");
					assertThat(down).contains("DOWN");
				}
				orders.close();
				Set<String> answered202 = orders.answered202();
				ChildHub live = hub;
				await().atMost(Duration.ofSeconds(120))
					.until(() -> live.ordersApplied(answered202) == answered202.size());
				String prefix = "B" + run + "r%";
				long tickets = hub.count("select count(*) from ticket where sale_ref like ?", prefix);
				long distinct = hub.count("select count(distinct ticket_number) from ticket where sale_ref like ?",
						prefix);
				long events = hub.count("select count(*) from processed_event where event_id like ?",
						"online:purchase:" + prefix);
				System.out.printf(
						"Standalone broker killed and restarted under load (prod profile, TLS, ops/broker.xml): %d "
								+ "rounds%n  %s%n  batches of 10 orders: %d sent, %d answered 202 (%d orders), %d "
								+ "refused or cut; %d events applied, %d tickets, %d distinct%n",
						ROUNDS, String.join("\n  ", rounds), orders.sent(), orders.accepted(), answered202.size(),
						orders.refused(), events, tickets, distinct);
				assertThat(tickets).isEqualTo(distinct);
				assertThat(events).isEqualTo(tickets).isGreaterThanOrEqualTo(answered202.size());
				assertThat(hub.readiness()).contains("\"status\":\"UP\"");
			}
		}
		finally {
			if (hub != null) {
				hub.stop();
			}
			broker.kill();
		}
	}

	/**
	 * The prod profile, as ops/hub.env.example sets it, against that broker; the hub
	 * keeps its own PostgreSQL server (the fault here is the broker's).
	 */
	private static String[] production(String brokerUrl) {
		return new String[] { "--spring.profiles.active=test,prod", "--hub.db.embedded.enabled=true",
				"--HUB_DB_PASSWORD=unused-with-the-embedded-database", "--hub.broker.embedded.enabled=false",
				"--hub.broker.url=" + brokerUrl, "--HUB_BROKER_PASSWORD=" + StandaloneBroker.HUB_PASSWORD,
				"--HUB_OPERATOR_KEY=operator-key-of-the-broker-restart-test",
				"--hub.security.operator-keys.marketing-test=marketing-key-of-the-broker-restart-test",
				"--HUB_INGEST_KEY_BOX_OFFICE=box-office-key-of-the-broker-restart-test",
				"--HUB_INGEST_KEY_ONLINE=" + KEY, "--HUB_INGEST_KEY_TURNSTILE=turnstile-key-of-the-broker-restart-test",
				"--HUB_INGEST_KEY_LOYALTY=loyalty-key-of-the-broker-restart-test",
				"--HUB_INGEST_KEY_KIOSK=kiosk-key-of-the-broker-restart-test",
				"--TWILIO_ACCOUNT_SID=AC00000000000000000000000000000001", "--TWILIO_AUTH_TOKEN=test-auth-token",
				"--TWILIO_MESSAGING_SERVICE_SID=MG00000000000000000000000000000001",
				"--HUB_PUBLIC_URL=https://hub.venue-hub.test" };
	}

	/**
	 * One paid order posted to the online intake; the answer must come within 5 s (the
	 * request times out and fails the test otherwise), whatever state the broker is in.
	 */
	private static HttpResponse<String> postOrder(int port, String code) throws Exception {
		String order = """
				{"code": "%s", "status": "p", "email": "%s@example.org", "datetime": "2026-05-03T10:00:00Z",
				 "positions": [{"positionid": 1, "item": 7, "price": "19.90", "secret": "%s-1"}]}""".formatted(code,
				code.toLowerCase(), code);
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/ingest/online"))
			.header("X-Api-Key", KEY)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(5))
			.POST(HttpRequest.BodyPublishers.ofString(order))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** An inbound SMS reply posted by Twilio, signed with the account's auth token. */
	private static int inbound(int port, String token) throws Exception {
		Map<String, String> params = Map.of("From", "+33700000001", "Body", "Bonjour", "MessageSid", "SM" + token,
				"AccountSid", TestTwilioServer.ACCOUNT);
		String body = params.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/twilio/inbound"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("X-Twilio-Signature",
						TestTwilioServer.sign("https://hub.venue-hub.test/webhooks/twilio/inbound", params,
								"test-auth-token"))
				.header("I-Twilio-Idempotency-Token", token)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/** A loyalty platform's transaction, sent to loyalty.in as the platform's user. */
	private static void sendLoyalty(String brokerUrl, String body) throws Exception {
		try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl, StandaloneBroker.LOYALTY_USER,
				StandaloneBroker.LOYALTY_PASSWORD);
				Connection connection = factory.createConnection();
				Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
				MessageProducer producer = session.createProducer(session.createQueue("loyalty.in"))) {
			producer.send(session.createTextMessage(body));
		}
	}

}

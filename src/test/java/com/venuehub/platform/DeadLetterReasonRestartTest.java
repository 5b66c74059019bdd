package com.venuehub.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.HubApplication;
import com.venuehub.HubTestSupport;
import com.venuehub.TestMailServer;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Why the broker gave up on a message survives a restart: a Twilio callback the database
 * refuses as bad data goes to the dead-letter queue, the hub is stopped and started again
 * on the same data folders, and the listing still says which route failed and why. Runs
 * its own hub, apart from the shared test context.
 */
class DeadLetterReasonRestartTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String QUEUE = "twilio.callbacks";

	@Test
	void theFailureReasonOfADeadLetterIsListedAfterARestart() throws Exception {
		Path data = Path.of("target/test-data/dead-letter-restart");
		HubTestSupport.deleteTree(data);
		String sid = "SMrestart" + System.nanoTime();
		String reason;
		try (ConfigurableApplicationContext hub = start(data)) {
			hub.getBean(EmbeddedActiveMQ.class)
				.getActiveMQServer()
				.getAddressSettingsRepository()
				.addMatch(QUEUE, new AddressSettings().setMaxDeliveryAttempts(2).setRedeliveryDelay(0));
			hub.getBean(JdbcTemplate.class).execute("""
					create function refuse_restart_callback() returns trigger language plpgsql as $$
					begin
					  raise exception 'refused by the test' using errcode = '22023';
					end $$""");
			hub.getBean(JdbcTemplate.class)
				.execute("create trigger refuse_restart_callback before insert on twilio_callback for each row "
						+ "execute function refuse_restart_callback()");
			send(hub, sid);
			JsonNode letter = await().atMost(WAIT).until(() -> deadLetter(hub, sid), d -> d != null);
			reason = letter.path("reason").asText();
			assertThat(reason).contains("apply-twilio-callbacks", "SQL state 22023");
		}

		try (ConfigurableApplicationContext hub = start(data)) {
			JsonNode letter = deadLetter(hub, sid);
			assertThat(letter).as("the dead letter is still in the broker's journal").isNotNull();
			assertThat(letter.path("reason").asText()).isEqualTo(reason);
			System.out.println("Dead letter " + letter.path("id").asText() + " after a restart: " + reason);
		}
	}

	/** A STOP reply as the Twilio webhook queues it. */
	private static void send(ConfigurableApplicationContext hub, String sid) throws Exception {
		String body = hub.getBean(ObjectMapper.class)
			.writeValueAsString(Map.of("kind", "inbound", "params",
					Map.of("From", "+33612345678", "Body", "STOP", "MessageSid", sid), "token", "restart-" + sid,
					"statedAt", Instant.now().toString(), "receivedAt", Instant.now().toString()));
		try (Connection connection = hub.getBean("jmsConnectionFactory", ConnectionFactory.class).createConnection();
				Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
				MessageProducer producer = session.createProducer(session.createQueue(QUEUE))) {
			var message = session.createTextMessage(body);
			message.setStringProperty("hubSource", "twilio");
			producer.send(message);
			session.commit();
		}
	}

	private static JsonNode deadLetter(ConfigurableApplicationContext hub, String sid) throws Exception {
		int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/dead-letters?size=500"))
				.header("X-Api-Key", HubTestSupport.OPERATOR_KEY)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode page = hub.getBean(ObjectMapper.class).readTree(response.body());
		return StreamSupport.stream(page.path("items").spliterator(), false)
			.filter(d -> sid.equals(d.at("/summary/MessageSid").asText()))
			.findFirst()
			.orElse(null);
	}

	private static ConfigurableApplicationContext start(Path data) {
		return new SpringApplicationBuilder(HubApplication.class).profiles("test")
			.run("--server.port=0", "--hub.db.embedded.clean=false",
					"--hub.db.embedded.data-directory=" + data.resolve("postgres"),
					"--hub.broker.embedded.data-directory=" + data.resolve("artemis"), "--hub.broker.url=vm://9",
					"--hub.ingest.inbox=" + data.resolve("inbox"), "--hub.broker.embedded.amqp-port=-1",
					"--hub.broker.embedded.mqtt-port=-1", "--hub.test.smtp-port=" + TestMailServer.port(),
					"--hub.email.dispatch.enabled=false");
	}

}

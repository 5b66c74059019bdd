package com.venuehub.platform;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.HubInstance;
import com.venuehub.HubTestSupport;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

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

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Test
	void theFailureReasonOfADeadLetterIsListedAfterARestart() throws Exception {
		Path data = Path.of("target/test-data/dead-letter-restart");
		HubTestSupport.deleteTree(data);
		String sid = "SMrestart" + System.nanoTime();
		String token = "restart-" + sid;
		String reason;
		try (HubInstance hub = HubInstance.startOn(data, 9)) {
			DeadLetterSupport.giveUpAfterTwoDeliveries(hub.bean(EmbeddedActiveMQ.class));
			DeadLetterSupport.refuse(hub.bean(JdbcTemplate.class), "refuse_restart_callback", token);
			DeadLetterSupport.sendStop(hub.context().getBean("jmsConnectionFactory", ConnectionFactory.class),
					hub.bean(ObjectMapper.class), token, "+33612345678", sid);
			JsonNode letter = await().atMost(WAIT).until(() -> deadLetter(hub, sid), d -> d != null);
			reason = letter.path("reason").asText();
			assertThat(reason).contains("apply-twilio-callbacks", "SQL state 22023");
		}

		try (HubInstance hub = HubInstance.startOn(data, 9)) {
			JsonNode letter = deadLetter(hub, sid);
			assertThat(letter).as("the dead letter is still in the broker's journal").isNotNull();
			assertThat(letter.path("reason").asText()).isEqualTo(reason);
			System.out.println("Dead letter " + letter.path("id").asText() + " after a restart: " + reason);
		}
	}

	private static JsonNode deadLetter(HubInstance hub, String sid) throws Exception {
		HttpResponse<String> response = hub.get("/api/v1/dead-letters?size=500", HubTestSupport.OPERATOR_KEY);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return DeadLetterSupport.find(hub.bean(ObjectMapper.class).readTree(response.body()), sid);
	}

}

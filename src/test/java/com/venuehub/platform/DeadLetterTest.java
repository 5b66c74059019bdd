package com.venuehub.platform;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter queues for operators, end to end: Twilio callbacks the database refuses
 * as bad data (SQL state 22023, from a trigger) are given up on by the broker after their
 * delivery attempts (two here); the listing shows each with its origin, a summary with
 * the phone masked and the failure the hub saw, the DLQ gauge counts them; one replayed
 * once the cause is fixed is applied and leaves the DLQ, one discarded is gone and never
 * applied.
 */
class DeadLetterTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String QUEUE = DeadLetterSupport.QUEUE;

	@Autowired
	EmbeddedActiveMQ broker;

	@Autowired
	ConnectionFactory jmsConnectionFactory;

	@Autowired
	OperationsMetrics metrics;

	private String trigger;

	@BeforeEach
	void giveUpAfterTwoDeliveries() {
		DeadLetterSupport.giveUpAfterTwoDeliveries(this.broker);
	}

	@AfterEach
	void deliverAsConfigured() {
		DeadLetterSupport.deliverAsConfigured(this.broker);
		if (this.trigger != null) {
			DeadLetterSupport.accept(this.jdbc, this.trigger);
		}
	}

	@Autowired
	DeadLetters deadLetters;

	@Test
	void aMessageOfSeveralEventsIsSummedUpByItsFirstWithoutPersonalData() {
		Map<String, Object> summary = this.deadLetters.summary(
				"""
						[{"id": "online:purchase:O1:paid", "kind": "PURCHASE", "contact": {"email": "jeanne.martin@example.fr"}},
						 {"id": "online:purchase:O2:paid", "kind": "PURCHASE"}]""");
		assertThat(summary).containsEntry("events", 2).containsEntry("id", "online:purchase:O1:paid");
		assertThat(summary.toString()).doesNotContain("jeanne.martin");
	}

	@Test
	void deadLettersAreListedWithoutPersonalDataAndReplayedOrDiscarded() throws Exception {
		String u = unique();
		String replayed = "dl-replay-" + u;
		String discarded = "dl-discard-" + u;
		this.trigger = "dead_letter_" + u;
		DeadLetterSupport.refuse(this.jdbc, this.trigger, replayed, discarded);
		double before = gauge("hub_broker_queue_messages{queue=\"DLQ\"}", 0);
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		Logger metricsLog = (Logger) LoggerFactory.getLogger(OperationsMetrics.class);
		metricsLog.addAppender(log);
		DeadLetterSupport.sendStop(this.jmsConnectionFactory, this.json, replayed, "+33612345678", "SMdl1" + u);
		DeadLetterSupport.sendStop(this.jmsConnectionFactory, this.json, discarded, "+33698765432", "SMdl2" + u);

		JsonNode replayedLetter = await().atMost(WAIT).until(() -> deadLetter("SMdl1" + u), d -> d != null);
		JsonNode discardedLetter = await().atMost(WAIT).until(() -> deadLetter("SMdl2" + u), d -> d != null);
		assertThat(replayedLetter.path("queue").asText()).isEqualTo(QUEUE);
		assertThat(replayedLetter.path("deadLetterQueue").asText()).isEqualTo("DLQ." + QUEUE);
		assertThat(replayedLetter.path("source").asText()).isEqualTo("twilio");
		assertThat(replayedLetter.at("/summary/kind").asText()).isEqualTo("inbound");
		assertThat(replayedLetter.at("/summary/From").asText()).isEqualTo("+33*******78");
		assertThat(replayedLetter.toString()).doesNotContain("+33612345678").doesNotContain("STOP");
		assertThat(replayedLetter.path("reason").asText()).contains("apply-twilio-callbacks", "SQL state 22023");
		await().atMost(WAIT).until(() -> gauge("hub_broker_queue_messages{queue=\"DLQ\"}", 0) >= before + 2);
		// the line on-call alerts on: the queue, how many, why, and no personal data
		try {
			await().atMost(WAIT).untilAsserted(() -> {
				this.metrics.refresh();
				assertThat(log.list).anySatisfy(event -> {
					assertThat(event.getLevel()).isEqualTo(Level.WARN);
					assertThat(event.getFormattedMessage()).matches("Dead letters: DLQ\\." + QUEUE.replace(".", "\\.")
							+ " holds \\d+ messages \\(\\d+ new\\) from " + QUEUE.replace(".", "\\.")
							+ "; last failure: route apply-twilio-callbacks failed with \\w+, SQL state 22023; "
							+ "GET /api/v1/dead-letters lists them");
				});
			});
			assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
				.noneMatch(line -> line.contains("612345678") || line.contains("698765432") || line.contains("STOP"));
		}
		finally {
			metricsLog.detachAppender(log);
		}
		assertThat(getJson("/api/v1/dead-letters/" + replayedLetter.path("id").asText()).path("queue").asText())
			.isEqualTo(QUEUE);

		// the cause fixed, the operator replays one and discards the other
		DeadLetterSupport.accept(this.jdbc, this.trigger);
		HttpResponse<String> replay = post("/api/v1/dead-letters/" + replayedLetter.path("id").asText() + "/replay",
				OPERATOR_KEY, "application/json", "");
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		assertThat(readJson(replay.body()).path("status").asText()).isEqualTo("REPLAYED");
		HttpResponse<String> discard = post("/api/v1/dead-letters/" + discardedLetter.path("id").asText() + "/discard",
				OPERATOR_KEY, "application/json", "");
		assertThat(discard.statusCode()).as(discard.body()).isEqualTo(200);

		await().atMost(WAIT).until(() -> applied(replayed));
		assertThat(deadLetter("SMdl1" + u)).isNull();
		assertThat(deadLetter("SMdl2" + u)).isNull();
		assertThat(applied(discarded)).isFalse();
		assertThat(post("/api/v1/dead-letters/" + discardedLetter.path("id").asText() + "/replay", OPERATOR_KEY,
				"application/json", "")
			.statusCode()).isEqualTo(404);
		await().atMost(WAIT).until(() -> gauge("hub_broker_queue_messages{queue=\"DLQ\"}", 0) <= before);
	}

	@Test
	void theDeadLetterApiIsForOperatorsAndSaysWhatIsWrong() {
		assertThat(get("/api/v1/dead-letters", null).statusCode()).isEqualTo(401);
		assertThat(get("/api/v1/dead-letters", "dev-online-key").statusCode()).isEqualTo(403);
		assertThat(getJson("/api/v1/dead-letters").has("items")).isTrue();
		HttpResponse<String> unknown = post("/api/v1/dead-letters/0f0f0f0f-1111-2222-3333-444444444444/replay",
				OPERATOR_KEY, "application/json", "");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(readJson(unknown.body()).path("detail").asText()).contains("no dead letter");
		HttpResponse<String> forged = post("/api/v1/dead-letters/x'%20or%20'1'='1/discard", OPERATOR_KEY,
				"application/json", "");
		assertThat(forged.statusCode()).isEqualTo(400);
		assertThat(get("/api/v1/dead-letters?size=0", OPERATOR_KEY).statusCode()).isEqualTo(400);
	}

	private JsonNode deadLetter(String sid) {
		return DeadLetterSupport.find(getJson("/api/v1/dead-letters?size=500"), sid);
	}

	private boolean applied(String token) {
		return this.jdbc.queryForObject("select count(*) from twilio_callback where token = ?", Integer.class,
				token) == 1;
	}

}

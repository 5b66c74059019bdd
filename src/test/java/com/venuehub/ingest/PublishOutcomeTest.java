package com.venuehub.ingest;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import com.venuehub.RollingBackBroker;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a 202 means: every accepted record is on the events queue. A broker transaction
 * rolled back for another reason than a duplicate (what a failover during the commit
 * gives) is sent again, not taken for a duplicate and dropped; one the broker keeps
 * refusing is a 503, never a 202. The broker of these tests rolls chosen transactions
 * back through a broker plugin ({@link RollingBackBroker}), as its own failure would.
 */
class PublishOutcomeTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	EmbeddedActiveMQ broker;

	@Test
	void aPublishTheBrokerRolledBackIsSentAgainNotTakenForADuplicate() throws Exception {
		String u = unique();
		RollingBackBroker rollBack = new RollingBackBroker(Set.of("online:purchase:P" + u + ":paid"), 2);
		this.broker.getActiveMQServer().registerBrokerPlugin(rollBack);
		try {
			HttpResponse<String> response = post("/api/v1/ingest/online", "dev-online-key", "application/json",
					order(u));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		}
		finally {
			this.broker.getActiveMQServer().unRegisterBrokerPlugin(rollBack);
		}
		assertThat(rollBack.rolledBack()).isEqualTo(2);
		await().atMost(WAIT).until(() -> ticketsOf("P" + u), n -> n == 1);
	}

	@Test
	void aPublishTheBrokerKeepsRollingBackIsA503AndTheResendIsApplied() throws Exception {
		String u = unique();
		RollingBackBroker rollBack = new RollingBackBroker(Set.of("online:purchase:P" + u + ":paid"),
				Integer.MAX_VALUE);
		this.broker.getActiveMQServer().registerBrokerPlugin(rollBack);
		try {
			HttpResponse<String> refused = post("/api/v1/ingest/online", "dev-online-key", "application/json",
					order(u));
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
			assertThat(readJson(refused.body()).path("detail").asText()).contains("send the batch again later");
		}
		finally {
			this.broker.getActiveMQServer().unRegisterBrokerPlugin(rollBack);
		}
		assertThat(rollBack.rolledBack()).isGreaterThan(1);
		assertThat(this.jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Integer.class,
				"online:purchase:P" + u + ":paid"))
			.isZero();

		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", order(u)).statusCode())
			.isEqualTo(202);
		await().atMost(WAIT).until(() -> ticketsOf("P" + u), n -> n == 1);
	}

	@Test
	void aDuplicateInABatchIsDroppedAloneAndTheNewOrdersGoThrough() {
		String u = unique();
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", order(u + "a")).statusCode())
			.isEqualTo(202);
		await().atMost(WAIT).until(() -> ticketsOf("P" + u + "a"), n -> n == 1);

		HttpResponse<String> batch = post("/api/v1/ingest/online", "dev-online-key", "application/json",
				"[" + order(u + "a") + "," + order(u + "b") + "," + order(u + "c") + "]");
		assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
		JsonNode report = readJson(batch.body());
		assertThat(report.path("accepted").asInt()).isEqualTo(3);
		await().atMost(WAIT).until(() -> ticketsOf("P" + u + "b") + ticketsOf("P" + u + "c"), n -> n == 2);
		assertThat(this.jdbc.queryForObject("select count(*) from processed_event where event_id like ?", Integer.class,
				"online:purchase:P" + u + "_:paid"))
			.isEqualTo(3);
	}

	private int ticketsOf(String order) {
		return this.jdbc.queryForObject("select count(*) from ticket where sale_ref = ?", Integer.class, order);
	}

	private static String order(String u) {
		return """
				{"code": "P%s", "status": "p", "email": "p.%s@example.fr", "datetime": "2026-03-15T09:00:00+01:00",
				 "event": "zoo-lyon", "positions": [{"positionid": 1, "item": 12, "price": "10.00",
				 "attendee_name": "Paule Martin", "secret": "P%s-1"}]}""".formatted(u, u, u);
	}

}

package com.venuehub.customer;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness and unify's lag, end to end: readiness is UP while unify consumes; it goes
 * DOWN while no consumer can reach the broker, and UP again once they have connected
 * again on their own, consuming; the lag gauge says how old the oldest event waiting is
 * while unify is stopped, and falls back once it runs again.
 */
class UnifyReadinessTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	EmbeddedActiveMQ broker;

	@Autowired
	UnifyConsumers consumers;

	@Autowired
	UnifyProperties unifyProperties;

	@Test
	void readinessIsUpWhileEveryConsumerConsumes() {
		HttpResponse<String> readiness = get("/actuator/health/readiness", null);
		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
		JsonNode unify = readJson(readiness.body()).at("/components/unify");
		assertThat(unify.path("status").asText()).isEqualTo("UP");
		assertThat(unify.at("/details/consumers").size()).isEqualTo(this.unifyProperties.consumers());
		unify.at("/details/consumers").forEach(c -> assertThat(c.path("state").asText()).isEqualTo("consuming"));
	}

	@Test
	void readinessIsDownWhileTheBrokerCannotBeReachedAndUnifyConsumesAgainAfter() throws Exception {
		Acceptor inVm = this.broker.getActiveMQServer().getRemotingService().getAcceptor("in-vm");
		inVm.stop();
		try {
			for (RemotingConnection connection : this.broker.getActiveMQServer()
				.getRemotingService()
				.getConnections()) {
				connection.fail(new ActiveMQNotConnectedException("broker unreachable (test)"));
			}
			HttpResponse<String> down = await().atMost(WAIT)
				.until(() -> get("/actuator/health/readiness", null), r -> r.statusCode() == 503);
			JsonNode unify = readJson(down.body()).at("/components/unify");
			assertThat(unify.path("status").asText()).isEqualTo("DOWN");
			assertThat(unify.at("/details/reason").asText()).isEqualTo("no unify consumer is connected to the broker");
			assertThat(unify.at("/details/consumers/unify-0/lastFailure").asText()).isNotBlank();
		}
		finally {
			inVm.start();
		}
		await().atMost(WAIT).until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
		await().atMost(WAIT)
			.until(() -> this.consumers.consumers().stream().allMatch(c -> c.alive() && c.connectedSince() != null));

		String u = unique();
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", order(u)).statusCode())
			.isEqualTo(202);
		await().atMost(WAIT).until(() -> ticketsOf("RD" + u) == 1);
	}

	@Test
	void theLagGaugeTellsHowLongEventsWaitWhileUnifyIsStopped() throws Exception {
		this.consumers.stop();
		String u = unique();
		try {
			assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(503);
			assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", order(u)).statusCode())
				.isEqualTo(202);
			// read apart from the scrape, every hub.metrics.refresh-ms: both once the
			// order has waited a second
			await().atMost(WAIT)
				.until(() -> gauge("hub_unify_lag_seconds") >= 1
						&& gauge("hub_broker_queue_messages{queue=\"hub.events\"}") >= 1);
		}
		finally {
			this.consumers.start();
		}
		await().atMost(WAIT).until(() -> ticketsOf("RD" + u) == 1);
		await().atMost(WAIT).until(() -> gauge("hub_unify_lag_seconds") < 1);
		assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
	}

	private int ticketsOf(String order) {
		return this.jdbc.queryForObject("select count(*) from ticket where sale_ref = ?", Integer.class, order);
	}

	private static String order(String u) {
		return """
				{"code": "RD%s", "status": "p", "email": "rd.%s@example.fr", "datetime": "2026-03-15T09:00:00+01:00",
				 "positions": [{"positionid": 1, "item": 12, "price": "10.00", "secret": "RD%s-1"}]}""".formatted(u, u,
				u);
	}

}

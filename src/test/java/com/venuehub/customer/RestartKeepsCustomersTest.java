package com.venuehub.customer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.venuehub.HubApplication;
import com.venuehub.HubTestSupport;
import com.venuehub.TestMailServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub stopped and started again on the same data folders keeps its customers, and a
 * record accepted just before the stop is not lost. Runs its own hub, apart from the
 * shared test context.
 */
class RestartKeepsCustomersTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Test
	void aRestartKeepsEveryCustomerAndEveryAcceptedRecord() throws Exception {
		Path data = Path.of("target/test-data/restart");
		HubTestSupport.deleteTree(data);

		long before;
		try (ConfigurableApplicationContext hub = start(data)) {
			JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
			for (int i = 0; i < 5; i++) {
				ingest(hub,
						"""
								{"code": "R%d", "status": "p", "email": "restart%d@example.org", "datetime": "2026-05-03T10:00:00Z",
								 "positions": [{"positionid": 1, "item": 7, "price": "19.90", "secret": "RT%d"}]}"""
							.formatted(i, i, i));
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> jdbc.queryForObject("select count(*) from ticket where ticket_number like 'RT%'",
						Long.class) == 5);
			before = jdbc.queryForObject("select count(*) from customer where merged_into is null", Long.class);
			// stop the consumers, then accept one more record: it waits in the broker's
			// journal
			hub.getBean(UnifyConsumers.class).stop();
			ingest(hub, """
					{"code": "R9", "status": "p", "email": "restart9@example.org", "datetime": "2026-05-03T10:00:00Z",
					 "positions": [{"positionid": 1, "item": 7, "price": "19.90", "secret": "RT9"}]}""");
		}

		try (ConfigurableApplicationContext hub = start(data)) {
			JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
			assertThat(before).isEqualTo(5);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> jdbc.queryForObject("select count(*) from ticket where ticket_number like 'RT%'",
						Long.class) == 6);
			assertThat(jdbc.queryForObject("select count(*) from customer where merged_into is null", Long.class))
				.isEqualTo(6);
			assertThat(jdbc.queryForObject("show work_mem", String.class)).isEqualTo("9MB");
			assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
		}
	}

	private static ConfigurableApplicationContext start(Path data) {
		// command-line arguments: they win over the test profile's settings
		return new SpringApplicationBuilder(HubApplication.class).profiles("test")
			.run("--server.port=0", "--hub.db.embedded.clean=false",
					"--hub.db.embedded.data-directory=" + data.resolve("postgres"),
					"--hub.broker.embedded.data-directory=" + data.resolve("artemis"), "--hub.broker.url=vm://7",
					"--hub.ingest.inbox=" + data.resolve("inbox"), "--hub.broker.embedded.amqp-port=-1",
					"--hub.broker.embedded.mqtt-port=-1", "--hub.test.smtp-port=" + TestMailServer.port(),
					"--hub.email.dispatch.enabled=false",
					// an operator's server settings reach PostgreSQL; durability is not
					// theirs
					// to turn off
					"--hub.db.embedded.settings.work_mem=9MB", "--hub.db.embedded.settings.fsync=off");
	}

	private static void ingest(ConfigurableApplicationContext hub, String order) throws Exception {
		int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/ingest/online"))
				.header("X-Api-Key", "dev-online-key")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(order))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
	}

}

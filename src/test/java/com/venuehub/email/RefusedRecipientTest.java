package com.venuehub.email;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.venuehub.HubInstance;
import com.venuehub.HubTestSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay that refuses a recipient for good, end to end: the message fails with the
 * relay's answer, the address is marked bouncing and the next message to it is suppressed
 * without reaching the relay, while other recipients are delivered. The hub sends to a
 * stand-in relay, so it runs apart from the shared test context, on a database of its own
 * in the same PostgreSQL server and a broker of its own.
 */
class RefusedRecipientTest extends HubTestSupport {

	@Autowired
	EmbeddedPostgres postgres;

	@Test
	void aRefusedRecipientIsMarkedBouncingAndNothingMoreIsSentToIt() throws Exception {
		String u = unique();
		String refused = "unknown." + u + "@example.fr";
		String delivered = "known." + u + "@example.fr";
		String database = "refused_" + u;
		Path data = Path.of("target/test-data/refused-recipient");
		HubTestSupport.deleteTree(data);
		// the test server's data is wiped at every run: the database is left there
		this.jdbc.execute("create database " + database);
		try (RefusingSmtpServer relay = new RefusingSmtpServer(refused);
				HubInstance hub = HubInstance.start("--hub.db.embedded.enabled=false",
						"--spring.datasource.url=" + this.postgres.getJdbcUrl("postgres", database),
						"--spring.datasource.username=postgres",
						"--spring.datasource.password=" + HubInstance.databasePassword(), "--hub.broker.url=vm://8",
						"--hub.broker.embedded.data-directory=" + data.resolve("artemis"),
						"--hub.broker.embedded.amqp-port=-1", "--hub.broker.embedded.mqtt-port=-1",
						"--hub.ingest.inbox=" + data.resolve("inbox"), "--hub.test.smtp-port=" + relay.port())) {
			JdbcTemplate db = hub.bean(JdbcTemplate.class);
			order(hub, "R1" + u, refused);
			order(hub, "K1" + u, delivered);

			Map<String, Object> failed = await().atMost(Duration.ofSeconds(30))
				.until(() -> message(db, "confirmation:online:R1" + u), m -> "FAILED".equals(m.get("status")));
			assertThat((String) failed.get("reason"))
				.isEqualTo("the address is bouncing, nothing more is sent to it: the relay refused the recipient: "
						+ "550 5.1.1 user unknown");
			Map<String, Object> status = db.queryForMap("select * from email_address_status where address = ?",
					refused);
			assertThat(status.get("status")).isEqualTo("BOUNCING");
			assertThat((String) status.get("reason"))
				.isEqualTo("the relay refused the recipient: 550 5.1.1 user unknown");
			assertThat(relay.asked(refused)).isEqualTo(1);
			assertThat(relay.acceptedFor(refused)).isEmpty();

			await().atMost(Duration.ofSeconds(30))
				.until(() -> message(db, "confirmation:online:K1" + u), m -> "SENT".equals(m.get("status")));
			List<RefusingSmtpServer.Accepted> mails = relay.acceptedFor(delivered);
			assertThat(mails).hasSize(1);
			assertThat(mails.get(0).data()).contains("X-Hub-Dedup-Key: confirmation:online:K1" + u);

			// the next message to the refused address never reaches the relay
			order(hub, "R2" + u, refused);
			Map<String, Object> suppressed = await().atMost(Duration.ofSeconds(30))
				.until(() -> message(db, "confirmation:online:R2" + u), m -> "SUPPRESSED".equals(m.get("status")));
			assertThat((String) suppressed.get("reason")).contains("address is bouncing", "550 5.1.1 user unknown");
			assertThat(suppressed.get("attempts")).isEqualTo(0);
			assertThat(relay.asked(refused)).isEqualTo(1);
		}
	}

	private static void order(HubInstance hub, String code, String email) {
		String body = resource("/email/online-order.json").replace("{{code}}", code)
			.replace("{{family}}", EmailTestSupport.familyName(email))
			.replace("{{email}}", email)
			.replace("{{locale}}", "fr")
			.replace("{{sold}}", "2026-03-10T11:00:00+01:00")
			.replace("{{from}}", "2026-03-14")
			.replace("{{until}}", "2026-12-31");
		HttpResponse<String> answer = hub.post("/api/v1/ingest/online", "dev-online-key", "application/json", body);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
	}

	private static Map<String, Object> message(JdbcTemplate db, String dedupKey) {
		List<Map<String, Object>> rows = db.queryForList("select * from outbox_message where dedup_key = ?", dedupKey);
		return rows.isEmpty() ? Map.of() : rows.get(0);
	}

}

package com.venuehub.customer;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.venuehub.HubInstance;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub stopped and started again on the same data folders keeps its customers, and a
 * record accepted just before the stop is not lost. Runs its own hub, apart from the
 * shared test context.
 */
class RestartKeepsCustomersTest {

	@Test
	void aRestartKeepsEveryCustomerAndEveryAcceptedRecord() {
		Path data = Path.of("target/test-data/restart");
		HubTestSupport.deleteTree(data);

		long before;
		try (HubInstance hub = start(data)) {
			JdbcTemplate jdbc = hub.bean(JdbcTemplate.class);
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
			hub.bean(UnifyConsumers.class).stop();
			ingest(hub, """
					{"code": "R9", "status": "p", "email": "restart9@example.org", "datetime": "2026-05-03T10:00:00Z",
					 "positions": [{"positionid": 1, "item": 7, "price": "19.90", "secret": "RT9"}]}""");
		}

		try (HubInstance hub = start(data)) {
			JdbcTemplate jdbc = hub.bean(JdbcTemplate.class);
			assertThat(before).isEqualTo(5);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> jdbc.queryForObject("select count(*) from ticket where ticket_number like 'RT%'",
						Long.class) == 6);
			assertThat(jdbc.queryForObject("select count(*) from customer where merged_into is null", Long.class))
				.isEqualTo(6);
			assertThat(jdbc.queryForObject("show work_mem", String.class)).isEqualTo("9MB");
			assertThat(jdbc.queryForObject("show shared_buffers", String.class)).isEqualTo("192MB");
			assertThat(jdbc.queryForObject("show max_wal_size", String.class)).isEqualTo("2GB");
			assertThat(jdbc.queryForObject("show checkpoint_timeout", String.class)).isEqualTo("30min");
			assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
		}
	}

	private static HubInstance start(Path data) {
		// an operator's server settings reach PostgreSQL, the memory the hub sets by
		// default too; durability is not theirs to turn off
		return HubInstance.startOn(data, 7, "--hub.db.embedded.settings.work_mem=9MB",
				"--hub.db.embedded.settings.shared_buffers=192MB", "--hub.db.embedded.settings.max_wal_size=2GB",
				"--hub.db.embedded.settings.fsync=off");
	}

	private static void ingest(HubInstance hub, String order) {
		HttpResponse<String> response = hub.post("/api/v1/ingest/online", "dev-online-key", "application/json", order);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
	}

}

package com.venuehub.platform;

import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A table used as a queue is vacuumed by the hub once it holds enough dead rows, without
 * waiting for autovacuum: the dead entries at the head of its pending index go, and a
 * claim no longer walks past them.
 */
class QueueTableVacuumTest extends HubTestSupport {

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void dropProbe() {
		this.jdbc.execute("drop table if exists vacuum_probe");
	}

	@Test
	void aQueueTableWithEnoughDeadRowsForItsSizeIsVacuumedAndOneWithFewIsLeft() {
		this.jdbc.execute("create table vacuum_probe (id bigint primary key, status text not null)");
		this.jdbc.execute("create index vacuum_probe_pending on vacuum_probe (id) where status = 'PENDING'");
		this.jdbc.execute("alter table vacuum_probe set (autovacuum_enabled = false)");
		// two thousand rows sent: two thousand dead rows beside three thousand live ones;
		// the session reports them at once (an idle session reports its counts up to 10 s
		// later)
		this.jdbc.execute((ConnectionCallback<Void>) connection -> {
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("insert into vacuum_probe select g, 'PENDING' from generate_series(1, 3000) g");
				statement.executeUpdate("update vacuum_probe set status = 'SENT' where id <= 2000");
				statement.execute("select pg_stat_force_next_flush()");
			}
			return null;
		});
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject(
					"select least(n_dead_tup, n_live_tup) from pg_stat_user_tables where relname = 'vacuum_probe'",
					Long.class), rows -> rows >= 2000);

		// too few dead rows, then too few for the table's size (2,000 of 3,000 live)
		assertThat(new QueueTableVacuum(this.jdbc, 0, List.of("vacuum_probe"), 5000, 0).vacuum()).isEmpty();
		assertThat(new QueueTableVacuum(this.jdbc, 0, List.of("vacuum_probe"), 1000, 0.9).vacuum()).isEmpty();
		assertThat(new QueueTableVacuum(this.jdbc, 0, List.of("vacuum_probe"), 1000, 0.5).vacuum())
			.containsExactly("public.vacuum_probe");

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.jdbc
				.queryForMap("select vacuum_count, n_dead_tup from pg_stat_user_tables where relname = 'vacuum_probe'"))
				.containsEntry("vacuum_count", 1L)
				.containsEntry("n_dead_tup", 0L));
	}

}

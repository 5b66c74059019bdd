package com.venuehub.platform;

import java.time.Duration;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A table that grows fast gets fresh planner statistics from the hub within a few
 * seconds, without waiting for autovacuum (whose analyzes PostgreSQL counts apart): a
 * join planned for the empty table it was at first would otherwise scan it once per row
 * of every batch.
 */
class PlannerStatisticsTest extends HubTestSupport {

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void dropProbe() {
		this.jdbc.execute("drop table if exists planner_probe");
	}

	@Test
	void aTableThatGrewIsAnalyzedAndItsLookupsUseTheIndex() {
		this.jdbc.execute("create table planner_probe (id bigint primary key, erased_at timestamptz)");
		this.jdbc.execute("alter table planner_probe set (autovacuum_enabled = false)");
		String lookup = "explain select * from planner_probe p join unnest(array[5, 17, 4000]::bigint[]) as u(id)"
				+ " on p.id = u.id and p.erased_at is null";
		this.jdbc.update("insert into planner_probe (id) select generate_series(1, 20000)");

		// PostgreSQL counts the analyze and writes the row count before the analyze
		// commits its statistics: wait for those too
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.jdbc.queryForObject(
					"select analyze_count from pg_stat_user_tables where relname = 'planner_probe'", Long.class))
				.isPositive();
			assertThat(this.jdbc.queryForObject(
					"select count(*) from pg_stats where tablename = 'planner_probe' and attname = 'id'", Long.class))
				.isOne();
		});
		assertThat(this.jdbc.queryForObject("select reltuples from pg_class where relname = 'planner_probe'",
				Double.class))
			.isEqualTo(20000.0);
		assertThat(String.join("\n", this.jdbc.queryForList(lookup, String.class))).contains("planner_probe_pkey")
			.doesNotContain("Seq Scan on planner_probe");
		// a small sample: a histogram of 10 buckets, where PostgreSQL's default analyze
		// makes 100
		assertThat(this.jdbc.queryForObject(
				"select cardinality(histogram_bounds::text::bigint[]) from pg_stats where tablename = 'planner_probe'"
						+ " and attname = 'id'",
				Integer.class))
			.isEqualTo(11);
	}

}

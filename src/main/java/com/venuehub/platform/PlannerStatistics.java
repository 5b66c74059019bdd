package com.venuehub.platform;

import java.sql.Statement;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps PostgreSQL's planner statistics in step with tables that grow fast. Unify writes
 * each batch with a few set statements that join the batch to the store (an order's
 * customer, its tickets, its match keys); planned from statistics of a table ten times
 * smaller, such a join scans the table once per row of the batch, and its cost grows with
 * the square of the store. Autovacuum analyzes a table a minute or more after it changed
 * by a tenth, and a new store's first import (a year of box-office history, a season
 * opening) grows its tables many times over in that minute. Every
 * {@code hub.db.analyze.period-ms} this analyzes the tables of the hub's schema changed
 * by more than {@code hub.db.analyze.min-rows} rows and {@code hub.db.analyze.growth} of
 * their size since their last analyze; analyzing also makes PostgreSQL plan again the
 * statements it kept prepared for them. A period of 0 leaves it to autovacuum.
 * <p>
 * These analyzes sample {@code hub.db.analyze.sample-target} × 300 rows (PostgreSQL's
 * statistics target, 100 by default, samples 30,000): enough for the row counts and rough
 * distributions that keep a join on its indexes, at a tenth of the cost of a full
 * analyze, which on a wide table (the outbox with its payloads) took half a second at
 * each doubling. Autovacuum's own analyzes, every tenth of change, keep their full
 * sample.
 */
@Component
public class PlannerStatistics extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(PlannerStatistics.class);

	private final JdbcTemplate jdbc;

	private final long minRows;

	private final double growth;

	private final int sampleTarget;

	public PlannerStatistics(JdbcTemplate jdbc, @Value("${hub.db.analyze.period-ms:2000}") long periodMs,
			@Value("${hub.db.analyze.min-rows:1000}") long minRows,
			@Value("${hub.db.analyze.growth:1.0}") double growth,
			@Value("${hub.db.analyze.sample-target:10}") int sampleTarget) {
		super("planner-statistics", periodMs, periodMs);
		this.jdbc = jdbc;
		this.minRows = minRows;
		this.growth = growth;
		this.sampleTarget = sampleTarget;
	}

	/**
	 * Analyzes the tables that changed enough since their last analyze.
	 * @return the tables analyzed
	 */
	public List<String> refresh() {
		List<String> tables = this.jdbc.queryForList("""
				select format('%I.%I', s.schemaname, s.relname)
				from pg_stat_user_tables s join pg_class c on c.oid = s.relid
				where s.schemaname = current_schema() and s.relname <> 'flyway_schema_history'
				  and s.n_mod_since_analyze >= ? and s.n_mod_since_analyze > ? * greatest(c.reltuples, 0)
				order by s.n_mod_since_analyze desc""", String.class, this.minRows, this.growth);
		if (tables.isEmpty()) {
			return tables;
		}
		this.jdbc.execute((ConnectionCallback<Void>) connection -> {
			try (Statement statement = connection.createStatement()) {
				if (this.sampleTarget > 0) {
					statement.execute("set default_statistics_target = " + this.sampleTarget);
				}
				try {
					for (String table : tables) {
						long start = System.nanoTime();
						statement.execute("analyze (skip_locked) " + table);
						log.debug("Planner statistics of {} refreshed in {} ms", table,
								(System.nanoTime() - start) / 1_000_000);
					}
				}
				finally {
					if (this.sampleTarget > 0) {
						// the connection goes back to the pool as it came
						statement.execute("reset default_statistics_target");
					}
				}
			}
			return null;
		});
		return tables;
	}

	@Override
	protected void runOnce() {
		try {
			refresh();
		}
		catch (Exception ex) {
			// the database is away or busy: autovacuum still runs, and the next period
			// tries again
			log.debug("Planner statistics not refreshed: {}", Failures.summary(ex));
		}
	}

}

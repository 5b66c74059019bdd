package com.venuehub.platform;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Vacuums the tables the hub uses as queues as soon as they hold a few thousand dead
 * rows. A dispatcher claims the oldest pending rows of the outbox through a partial index
 * of pending rows; a row it sent leaves a dead entry at the head of that index until a
 * vacuum removes it, so every claim walks past every row sent since the last vacuum.
 * Autovacuum comes a minute or more apart and waits for a fifth of the table to have
 * changed: in a season opening, each claim then read a hundred index pages for ten rows.
 * Every {@code hub.db.vacuum.period-ms} this vacuums the tables of
 * {@code hub.db.vacuum.tables} holding more than {@code hub.db.vacuum.min-dead-rows} dead
 * rows and more than {@code hub.db.vacuum.min-dead-fraction} of their live rows. A vacuum
 * reads every index of the table whole, and the outbox keeps every message sent: with a
 * number of dead rows alone, each message would pay a share of a vacuum that grows with
 * the outbox; with a share of the table, vacuums come further apart as it grows, and a
 * claim walks past a few more dead entries (an index page holds a few hundred). A period
 * of 0 leaves it to autovacuum.
 */
@Component
public class QueueTableVacuum extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(QueueTableVacuum.class);

	private final JdbcTemplate jdbc;

	private final List<String> tables;

	private final long minDeadRows;

	private final double minDeadFraction;

	public QueueTableVacuum(JdbcTemplate jdbc, @Value("${hub.db.vacuum.period-ms:5000}") long periodMs,
			@Value("${hub.db.vacuum.tables:outbox_message}") List<String> tables,
			@Value("${hub.db.vacuum.min-dead-rows:5000}") long minDeadRows,
			@Value("${hub.db.vacuum.min-dead-fraction:0.05}") double minDeadFraction) {
		super("queue-table-vacuum", periodMs, periodMs);
		if (!(minDeadFraction >= 0 && minDeadFraction <= 1)) {
			throw new IllegalArgumentException(
					"hub.db.vacuum.min-dead-fraction must be between 0 and 1, not " + minDeadFraction);
		}
		this.jdbc = jdbc;
		this.tables = List.copyOf(tables);
		this.minDeadRows = minDeadRows;
		this.minDeadFraction = minDeadFraction;
	}

	/**
	 * Vacuums the tables that hold enough dead rows.
	 * @return the tables vacuumed
	 */
	public List<String> vacuum() {
		List<String> due = this.jdbc.queryForList("""
				select format('%I.%I', schemaname, relname) from pg_stat_user_tables
				where schemaname = current_schema() and relname = any (?) and n_dead_tup >= ?
				    and n_dead_tup >= ? * n_live_tup""", String.class, this.tables.toArray(String[]::new),
				this.minDeadRows, this.minDeadFraction);
		for (String table : due) {
			long start = System.nanoTime();
			// outside a transaction, as vacuum must be; a table another vacuum holds is
			// left to the next period
			this.jdbc.execute("vacuum (skip_locked) " + table);
			log.debug("Vacuumed {} in {} ms", table, (System.nanoTime() - start) / 1_000_000);
		}
		return due;
	}

	@Override
	protected void runOnce() {
		try {
			vacuum();
		}
		catch (Exception ex) {
			// the database is away or busy: autovacuum still runs, and the next period
			// tries again
			log.debug("Queue tables not vacuumed: {}", Failures.summary(ex));
		}
	}

}

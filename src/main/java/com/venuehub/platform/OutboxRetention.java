package com.venuehub.platform;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes the contents of the outbox's messages once they have been settled for
 * {@code hub.outbox.retention.contents-kept-for}: the recipient, the subject, the text
 * and HTML, the payload, the relay's or Twilio's words, and the address or number quoted
 * in the reason. The message stays, with its kind, channel, status, dates, customer and
 * campaign: the record of what was sent, which campaign results and the customer's
 * history count on. A message still to be sent keeps its contents whatever its age.
 * <p>
 * The outbox is read once, by id, from where the last run stopped
 * ({@code outbox_retention}) up to the first message created after the cut-off; a message
 * passed while still to be sent, or settled too recently, is noted
 * ({@code outbox_retention_waiting}) and looked at again by its id. A run reads only what
 * became old since the last one, however large the outbox, and writes nothing on the
 * dispatchers' path.
 */
@Component
public class OutboxRetention extends RetentionTask {

	/** Statuses of a message not settled yet. */
	private static final String UNSETTLED = "('PENDING', 'SENDING', 'UNCERTAIN')";

	/** What is removed; {@code m} is the message, the first parameter the time. */
	private static final String REMOVE = """
			update outbox_message m
			set recipient = null, subject = null, body_text = null, body_html = null, payload = null,
			    last_error = null, delivery_error = null,
			    -- a relay's refusal may quote the address, Twilio's error the number
			    reason = case when m.recipient is null or m.reason is null then m.reason
			                  else regexp_replace(m.reason, regexp_replace(m.recipient, '([^[:alnum:]])', '\\\\\\1', 'g'),
			                                      '[removed]', 'gi') end,
			    contents_removed_at = ?
			""";

	/** Whether {@code m} may lose its contents, before the cut-off (parameter). */
	private static final String SETTLED_BEFORE = " m.status not in " + UNSETTLED
			+ " and coalesce(m.sent_at, m.updated_at) < ? and m.contents_removed_at is null";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final int batch;

	public OutboxRetention(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock,
			@Value("${hub.outbox.retention.contents-kept-for:400d}") Duration keptFor,
			@Value("${hub.outbox.retention.period-ms:3600000}") long periodMs,
			@Value("${hub.outbox.retention.batch:5000}") int batch) {
		super("Outbox retention", clock, keptFor, "hub.outbox.retention.contents-kept-for", periodMs, periodMs,
				"hub.outbox.retention.period-ms", batch, "hub.outbox.retention.batch");
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.clock = clock;
		this.batch = batch;
	}

	@Override
	protected String applyBefore(Instant cutoff) {
		Removed removed = removeSettledBefore(cutoff);
		return removed.messages() == 0 ? null : "contents of " + removed.messages() + " messages settled more than "
				+ keptFor() + " ago removed (" + removed.waiting() + " waiting)";
	}

	/** What a run did: messages whose contents it removed, and those still waiting. */
	public record Removed(int messages, long waiting, long scannedTo) {
	}

	/**
	 * Removes the contents of every message settled before {@code cutoff}, and moves the
	 * scan forward over the messages created before it; one transaction per batch of
	 * messages read. Two hubs running it at once take turns on the scan's row.
	 */
	public Removed removeSettledBefore(Instant cutoff) {
		Timestamp before = Timestamp.from(cutoff);
		Timestamp now = Timestamp.from(this.clock.instant());
		int removed = this.transaction.execute(status -> {
			int count = this.jdbc.update(REMOVE + """
					from outbox_retention_waiting w
					where m.id = w.message_id and""" + SETTLED_BEFORE, now, before);
			// removed now, or gone (a message is never deleted today, but a waiting row
			// must not outlive it)
			this.jdbc.update("""
					delete from outbox_retention_waiting w
					where not exists (select 1 from outbox_message m
					                  where m.id = w.message_id and m.contents_removed_at is null)""");
			return count;
		});
		while (true) {
			Step step = this.transaction.execute(status -> step(before, now));
			removed += step.removed();
			if (step.reachedCutoff()) {
				break;
			}
		}
		Long waiting = this.jdbc.queryForObject("select count(*) from outbox_retention_waiting", Long.class);
		Long scannedTo = this.jdbc.queryForObject("select scanned_to from outbox_retention", Long.class);
		return new Removed(removed, waiting == null ? 0 : waiting, scannedTo == null ? 0 : scannedTo);
	}

	private record Step(int removed, boolean reachedCutoff) {
	}

	private record Read(long id, boolean old) {
	}

	/**
	 * Reads the next batch of messages by id, up to the first one created after the
	 * cut-off: removes the contents of those settled before it, notes the others as
	 * waiting, and moves the scan past them.
	 */
	private Step step(Timestamp cutoff, Timestamp now) {
		long from = this.jdbc.queryForObject("select scanned_to from outbox_retention where id = 1 for update",
				Long.class);
		// ids and creation times go together: the first message created after the
		// cut-off ends what this run may read (a transaction open for as long as the
		// retention period would be needed to write an older one behind it)
		List<Read> next = this.jdbc.query("""
				select id, created_at < ? from outbox_message where id > ? order by id limit ?""",
				(rs, n) -> new Read(rs.getLong(1), rs.getBoolean(2)), cutoff, from, this.batch);
		int read = 0;
		while (read < next.size() && next.get(read).old()) {
			read++;
		}
		if (read == 0) {
			return new Step(0, true);
		}
		long to = next.get(read - 1).id();
		int removed = this.jdbc.update(REMOVE + "where m.id > ? and m.id <= ? and" + SETTLED_BEFORE, now, from, to,
				cutoff);
		// what is left in the range is still to be sent, or settled after the cut-off
		this.jdbc.update("""
				insert into outbox_retention_waiting (message_id)
				select id from outbox_message where id > ? and id <= ? and contents_removed_at is null
				on conflict do nothing""", from, to);
		this.jdbc.update("update outbox_retention set scanned_to = ? where id = 1", to);
		return new Step(removed, read < next.size() || next.size() < this.batch);
	}

}

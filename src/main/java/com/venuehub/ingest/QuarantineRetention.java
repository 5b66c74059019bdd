package com.venuehub.ingest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.venuehub.platform.RetentionTask;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Empties the quarantined records kept for {@code hub.ingest.quarantine.kept-for}: one
 * nobody replayed in that time (received that long ago) becomes {@code EXPIRED}, one
 * replayed that long ago stays {@code REPLAYED}; both lose their raw text, their context
 * (a file's header) and their reason, which may quote the record's values. Their source,
 * mapping, origin, line, dates and replay count stay, for the quarantine's figures. A
 * record with a name and no email, phone or card, which an erasure cannot find, is kept
 * no longer than that.
 */
@Component
public class QuarantineRetention extends RetentionTask {

	/** What an expired record holds instead of its raw text. */
	static final String EXPIRED_PAYLOAD = "[removed: the record was kept for the quarantine's retention period]";

	private final JdbcTemplate jdbc;

	private final int batch;

	public QuarantineRetention(JdbcTemplate jdbc, Clock clock,
			@Value("${hub.ingest.quarantine.kept-for:400d}") Duration keptFor,
			@Value("${hub.ingest.quarantine.retention-period-ms:86400000}") long periodMs,
			@Value("${hub.ingest.quarantine.retention-batch:5000}") int batch) {
		super("Quarantine retention", clock, keptFor, "hub.ingest.quarantine.kept-for", Math.min(periodMs, 3_600_000),
				periodMs, "hub.ingest.quarantine.retention-period-ms", batch, "hub.ingest.quarantine.retention-batch");
		this.jdbc = jdbc;
		this.batch = batch;
	}

	@Override
	protected String applyBefore(Instant cutoff) {
		int expired = expireBefore(cutoff);
		return expired == 0 ? null : expired + " records kept for " + keptFor() + " emptied";
	}

	/**
	 * Empties every record received before {@code cutoff} and never replayed, or replayed
	 * before it; a batch per transaction. Answers how many.
	 */
	public int expireBefore(Instant cutoff) {
		Timestamp before = Timestamp.from(cutoff);
		int total = 0;
		int done;
		do {
			done = this.jdbc.update(
					"""
							update quarantine set raw_payload = ?, context = null,
							    reason = case when status = 'QUARANTINED'
							                  then 'expired: nobody replayed it within the retention period, its raw text and reason are removed'
							                  else 'replayed, then kept for the retention period: its raw text and reason are removed' end,
							    status = case when status = 'QUARANTINED' then 'EXPIRED' else status end,
							    expired_at = now()
							where id in (select id from quarantine
							             where status in ('QUARANTINED', 'REPLAYED') and expired_at is null
							               and coalesce(replayed_at, received_at) < ?
							             order by id limit ?)""",
					EXPIRED_PAYLOAD, before, this.batch);
			total += done;
		}
		while (done == this.batch);
		return total;
	}

}

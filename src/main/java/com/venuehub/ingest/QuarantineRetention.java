package com.venuehub.ingest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.venuehub.platform.Failures;
import com.venuehub.platform.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
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
public class QuarantineRetention extends PeriodicTask {

	/** What an expired record holds instead of its raw text. */
	static final String EXPIRED_PAYLOAD = "[removed: the record was kept for the quarantine's retention period]";

	private static final Logger log = LoggerFactory.getLogger(QuarantineRetention.class);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration keptFor;

	private final int batch;

	public QuarantineRetention(JdbcTemplate jdbc, Clock clock,
			@Value("${hub.ingest.quarantine.kept-for:400d}") Duration keptFor,
			@Value("${hub.ingest.quarantine.retention-period-ms:86400000}") long periodMs,
			@Value("${hub.ingest.quarantine.retention-batch:5000}") int batch) {
		super("quarantine-retention", Math.min(periodMs, 3_600_000), periodMs);
		if (keptFor.isNegative() || keptFor.isZero()) {
			throw new IllegalArgumentException("hub.ingest.quarantine.kept-for must be more than 0, not " + keptFor
					+ " (hub.ingest.quarantine.retention-period-ms=0 turns the retention off)");
		}
		if (batch < 1) {
			throw new IllegalArgumentException(
					"hub.ingest.quarantine.retention-batch must be at least 1, not " + batch);
		}
		this.jdbc = jdbc;
		this.clock = clock;
		this.keptFor = keptFor;
		this.batch = batch;
	}

	@Override
	protected void runOnce() {
		try {
			int expired = expireBefore(this.clock.instant().minus(this.keptFor));
			if (expired > 0) {
				log.info("Quarantine retention: {} records kept for {} emptied", expired,
						this.keptFor.toSeconds() % 86_400 == 0 ? this.keptFor.toDays() + " days" : this.keptFor);
			}
		}
		catch (DataAccessException ex) {
			log.warn("Quarantine retention could not run, trying again at its next period: {}", Failures.summary(ex));
		}
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

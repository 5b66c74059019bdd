package com.venuehub.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.venuehub.platform.RecordRejectedException;

import org.springframework.stereotype.Component;

/**
 * A record dated more than {@code hub.ingest.max-future-skew} after the hub's clock is
 * quarantined: every "latest by event time" rule (profile values, consent, tiers) would
 * let it win for as long as its date is ahead. Replayed once its date is fixed, or once
 * the time has come, it applies. A record dated before 1900 is quarantined too: no
 * history a venue re-imports is that old, and the database, or its driver, would refuse a
 * date such as year -5000 only when unify applies it.
 */
@Component
public class EventTimeCheck implements RecordCheck {

	private final Clock clock;

	private final Duration maxFutureSkew;

	public EventTimeCheck(Clock clock, IngestProperties properties) {
		this.clock = clock;
		this.maxFutureSkew = properties.maxFutureSkew();
	}

	@Override
	public void check(CanonicalEvent event) {
		if (event.occurredAt().toLocalDate().isBefore(CanonicalEventReader.EARLIEST)) {
			throw new RecordRejectedException(
					"the record is dated " + event.occurredAt() + ", before " + CanonicalEventReader.EARLIEST
							+ ", the earliest date a record may give; replay it once its date is fixed");
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		if (event.occurredAt().toInstant().isAfter(now.plus(this.maxFutureSkew))) {
			throw new RecordRejectedException("the record is dated " + event.occurredAt() + ", more than "
					+ readable(this.maxFutureSkew) + " after the hub's clock (" + now
					+ "): a record dated in the future is held (hub.ingest.max-future-skew); replay it once its date "
					+ "is fixed");
		}
	}

	/** 24h, 90m, 30s or the ISO form. */
	static String readable(Duration duration) {
		if (duration.toSeconds() % 3600 == 0) {
			return duration.toHours() + "h";
		}
		if (duration.toSeconds() % 60 == 0) {
			return duration.toMinutes() + "m";
		}
		return duration.toString();
	}

}

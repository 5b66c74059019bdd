package com.venuehub.reseller;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Decides the daily stock digest of each reseller who asked for it: once the venue's
 * morning hour has passed, one email outbox row per reseller and day (the dedup key),
 * listing all its allocations as they stand. Safe on every instance at once.
 */
@Component("resellerDigests")
public class Digests {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final ResellerProperties.Digest properties;

	public Digests(JdbcTemplate jdbc, Clock clock, ResellerProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties.digest();
	}

	/** One pass at the clock's now; answers the digests it decided. */
	public int schedule() {
		ZonedDateTime now = ZonedDateTime.now(this.clock.withZone(ZoneId.of(this.properties.zone())));
		if (now.toLocalTime().isBefore(this.properties.at())) {
			return 0;
		}
		LocalDate day = now.toLocalDate();
		Timestamp due = Timestamp.from(now.toInstant());
		return this.jdbc.update(
				"""
						insert into outbox_message (dedup_key, channel, kind, recipient, status, reason, due_at, next_attempt_at,
						                            payload)
						select 'stock-digest:' || r.id || ':' || ?, 'EMAIL', 'STOCK_DIGEST', r.email, 'PENDING',
						       'daily stock digest', ?, ?,
						       json_build_object('resellerName', r.name, 'locale', r.locale, 'day', ?, 'allocations',
						           json_agg(json_build_object('product', a.product_code, 'eventDate', a.event_date,
						               'quantity', a.quantity, 'sold', a.sold, 'remaining', a.quantity - a.sold,
						               'soldOut', a.sold >= a.quantity, 'oversold', greatest(a.sold - a.quantity, 0))
						               order by a.product_code, a.event_date nulls first))::text
						from reseller r join reseller_allocation a on a.reseller_id = r.id
						where r.daily_digest
						  and not exists (select 1 from outbox_message m where m.dedup_key = 'stock-digest:' || r.id || ':' || ?)
						group by r.id
						on conflict (dedup_key) do nothing""",
				day.toString(), due, due, day.toString(), day.toString());
	}

}

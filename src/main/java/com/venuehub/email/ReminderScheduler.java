package com.venuehub.email;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides expiry reminders: one set-based statement per offset writes one outbox row per
 * customer, offset and expiry date whose reminder time (that many days before, at the
 * configured local time in the venues' zone) has come. The dedup key and a
 * transaction-wide advisory lock make two passes, on one instance or two, write each row
 * once. A reminder missed during a downtime is still sent while it makes sense; otherwise
 * its row says why it was skipped. A reminder goes to the customer's most recent address
 * that is not flagged as shared by too many people; a value kept unverified is never one
 * of their addresses.
 */
@Component("reminderScheduler")
public class ReminderScheduler {

	private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);

	private static final long PASS_LOCK = 0x656d61696c4aL;

	// grouped per customer and expiry date; a ticket sold after the reminder time never
	// gets it
	private static final String DECIDE = """
			insert into outbox_message (dedup_key, channel, kind, customer_id, recipient, venue, valid_until,
			                            offset_days, status, reason, due_at, next_attempt_at)
			select 'reminder:J-' || :offset || ':' || g.customer_id || ':' || g.valid_until, 'EMAIL', 'REMINDER',
			       g.customer_id, e.value, g.venue, g.valid_until, :offset,
			       case when g.valid_until < :today then 'SKIPPED'
			            when g.valid_until <= cast(:laterDueUntil as date) then 'SKIPPED'
			            when g.still_valid > 0 then 'PENDING'
			            else 'SUPPRESSED' end,
			       case when g.valid_until < :today
			                 then 'missed while the hub was down: the tickets expired on ' || g.valid_until
			            when g.valid_until <= cast(:laterDueUntil as date)
			                 then 'missed while the hub was down: the J-' || cast(:laterOffset as integer)
			                      || ' reminder is due and replaces it'
			            when g.still_valid > 0 then 'tickets expire in ' || :offset || ' day(s)'
			            else 'every ticket was used or cancelled before the reminder: ' || g.gone end,
			       g.due_at, greatest(g.due_at, :now)
			from (
			    select t.customer_id, t.valid_until, min(t.venue) as venue,
			           count(*) filter (where t.status = 'VALID') as still_valid,
			           string_agg(t.ticket_number || case when t.status = 'USED' then ' used ' || to_char(t.used_at at time zone :zone, 'YYYY-MM-DD HH24:MI')
			                                              else ' cancelled ' || coalesce(to_char(t.cancelled_at at time zone :zone, 'YYYY-MM-DD HH24:MI'), '') end,
			                      ', ' order by t.ticket_number) filter (where t.status <> 'VALID') as gone,
			           ((t.valid_until - :offset) + cast(:at as time)) at time zone :zone as due_at
			    from ticket t
			    where t.customer_id is not null and t.valid_until between :from and :until
			      and coalesce(t.sold_at, t.created_at) < ((t.valid_until - :offset) + cast(:at as time)) at time zone :zone
			    group by t.customer_id, t.valid_until
			) g
			join lateral (select i.value from customer_identifier i where i.customer_id = g.customer_id and i.kind = 'EMAIL'
			                and not exists (select 1 from identifier_flag f where f.kind = 'EMAIL' and f.value = i.value)
			              order by i.first_seen_at desc, i.id desc limit 1) e on true
			on conflict (dedup_key) do nothing""";

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final EmailProperties properties;

	public ReminderScheduler(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Clock clock,
			EmailProperties properties) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.clock = clock;
		this.properties = properties;
	}

	/** One pass at the clock's now; answers the outbox rows it wrote. */
	public int schedule() {
		Integer written = this.transaction.execute(status -> {
			// passes run one after the other, whatever the number of instances; the keys
			// do the rest
			this.jdbc.getJdbcTemplate().query("select pg_advisory_xact_lock(?)", rs -> {
			}, PASS_LOCK);
			// a catch-up pass groups many tickets: keep the aggregation in memory
			this.jdbc.getJdbcTemplate().execute("set local work_mem = '64MB'");
			return decide(ZonedDateTime.now(this.clock.withZone(this.properties.zoneId())));
		});
		if (written != null && written > 0) {
			log.info("Reminder pass wrote {} outbox rows", written);
		}
		return written == null ? 0 : written;
	}

	private int decide(ZonedDateTime now) {
		EmailProperties.Reminders reminders = this.properties.reminders();
		ZoneId zone = this.properties.zoneId();
		LocalDate today = now.toLocalDate();
		// the last day whose reminder time has come, and the first one within the
		// look-back
		LocalDate lastDay = now.toLocalTime().isBefore(reminders.at()) ? today.minusDays(1) : today;
		ZonedDateTime earliest = now.minus(reminders.lookBack());
		LocalDate firstDay = earliest.toLocalTime().isAfter(reminders.at()) ? earliest.toLocalDate().plusDays(1)
				: earliest.toLocalDate();
		List<Integer> offsets = reminders.offsets().stream().distinct().sorted().toList();
		int written = 0;
		for (int i = 0; i < offsets.size(); i++) {
			int offset = offsets.get(i);
			Integer later = i == 0 ? null : offsets.get(i - 1);
			MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("offset", offset)
				.addValue("today", Date.valueOf(today))
				.addValue("laterDueUntil", later == null ? null : Date.valueOf(lastDay.plusDays(later)),
						java.sql.Types.DATE)
				.addValue("laterOffset", later, java.sql.Types.INTEGER)
				.addValue("zone", zone.getId())
				.addValue("at", reminders.at().toString())
				.addValue("now", Timestamp.from(now.toInstant()))
				.addValue("from", Date.valueOf(firstDay.plusDays(offset)))
				.addValue("until", Date.valueOf(lastDay.plusDays(offset)));
			written += this.jdbc.update(DECIDE, parameters);
		}
		return written;
	}

}

package com.venuehub.ingest;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts per source and day (the day the record happened, in venue time) of the records
 * applied and of the contact values they carried that could not be used. Read from the
 * events unify recorded as applied, so an event delivered twice counts once.
 */
@Component
public class DataQuality {

	private final NamedParameterJdbcTemplate jdbc;

	private final ZoneId venueZone;

	public DataQuality(NamedParameterJdbcTemplate jdbc, IngestProperties properties) {
		this.jdbc = jdbc;
		this.venueZone = ZoneId.of(properties.venueZone());
	}

	/**
	 * One row per source and day, newest day first; each filter is optional.
	 * @param from first day included
	 * @param to last day included
	 */
	public List<Day> days(String source, LocalDate from, LocalDate to) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("zone", this.venueZone.getId());
		StringBuilder where = new StringBuilder("true");
		if (source != null) {
			where.append(" and source = :source");
			parameters.addValue("source", source);
		}
		if (from != null) {
			where.append(" and occurred_at >= :start");
			parameters.addValue("start", Timestamp.from(from.atStartOfDay(this.venueZone).toInstant()));
		}
		if (to != null) {
			where.append(" and occurred_at < :end");
			parameters.addValue("end", Timestamp.from(to.plusDays(1).atStartOfDay(this.venueZone).toInstant()));
		}
		return this.jdbc.query("""
				select source, (occurred_at at time zone :zone)::date as day, count(*) as applied,
				       sum(invalid_phones) as invalid_phones, sum(invalid_emails) as invalid_emails,
				       sum(invalid_cards) as invalid_cards, sum(placeholders) as placeholders
				from processed_event where %s
				group by source, day order by day desc, source""".formatted(where), parameters,
				(rs, n) -> new Day(rs.getString("source"), rs.getDate("day").toLocalDate(), rs.getLong("applied"),
						rs.getLong("invalid_phones"), rs.getLong("invalid_emails"), rs.getLong("invalid_cards"),
						rs.getLong("placeholders")));
	}

	/**
	 * @param applied records applied (each event once, whatever the number of deliveries)
	 * @param invalidPhones records whose phone is not a valid phone number
	 * @param invalidEmails records whose email is not a valid address
	 * @param invalidCards sales whose optional loyalty card does not have the card format
	 * @param placeholders placeholder emails and phones (x@x.com, 0000000000, the venue's
	 * own)
	 */
	public record Day(String source, LocalDate day, long applied, long invalidPhones, long invalidEmails,
			long invalidCards, long placeholders) {
	}

}

package com.venuehub.ingest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each source at a glance: when its last record was applied, and per hour of the last
 * day, the records applied and those quarantined. Read from the events unify recorded as
 * applied and from the quarantine, through their (source, time) indexes.
 */
@Component
public class SourceActivity {

	/** Hours shown, up to now. */
	public static final int HOURS = 24;

	private final JdbcTemplate jdbc;

	private final Mappings mappings;

	private final Clock clock;

	public SourceActivity(JdbcTemplate jdbc, Mappings mappings, Clock clock) {
		this.jdbc = jdbc;
		this.mappings = mappings;
		this.clock = clock;
	}

	/** Every source with a mapping, in name order. */
	public List<Source> sources() {
		List<String> names = this.mappings.sources().stream().sorted().toList();
		String[] sources = names.toArray(String[]::new);
		Instant end = this.clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
		Instant start = end.minus(Duration.ofHours(HOURS));
		Map<String, Instant> last = new HashMap<>();
		this.jdbc.query("""
				select s, (select max(p.processed_at) from processed_event p where p.source = s)
				from unnest(?::text[]) as s""", rs -> {
			if (rs.getTimestamp(2) != null) {
				last.put(rs.getString(1), rs.getTimestamp(2).toInstant());
			}
		}, (Object) sources);
		Map<String, long[]> applied = hourly("""
				select source, date_trunc('hour', processed_at), count(*) from processed_event
				where source = any (?) and processed_at >= ? group by 1, 2""", sources, start);
		Map<String, long[]> quarantined = hourly("""
				select source, date_trunc('hour', received_at), count(*) from quarantine
				where source = any (?) and received_at >= ? group by 1, 2""", sources, start);
		List<Instant> hours = new ArrayList<>();
		for (int h = 0; h < HOURS; h++) {
			hours.add(start.plus(Duration.ofHours(h)));
		}
		List<Source> result = new ArrayList<>();
		for (String name : names) {
			long[] a = applied.getOrDefault(name, new long[HOURS]);
			long[] q = quarantined.getOrDefault(name, new long[HOURS]);
			result.add(new Source(name, last.get(name), sum(a), sum(q), hours, toList(a), toList(q)));
		}
		return result;
	}

	private Map<String, long[]> hourly(String sql, String[] sources, Instant start) {
		Map<String, long[]> counts = new LinkedHashMap<>();
		this.jdbc.query(sql, rs -> {
			int hour = (int) Duration.between(start, rs.getTimestamp(2).toInstant()).toHours();
			if (hour >= 0 && hour < HOURS) {
				counts.computeIfAbsent(rs.getString(1), s -> new long[HOURS])[hour] += rs.getLong(3);
			}
		}, sources, Timestamp.from(start));
		return counts;
	}

	private static long sum(long[] values) {
		long total = 0;
		for (long v : values) {
			total += v;
		}
		return total;
	}

	private static List<Long> toList(long[] values) {
		List<Long> list = new ArrayList<>(values.length);
		for (long v : values) {
			list.add(v);
		}
		return list;
	}

	/**
	 * @param lastApplied when its last record was applied; null when none ever was
	 * @param applied records applied in the last {@link #HOURS} hours
	 * @param quarantined records quarantined in the last {@link #HOURS} hours
	 * @param hours start of each hour, oldest first
	 * @param appliedPerHour records applied in each hour
	 * @param quarantinedPerHour records quarantined in each hour
	 */
	public record Source(String name, Instant lastApplied, long applied, long quarantined, List<Instant> hours,
			List<Long> appliedPerHour, List<Long> quarantinedPerHour) {

		/** Share of the day's records that were quarantined, in percent. */
		public long quarantinedPercent() {
			long all = this.applied + this.quarantined;
			return all == 0 ? 0 : Math.round(100.0 * this.quarantined / all);
		}

	}

}

package com.venuehub.customer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.venuehub.ingest.CanonicalEvent.Unverified.Problem;
import com.venuehub.ingest.CanonicalEvent.Unverified;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.unify.Fact;
import com.venuehub.unify.MergeFollower;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The contact values records carried that cannot be used (an invalid phone or email, a
 * placeholder, a malformed optional card): kept on the customer the record resolved to,
 * as typed and with the reason, so the venue sees them and the person gets them in an
 * export; counted per event for the data-quality view; handed over by a merge and given
 * back by an unmerge. Nothing ever reads them to link customers or to choose a recipient.
 * Written inside unify's transaction.
 */
@Component
public class UnverifiedContacts implements MergeFollower {

	private final JdbcTemplate jdbc;

	public UnverifiedContacts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Keeps the batch's unverified values on the customers the events resolved to, in one
	 * statement.
	 */
	void record(List<Fact> facts) {
		List<Fact> carrying = facts.stream()
			.filter(f -> f.event().contact() != null && !f.event().contact().unverified().isEmpty())
			.toList();
		if (carrying.isEmpty()) {
			return;
		}
		// one row per customer and value: the first record that carried it, seen from
		// the first to the last time
		Map<List<Object>, Object[]> kept = new LinkedHashMap<>();
		for (Fact fact : carrying) {
			if (fact.customerId() == null) {
				continue;
			}
			Timestamp at = Timestamp.from(fact.event().occurredAt().toInstant());
			for (Unverified value : fact.event().contact().unverified()) {
				kept.merge(List.of(fact.customerId(), value.kind(), value.value()),
						new Object[] { fact.customerId(), value.kind(), value.value(), value.problem().name(),
								value.reason(), fact.event().source(), fact.event().id(), at, at },
						(first, next) -> {
							Object[] row = first.clone();
							row[7] = ((Timestamp) first[7]).before((Timestamp) next[7]) ? first[7] : next[7];
							row[8] = ((Timestamp) first[8]).after((Timestamp) next[8]) ? first[8] : next[8];
							return row;
						});
			}
		}
		if (kept.isEmpty()) {
			return;
		}
		List<Object[]> rows = new ArrayList<>(kept.values());
		this.jdbc.update("""
				insert into unverified_contact (customer_id, kind, value, problem, reason, source, event_id,
				                                first_seen_at, last_seen_at)
				select * from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
				                     ?::timestamptz[], ?::timestamptz[])
				on conflict on constraint unverified_contact_once do update
				    set first_seen_at = least(unverified_contact.first_seen_at, excluded.first_seen_at),
				        last_seen_at = greatest(unverified_contact.last_seen_at, excluded.last_seen_at)""",
				rows.stream().map(r -> r[0]).toArray(Long[]::new), rows.stream().map(r -> r[1]).toArray(String[]::new),
				rows.stream().map(r -> r[2]).toArray(String[]::new),
				rows.stream().map(r -> r[3]).toArray(String[]::new),
				rows.stream().map(r -> r[4]).toArray(String[]::new),
				rows.stream().map(r -> r[5]).toArray(String[]::new),
				rows.stream().map(r -> r[6]).toArray(String[]::new),
				rows.stream().map(r -> r[7]).toArray(Timestamp[]::new),
				rows.stream().map(r -> r[8]).toArray(Timestamp[]::new));
	}

	/**
	 * What an event carried that cannot be used, for the data-quality view (written with
	 * the event's {@code processed_event} row): invalid phones, emails and cards, and
	 * placeholders.
	 */
	static int[] qualityCounts(CanonicalEvent event) {
		if (event.contact() == null || event.contact().unverified().isEmpty()) {
			return new int[4];
		}
		List<Unverified> values = event.contact().unverified();
		return new int[] { (int) invalid(values, "PHONE"), (int) invalid(values, "EMAIL"),
				(int) invalid(values, "CARD"),
				(int) values.stream().filter(u -> u.problem() == Problem.PLACEHOLDER).count() };
	}

	private static long invalid(List<Unverified> values, String kind) {
		return values.stream().filter(u -> u.problem() == Problem.INVALID && u.kind().equals(kind)).count();
	}

	@Override
	public void merged(long survivorId, long mergedId) {
		// a value both hold stays on the merged record too: the survivor already has it
		this.jdbc
			.update("""
					update unverified_contact u set customer_id = ? where customer_id = ? and not exists (
					    select 1 from unverified_contact s where s.customer_id = ? and s.kind = u.kind and s.value = u.value)""",
					survivorId, mergedId, survivorId);
	}

	/** The unverified values of these customers (one person), by kind and value. */
	public List<Value> of(Long... customerIds) {
		return this.jdbc.query("""
				select kind, value, (array_agg(problem order by first_seen_at))[1],
				       (array_agg(reason order by first_seen_at))[1], (array_agg(source order by first_seen_at))[1],
				       min(first_seen_at), max(last_seen_at)
				from unverified_contact where customer_id = any (?)
				group by kind, value order by kind, value""",
				(rs, n) -> new Value(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()),
				(Object) customerIds);
	}

	/**
	 * An email, phone or card the customer's records carried that cannot be used.
	 *
	 * @param kind EMAIL, PHONE or CARD
	 * @param value as typed
	 * @param problem INVALID or PLACEHOLDER
	 * @param reason why it cannot be used
	 * @param source the source of the first record that carried it
	 */
	public record Value(String kind, String value, String problem, String reason, String source, Instant firstSeenAt,
			Instant lastSeenAt) {
	}

}

package com.venuehub.customer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.Unverified;
import com.venuehub.ingest.CanonicalEvent.Unverified.Problem;

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
	 * Counts the event's unverified values for the data-quality view and keeps them on
	 * its customer, if it has one; nothing to do for a clean contact.
	 */
	void record(CanonicalEvent event, Long customerId) {
		List<Unverified> values = event.contact() == null ? List.of() : event.contact().unverified();
		if (values.isEmpty()) {
			return;
		}
		Timestamp at = Timestamp.from(event.occurredAt().toInstant());
		// one round trip: the counts on the event's processed row, the values on the
		// customer
		this.jdbc.update(
				"""
						with counted as (
						    update processed_event set invalid_phones = ?, invalid_emails = ?, invalid_cards = ?, placeholders = ?
						    where event_id = ?)
						insert into unverified_contact (customer_id, kind, value, problem, reason, source, event_id,
						                                first_seen_at, last_seen_at)
						select ?, u.kind, u.value, u.problem, u.reason, ?, ?, ?, ?
						from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as u(kind, value, problem, reason)
						where ?::bigint is not null
						on conflict on constraint unverified_contact_once do update
						    set first_seen_at = least(unverified_contact.first_seen_at, excluded.first_seen_at),
						        last_seen_at = greatest(unverified_contact.last_seen_at, excluded.last_seen_at)""",
				invalid(values, "PHONE"), invalid(values, "EMAIL"), invalid(values, "CARD"),
				values.stream().filter(u -> u.problem() == Problem.PLACEHOLDER).count(), event.id(), customerId,
				event.source(), event.id(), at, at, values.stream().map(Unverified::kind).toArray(String[]::new),
				values.stream().map(Unverified::value).toArray(String[]::new),
				values.stream().map(u -> u.problem().name()).toArray(String[]::new),
				values.stream().map(Unverified::reason).toArray(String[]::new), customerId);
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

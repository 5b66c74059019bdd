package com.venuehub.customer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.TicketLine;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One writer at a time per person: unify, merges, erasure and the identity commands take
 * advisory locks on every identifier, ticket and card they touch, always in sorted order
 * so that no two transactions wait on each other in a cycle, then row locks on the
 * customers they found, in id order. Every lock lasts until the transaction ends.
 */
@Component
class UnifyLocks {

	private final JdbcTemplate jdbc;

	UnifyLocks(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The keys an event touches: its identifiers, its tickets, its card.
	 */
	static TreeSet<String> keysOf(CanonicalEvent event) {
		TreeSet<String> keys = new TreeSet<>();
		ContactIdentifier.of(event.contact()).forEach(identifier -> keys.add(identifier.key()));
		if (event.tickets() != null) {
			event.tickets().stream().map(TicketLine::number).forEach(number -> keys.add("TICKET:" + number));
		}
		if (event.scan() != null) {
			keys.add("TICKET:" + event.scan().ticketNumber());
		}
		if (event.loyalty() != null) {
			// the same key as the card identifier: an enrolment and the card's
			// transactions take turns
			keys.add("CARD:" + event.loyalty().cardNumber());
		}
		if (event.feedback() != null && event.feedback().ticketNumber() != null) {
			keys.add("TICKET:" + event.feedback().ticketNumber());
		}
		return keys;
	}

	/**
	 * Takes the keys' locks that are free, without waiting; answers the keys another
	 * transaction holds.
	 */
	Set<String> tryLock(TreeSet<String> keys) {
		Set<String> busy = new HashSet<>();
		if (keys.isEmpty()) {
			return busy;
		}
		this.jdbc.query("""
				select k from unnest(?::text[]) as t(k) where not pg_try_advisory_xact_lock(hashtextextended(k, 0))""",
				rs -> {
					busy.add(rs.getString(1));
				}, (Object) keys.toArray(String[]::new));
		return busy;
	}

	/**
	 * Locks, without waiting, the customers holding these identifiers; answers the
	 * identifiers ({@code KIND:value}) of the customers another transaction holds, and
	 * every holder read. A batch leaves the events of those customers to its second
	 * transaction instead of waiting for the other batch in the middle of its own, and
	 * resolves the others with the holders read here: its keys and their holders locked,
	 * no other writer changes who holds them.
	 */
	Holders tryLockHolders(List<ContactIdentifier> identifiers) {
		Set<String> busy = new HashSet<>();
		if (identifiers.isEmpty()) {
			return new Holders(busy, List.of());
		}
		List<Holder> held = new ArrayList<>();
		this.jdbc.query(
				"""
						with held as (
						    select i.kind, i.value, i.customer_id,
						           exists (select 1 from identifier_flag f where f.kind = i.kind and f.value = i.value) as flagged
						    from customer_identifier i
						    join (select distinct kind, value from unnest(?::text[], ?::text[]) as e(kind, value)) e
						        on i.kind = e.kind and i.value = e.value),
						taken as (
						    select id from customer where id in (select customer_id from held)
						    for no key update skip locked)
						select kind, value, customer_id, flagged, customer_id in (select id from taken) from held
						order by customer_id""",
				rs -> {
					Holder holder = new Holder(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4));
					if (rs.getBoolean(5)) {
						held.add(holder);
					}
					else {
						busy.add(holder.kind() + ":" + holder.value());
					}
				}, identifiers.stream().map(ContactIdentifier::kind).toArray(String[]::new),
				identifiers.stream().map(ContactIdentifier::value).toArray(String[]::new));
		return new Holders(busy, held);
	}

	/**
	 * What {@link #tryLockHolders} found: the identifiers whose holders another
	 * transaction holds, and the holders it locked, by customer id.
	 */
	record Holders(Set<String> busy, List<Holder> locked) {
	}

	/** A customer holding an identifier, and whether the identifier is flagged. */
	record Holder(String kind, String value, long customerId, boolean flagged) {
	}

	/**
	 * Rows a merge would move are held by another transaction: a batch's first
	 * transaction, which never waits, gives way and the batch is applied waiting for its
	 * keys.
	 */
	static final class RowsHeld extends RuntimeException {

		RowsHeld(String message) {
			super(message, null, false, false);
		}

	}

	void lock(TreeSet<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		// sorted keys, locked in that order by every writer: no two transactions wait on
		// each other in a cycle
		this.jdbc.query("""
				select pg_advisory_xact_lock(hashtextextended(k, 0))
				from unnest(?::text[]) with ordinality as t(k, n) order by n""", rs -> {
		}, (Object) keys.toArray(String[]::new));
	}

	/**
	 * The advisory locks unify takes for these customers' identifiers: one writer at a
	 * time.
	 */
	void lockIdentifiersOf(long... customers) {
		TreeSet<String> keys = new TreeSet<>(this.jdbc.queryForList(
				"select kind || ':' || value from customer_identifier where customer_id = any (?)", String.class,
				(Object) Arrays.stream(customers).boxed().toArray(Long[]::new)));
		lock(keys);
	}

	/**
	 * Locks the customers' rows in id order, following any merge; answers the live
	 * customer of each. The lock excludes every other writer of the row, but not the
	 * key-share locks of foreign keys: a reminder pass writing messages for a customer
	 * does not hold unify up.
	 */
	Map<Long, Long> lockCustomers(List<Long> ids) {
		return lockCustomers(ids, true);
	}

	/**
	 * As {@link #lockCustomers(List)}, but without waiting: answers null, once the rows
	 * it could take are locked, when another transaction holds one of them.
	 */
	Map<Long, Long> tryLockCustomers(List<Long> ids) {
		return lockCustomers(ids, false);
	}

	private Map<Long, Long> lockCustomers(List<Long> ids, boolean wait) {
		Map<Long, Long> next = new HashMap<>();
		Set<Long> live = new HashSet<>();
		List<Long> toLock = new ArrayList<>(new TreeSet<>(ids));
		while (!toLock.isEmpty()) {
			List<long[]> rows = this.jdbc.query(
					wait ? "select id, coalesce(merged_into, 0) from customer where id = any (?) order by id "
							+ "for no key update"
							: "select id, coalesce(merged_into, 0) from customer where id = any (?) order by id "
									+ "for no key update skip locked",
					(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }, (Object) toLock.toArray(Long[]::new));
			if (!wait && rows.size() < toLock.size()) {
				// every id asked for is a customer's: one missing is held
				return null;
			}
			toLock = new ArrayList<>();
			for (long[] row : rows) {
				if (row[1] == 0) {
					live.add(row[0]);
				}
				else {
					next.put(row[0], row[1]);
					if (!live.contains(row[1]) && !next.containsKey(row[1])) {
						toLock.add(row[1]);
					}
				}
			}
		}
		Map<Long, Long> liveOf = new HashMap<>();
		for (Long id : ids) {
			Long current = id;
			for (int hops = 0; current != null && !live.contains(current) && hops < 100; hops++) {
				current = next.get(current);
			}
			if (current != null && live.contains(current)) {
				liveOf.put(id, current);
			}
		}
		return liveOf;
	}

}

package com.venuehub.email;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.ingest.CanonicalEvent.OrderStatus;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.Identifiers;
import com.venuehub.unify.Fact;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Decides the confirmation email of a paid purchase, in the transaction that applies it:
 * one outbox row per sale, whatever the number of its lines or deliveries. It goes to the
 * address the record gave, else to the customer's most recent usable one: never to a
 * placeholder, an address kept unverified or one flagged as shared by too many people.
 * When the record gave an address that cannot be used and the customer has no other, the
 * row is written as suppressed, with the reason.
 */
@Component
public class Confirmations {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final EmailProperties properties;

	private final Identifiers identifiers;

	public Confirmations(JdbcTemplate jdbc, Clock clock, EmailProperties properties, Identifiers identifiers) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		this.identifiers = identifiers;
	}

	/**
	 * Called by unify after the tickets of the batch's purchases are written; the caller
	 * holds the transaction. One statement reads the addresses of the customers, one
	 * writes their confirmations.
	 */
	public void purchasesApplied(List<Fact> purchases) {
		List<Fact> paid = purchases.stream().filter(Confirmations::confirmable).toList();
		if (paid.isEmpty()) {
			return;
		}
		Map<Long, List<Address>> addressesOf = new HashMap<>();
		this.jdbc.query("""
				select i.customer_id, i.value,
				       exists (select 1 from identifier_flag f where f.kind = 'EMAIL' and f.value = i.value)
				from customer_identifier i where i.customer_id = any (?) and i.kind = 'EMAIL'
				order by i.first_seen_at desc, i.id desc""", rs -> {
			addressesOf.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
				.add(new Address(rs.getString(2), rs.getBoolean(3)));
		}, (Object) paid.stream().map(Fact::customerId).distinct().toArray(Long[]::new));
		// a short delay lets the other lines of the same sale (one event each) join the
		// email
		Timestamp due = Timestamp.from(this.clock.instant().plus(this.properties.confirmationDelay()));
		List<Object[]> rows = new ArrayList<>();
		for (Fact fact : paid) {
			CanonicalEvent event = fact.event();
			Contact contact = event.contact();
			String given = contact == null ? null : contact.email();
			// the customer's addresses, the record's own first, then the most recent
			List<Address> known = new ArrayList<>(addressesOf.getOrDefault(fact.customerId(), List.of()));
			known.sort(Comparator.comparing((Address a) -> !a.value().equals(given)));
			String recipient = known.stream()
				.filter(a -> !a.flagged() && !this.identifiers.blocked(a.value())
						&& this.identifiers.mistypedProvider(a.value()) == null)
				.map(Address::value)
				.findFirst()
				.orElse(null);
			String status = "PENDING";
			String reason = "paid purchase";
			if (recipient == null) {
				String unusable = unusable(contact, known);
				if (unusable == null) {
					// no address given and none known: nothing to decide
					continue;
				}
				status = "SUPPRESSED";
				reason = "not sent: " + unusable + ", and the customer has no other usable address";
			}
			rows.add(new Object[] { "confirmation:" + event.source() + ":" + event.order().ref(), recipient,
					event.venue(), event.source(), event.order().ref(), status, reason, fact.customerId() });
		}
		if (rows.isEmpty()) {
			return;
		}
		// nothing is ever decided for an erased customer, confirmations included
		this.jdbc.update("""
				insert into outbox_message (dedup_key, channel, kind, customer_id, recipient, venue, sale_source,
				                            sale_ref, status, reason, due_at, next_attempt_at)
				select m.k, 'EMAIL', 'CONFIRMATION', c.id, m.r, m.v, m.s, m.ref, m.st, m.why, ?, ?
				from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
				     as m(k, r, v, s, ref, st, why, c)
				join customer c on c.id = m.c and c.erased_at is null
				on conflict (dedup_key) do nothing""", due, due, column(rows, 0, String[]::new),
				column(rows, 1, String[]::new), column(rows, 2, String[]::new), column(rows, 3, String[]::new),
				column(rows, 4, String[]::new), column(rows, 5, String[]::new), column(rows, 6, String[]::new),
				column(rows, 7, Long[]::new));
	}

	private static boolean confirmable(Fact fact) {
		CanonicalEvent event = fact.event();
		return fact.customerId() != null && event.order() != null && event.order().status() == OrderStatus.PAID
				&& event.tickets() != null && !event.tickets().isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static <V> V[] column(List<Object[]> rows, int index, IntFunction<V[]> array) {
		V[] values = array.apply(rows.size());
		for (int i = 0; i < values.length; i++) {
			values[i] = (V) rows.get(i)[index];
		}
		return values;
	}

	/**
	 * Why the address the record gave cannot be used (without the address: a reason is
	 * shown to operators and outlives an erasure); null when it gave none.
	 */
	private static String unusable(Contact contact, List<Address> known) {
		if (contact == null) {
			return null;
		}
		if (contact.email() != null) {
			boolean flagged = known.stream().anyMatch(a -> a.value().equals(contact.email()) && a.flagged());
			return flagged ? "the email given is shared by too many people (flagged)"
					: "the email given is a placeholder";
		}
		return contact.unverified()
			.stream()
			.filter(u -> u.kind().equals("EMAIL"))
			.map(u -> "the email given is " + u.reason())
			.findFirst()
			.orElse(null);
	}

	private record Address(String value, boolean flagged) {
	}

}

package com.venuehub.customer;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.platform.AfterCommit;
import com.venuehub.platform.Masking;
import com.venuehub.unify.Capability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records naming nobody (a kiosk answer giving only an email or a phone), and sales
 * naming no first name, that joined the one customer holding that email or phone, and
 * taken back from that customer when a person the family rule tells apart from the holder
 * gives the email or phone too: it is then a household's, and the record does not say
 * which member it is, as unify would have decided had the record arrived after them. A
 * kiosk answer then belongs to nobody, a sale to a customer of its own. Runs inside
 * unify's transaction, its keys locked.
 */
@Component
class UnnamedAttributions {

	private static final Logger log = LoggerFactory.getLogger(UnnamedAttributions.class);

	/** The profile fields a sale taken back makes its customer with. */
	private static final List<String> SALE_FIELDS = List.of("last_name", "postcode", "locality", "locale");

	private final JdbcTemplate jdbc;

	private final List<Capability> capabilities;

	private final Merges merges;

	UnnamedAttributions(JdbcTemplate jdbc, List<Capability> capabilities, Merges merges) {
		this.jdbc = jdbc;
		this.capabilities = capabilities;
		this.merges = merges;
	}

	/**
	 * Whether an event that joins a customer by its identifiers alone may be taken back
	 * later: it names nobody and brings nothing to the profile (no name, birth date or
	 * address) nor carries a card (one person's); or it is a paid sale naming no first
	 * name, birth date or street, with at most what a household shares (a last name, a
	 * postcode and a town) and a locale, which is taken back into a customer of its own
	 * with its tickets.
	 */
	static boolean takeable(CanonicalEvent event) {
		Contact c = event.contact();
		if (c == null || c.firstName() != null || c.birthDate() != null || c.streetNumber() != null
				|| c.street() != null || c.cardNumber() != null) {
			return false;
		}
		return event.kind() == CanonicalEvent.Kind.PURCHASE ? sale(event)
				: c.lastName() == null && c.locality() == null && c.postcode() == null;
	}

	/**
	 * Whether an event naming no first name stands for a person of its own, who becomes a
	 * customer when the identifiers it gives are other people's: a paid sale, a loyalty
	 * card, or a last name with a birth date (a child enrolled with a parent's email).
	 */
	static boolean ownPerson(CanonicalEvent event) {
		Contact c = event.contact();
		return sale(event) || c != null && (c.cardNumber() != null || c.lastName() != null && c.birthDate() != null);
	}

	/** Whether an event is a paid sale: taken back, it makes a customer of its own. */
	static boolean sale(CanonicalEvent event) {
		return event.kind() == CanonicalEvent.Kind.PURCHASE && event.order() != null
				&& event.order().status() == CanonicalEvent.OrderStatus.PAID && event.tickets() != null
				&& !event.tickets().isEmpty();
	}

	/**
	 * Notes events that joined a customer by their identifiers alone.
	 * @param rows each an event id, its customer and the identifiers (KIND:value) it
	 * joined by, with what a sale would make a customer of its own with
	 */
	void record(List<Attribution> rows) {
		if (rows.isEmpty()) {
			return;
		}
		List<Object[]> flat = new ArrayList<>();
		List<Object[]> sales = new ArrayList<>();
		for (Attribution row : rows) {
			for (String key : row.identifiers()) {
				if (row.sale() == null) {
					flat.add(new Object[] { row, key });
				}
				else {
					Sale sale = row.sale();
					sales.add(new Object[] { kind(key), value(key), row.eventId(), row.customerId(),
							(short) row.identifiers().size(), sale.lastName(), sale.postcode(), sale.locality(),
							sale.locale(), sale.source(), sale.occurredAt(), sale.tickets().toArray(String[]::new) });
				}
			}
		}
		if (!flat.isEmpty()) {
			this.jdbc.update("""
					insert into unnamed_attribution (kind, value, event_id, customer_id, identifiers)
					select * from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::smallint[])
					on conflict do nothing""", flat.stream().map(r -> kind((String) r[1])).toArray(String[]::new),
					flat.stream().map(r -> value((String) r[1])).toArray(String[]::new),
					flat.stream().map(r -> ((Attribution) r[0]).eventId()).toArray(String[]::new),
					flat.stream().map(r -> ((Attribution) r[0]).customerId()).toArray(Long[]::new),
					flat.stream().map(r -> (short) ((Attribution) r[0]).identifiers().size()).toArray(Short[]::new));
		}
		if (!sales.isEmpty()) {
			// a sale without a first name is rare: one row at a time
			this.jdbc.batchUpdate("""
					insert into unnamed_attribution (kind, value, event_id, customer_id, identifiers, last_name,
					                                 postcode, locality, locale, source, occurred_at, tickets)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[])
					on conflict do nothing""", sales);
		}
	}

	/**
	 * Takes back, from the customers they joined, the events noted as joining by
	 * identifiers that are all now a household's. A record naming nobody then belongs to
	 * the customer a capability finds for it otherwise (a kiosk answer's ticket holder),
	 * else to nobody; its opt-ins go with it (its opt-outs stay). A sale naming no first
	 * name becomes a customer of its own ({@link #detach}). The customer's merge history
	 * says which record left and why (rule {@code DETACH}).
	 * @param household identifiers (KIND:value) just found held by people of one
	 * household
	 * @param named whether those identifiers (KIND:value) name the customer now holding
	 * them (an email built from the name a customer that was nameless then bears now):
	 * such an event stays
	 * @return the events taken back
	 */
	List<String> takeBack(Collection<String> household, BiPredicate<Long, List<String>> named) {
		Map<String, Object[]> taken = new LinkedHashMap<>();
		List<Detachment> sales = new ArrayList<>();
		this.jdbc.query(
				"""
						select a.event_id, min(coalesce(c.merged_into, c.id)), array_agg(a.kind || ':' || a.value order by a.kind),
						       min(a.source), min(a.last_name), min(a.postcode), min(a.locality), min(a.locale),
						       min(a.occurred_at), max(a.tickets)
						from unnamed_attribution a
						join unnest(?::text[], ?::text[]) as h(kind, value) on a.kind = h.kind and a.value = h.value
						join customer c on c.id = a.customer_id
						group by a.event_id having count(*) = min(a.identifiers)""",
				rs -> {
					List<String> keys = List.of((String[]) rs.getArray(3).getArray());
					if (named.test(rs.getLong(2), keys)) {
						return;
					}
					if (rs.getString(4) == null) {
						taken.put(rs.getString(1), new Object[] { rs.getLong(2), keys.get(0) });
					}
					else {
						sales.add(new Detachment(rs.getString(1), rs.getLong(2), keys.get(0),
								new Sale(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
										rs.getString(4), rs.getTimestamp(9),
										List.of((String[]) rs.getArray(10).getArray()))));
					}
				}, household.stream().map(UnnamedAttributions::kind).toArray(String[]::new),
				household.stream().map(UnnamedAttributions::value).toArray(String[]::new));
		List<String> events = new ArrayList<>(taken.keySet());
		if (!events.isEmpty()) {
			String[] ids = events.toArray(String[]::new);
			Map<String, Long> owners = new HashMap<>();
			this.capabilities.forEach(capability -> owners.putAll(capability.takenBack(events)));
			this.jdbc.update("""
					update processed_event p set customer_id = u.customer_id
					from unnest(?::text[], ?::bigint[]) as u(event_id, customer_id) where p.event_id = u.event_id""",
					ids, events.stream().map(owners::get).toArray(Long[]::new));
			// an opt-in of an unknown member of the household is nobody's; an opt-out
			// stays, since a refusal given for the household's email or phone must hold
			// whoever gave it
			this.jdbc.update("delete from consent_statement where source_record = any (?) and granted", (Object) ids);
			this.jdbc.update("delete from unverified_contact where event_id = any (?)", (Object) ids);
			this.jdbc.update("delete from unnamed_attribution where event_id = any (?)", (Object) ids);
			logTaken(events.stream().map(e -> {
				Object[] row = taken.get(e);
				return new Detached(e, (Long) row[0], (String) row[1]);
			}).toList());
		}
		detach(sales);
		List<String> all = new ArrayList<>(events);
		sales.forEach(sale -> all.add(sale.eventId()));
		return all;
	}

	/**
	 * Takes sales naming no first name back from the customers they joined, into a
	 * customer of their own each: made with the sale's last name, postcode, town and
	 * locale, it holds the sale's tickets, its unverified values and its opt-ins, and
	 * none of the household's identifiers (they stay with the customer holding them, whom
	 * the next record giving them must still find; so does a refusal the sale stated for
	 * them). Runs once the sales' tickets are written: a sale of an earlier transaction,
	 * or of the batch being applied.
	 * @return the customer each sale now belongs to, by event id
	 */
	Map<String, Long> detach(List<Detachment> sales) {
		if (sales.isEmpty()) {
			return Map.of();
		}
		StringBuilder columns = new StringBuilder();
		StringBuilder values = new StringBuilder();
		for (String field : SALE_FIELDS) {
			columns.append(field).append(", ").append(field).append("_at, ").append(field).append("_source, ");
			values.append(field)
				.append(", case when ")
				.append(field)
				.append(" is not null then t end, case when ")
				.append(field)
				.append(" is not null then s end, ");
		}
		// each value with the sale's time and source, as survivorship writes a new
		// customer's first values
		List<Long> created = this.jdbc.queryForList("insert into customer (" + columns + "updated_at) select " + values
				+ "now() from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])"
				+ " with ordinality as n(" + String.join(", ", SALE_FIELDS) + ", t, s, i) order by i returning id",
				Long.class, sales.stream().map(d -> d.sale().lastName()).toArray(String[]::new),
				sales.stream().map(d -> d.sale().postcode()).toArray(String[]::new),
				sales.stream().map(d -> d.sale().locality()).toArray(String[]::new),
				sales.stream().map(d -> d.sale().locale()).toArray(String[]::new),
				sales.stream().map(d -> d.sale().occurredAt()).toArray(Timestamp[]::new),
				sales.stream().map(d -> d.sale().source()).toArray(String[]::new));
		// the ids grow in the order the rows are inserted
		Collections.sort(created);
		Map<String, Long> customers = new LinkedHashMap<>();
		Map<String, List<String>> tickets = new HashMap<>();
		for (int i = 0; i < sales.size(); i++) {
			customers.put(sales.get(i).eventId(), created.get(i));
			tickets.put(sales.get(i).eventId(), sales.get(i).sale().tickets());
		}
		String[] ids = customers.keySet().toArray(String[]::new);
		Long[] owners = customers.values().toArray(Long[]::new);
		this.capabilities.forEach(capability -> capability.detached(customers, tickets));
		// found by the records that come later, and counted among the store's people,
		// as every customer is: a later record of the buyer may be proposed with it
		this.merges.refreshKeys(new java.util.TreeSet<>(created));
		this.jdbc.update("""
				update processed_event p set customer_id = u.customer_id
				from unnest(?::text[], ?::bigint[]) as u(event_id, customer_id) where p.event_id = u.event_id""", ids,
				owners);
		// what the buyer stated goes with the sale, but a refusal stays with the
		// household's email or phone, whoever gave it
		this.jdbc.update("""
				update consent_statement s set customer_id = u.customer_id
				from unnest(?::text[], ?::bigint[]) as u(event_id, customer_id)
				where s.source_record = u.event_id and s.granted""", ids, owners);
		this.jdbc.update("""
				update unverified_contact v set customer_id = u.customer_id
				from unnest(?::text[], ?::bigint[]) as u(event_id, customer_id)
				where v.event_id = u.event_id""", ids, owners);
		this.jdbc.update("delete from unnamed_attribution where event_id = any (?)", (Object) ids);
		this.jdbc.update("""
				insert into merge_log (survivor_id, merged_id, rule, identifier_kind, identifier_value, event_id)
				select c, n, 'DETACH', k, v, e
				from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[]) as d(c, n, k, v, e)""",
				sales.stream().map(Detachment::customerId).toArray(Long[]::new), owners,
				sales.stream().map(d -> kind(d.identifier())).toArray(String[]::new),
				sales.stream().map(d -> value(d.identifier())).toArray(String[]::new), ids);
		AfterCommit.run(() -> {
			for (Detachment d : sales) {
				log.info(
						"Sale {} taken back from customer {} into customer {}: {} {} is held by two people of a "
								+ "household, and the sale names no first name",
						d.eventId(), d.customerId(), customers.get(d.eventId()), kind(d.identifier()),
						Masking.identifier(kind(d.identifier()), value(d.identifier())));
			}
		});
		return customers;
	}

	/**
	 * Logs events taken back in their customers' merge history: the customer named twice
	 * (no other customer took part), the identifier that became a household's, the event.
	 */
	void logTaken(List<Detached> detached) {
		if (detached.isEmpty()) {
			return;
		}
		this.jdbc
			.update("""
					insert into merge_log (survivor_id, merged_id, rule, identifier_kind, identifier_value, event_id)
					select c, c, 'DETACH', k, v, e from unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) as d(c, k, v, e)""",
					detached.stream().map(Detached::customerId).toArray(Long[]::new),
					detached.stream().map(d -> kind(d.identifier())).toArray(String[]::new),
					detached.stream().map(d -> value(d.identifier())).toArray(String[]::new),
					detached.stream().map(Detached::eventId).toArray(String[]::new));
		AfterCommit.run(() -> {
			for (Detached d : detached) {
				log.info(
						"Event {} taken back from customer {}: {} {} is held by two people of a household, "
								+ "and the record names neither",
						d.eventId(), d.customerId(), kind(d.identifier()),
						Masking.identifier(kind(d.identifier()), value(d.identifier())));
			}
		});
	}

	private static String kind(String key) {
		return key.substring(0, key.indexOf(':'));
	}

	private static String value(String key) {
		return key.substring(key.indexOf(':') + 1);
	}

	/**
	 * An event that joined a customer by these identifiers (KIND:value) alone; a sale
	 * with what it would make a customer of its own with.
	 */
	record Attribution(String eventId, long customerId, List<String> identifiers, Sale sale) {

		static Attribution of(CanonicalEvent event, long customerId, List<String> identifiers) {
			return new Attribution(event.id(), customerId, identifiers, Sale.of(event));
		}

	}

	/**
	 * What a sale naming no first name says of its buyer, and the tickets it sold.
	 */
	record Sale(String lastName, String postcode, String locality, String locale, String source, Timestamp occurredAt,
			List<String> tickets) {

		/** The sale an event is, or null when it is none. */
		static Sale of(CanonicalEvent event) {
			if (!sale(event)) {
				return null;
			}
			Contact c = event.contact();
			return new Sale(c.lastName(), c.postcode(), c.locality(), c.locale(), event.source(),
					Timestamp.from(event.occurredAt().toInstant()),
					event.tickets().stream().map(CanonicalEvent.TicketLine::number).distinct().toList());
		}

	}

	/**
	 * A sale taken back from the customer it joined (its live customer), the household's
	 * identifier, and what it makes a customer of its own with.
	 */
	record Detachment(String eventId, long customerId, String identifier, Sale sale) {
	}

	/** An event taken back from a customer, and the household's identifier. */
	record Detached(String eventId, long customerId, String identifier) {
	}

}

package com.venuehub.customer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.platform.Masking;
import com.venuehub.unify.Capability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records naming nobody (a kiosk answer giving only an email or a phone) that joined the
 * one customer holding that email or phone, and taken back from that customer when a
 * person the family rule tells apart from the holder gives the email or phone too: it is
 * then a household's, and the record does not say which member it is, as unify would have
 * decided had the record arrived after them. Runs inside unify's transaction, its keys
 * locked.
 */
@Component
class UnnamedAttributions {

	private static final Logger log = LoggerFactory.getLogger(UnnamedAttributions.class);

	private final JdbcTemplate jdbc;

	private final List<Capability> capabilities;

	UnnamedAttributions(JdbcTemplate jdbc, List<Capability> capabilities) {
		this.jdbc = jdbc;
		this.capabilities = capabilities;
	}

	/**
	 * Whether an event that joins a customer by its identifiers alone may be taken back
	 * later: it names nobody and brings nothing to the profile (no name, birth date or
	 * address), and it is not a sale (a ticket's owner stays the buyer) nor carries a
	 * card (one person's).
	 */
	static boolean takeable(CanonicalEvent event) {
		Contact c = event.contact();
		return c != null && event.kind() != CanonicalEvent.Kind.PURCHASE && c.firstName() == null
				&& c.lastName() == null && c.birthDate() == null && c.streetNumber() == null && c.street() == null
				&& c.locality() == null && c.postcode() == null && c.cardNumber() == null;
	}

	/**
	 * Notes events that joined a customer by their identifiers alone.
	 * @param rows each an event id, its customer and the identifiers (KIND:value) it
	 * joined by
	 */
	void record(List<Attribution> rows) {
		if (rows.isEmpty()) {
			return;
		}
		List<Object[]> flat = new ArrayList<>();
		for (Attribution row : rows) {
			for (String key : row.identifiers()) {
				flat.add(new Object[] { row, key });
			}
		}
		this.jdbc.update("""
				insert into unnamed_attribution (kind, value, event_id, customer_id, identifiers)
				select * from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::smallint[])
				on conflict do nothing""", flat.stream().map(r -> kind((String) r[1])).toArray(String[]::new),
				flat.stream().map(r -> value((String) r[1])).toArray(String[]::new),
				flat.stream().map(r -> ((Attribution) r[0]).eventId()).toArray(String[]::new),
				flat.stream().map(r -> ((Attribution) r[0]).customerId()).toArray(Long[]::new),
				flat.stream().map(r -> (short) ((Attribution) r[0]).identifiers().size()).toArray(Short[]::new));
	}

	/**
	 * Takes back, from the customers they joined, the events noted as joining by
	 * identifiers that are all now a household's: each then belongs to the customer a
	 * capability finds for it otherwise (a kiosk answer's ticket holder), else to nobody;
	 * its opt-ins go with it (its opt-outs stay), and the customer's merge history says
	 * which record left and why (rule {@code DETACH}).
	 * @param household identifiers (KIND:value) just found held by people of one
	 * household
	 * @param named whether those identifiers (KIND:value) name the customer now holding
	 * them (an email built from the name a customer that was nameless then bears now):
	 * such an event stays
	 * @return the events taken back
	 */
	List<String> takeBack(Collection<String> household, BiPredicate<Long, List<String>> named) {
		Map<String, Object[]> taken = new LinkedHashMap<>();
		this.jdbc.query(
				"""
						select a.event_id, min(coalesce(c.merged_into, c.id)), array_agg(a.kind || ':' || a.value order by a.kind)
						from unnamed_attribution a
						join unnest(?::text[], ?::text[]) as h(kind, value) on a.kind = h.kind and a.value = h.value
						join customer c on c.id = a.customer_id
						group by a.event_id having count(*) = min(a.identifiers)""",
				rs -> {
					List<String> keys = List.of((String[]) rs.getArray(3).getArray());
					if (!named.test(rs.getLong(2), keys)) {
						taken.put(rs.getString(1), new Object[] { rs.getLong(2), keys.get(0) });
					}
				}, household.stream().map(UnnamedAttributions::kind).toArray(String[]::new),
				household.stream().map(UnnamedAttributions::value).toArray(String[]::new));
		if (taken.isEmpty()) {
			return List.of();
		}
		List<String> events = new ArrayList<>(taken.keySet());
		String[] ids = events.toArray(String[]::new);
		Map<String, Long> owners = new HashMap<>();
		this.capabilities.forEach(capability -> owners.putAll(capability.takenBack(events)));
		this.jdbc.update("""
				update processed_event p set customer_id = u.customer_id
				from unnest(?::text[], ?::bigint[]) as u(event_id, customer_id) where p.event_id = u.event_id""", ids,
				events.stream().map(owners::get).toArray(Long[]::new));
		// an opt-in of an unknown member of the household is nobody's; an opt-out stays,
		// since a refusal given for the household's email or phone must hold whoever gave
		// it
		this.jdbc.update("delete from consent_statement where source_record = any (?) and granted", (Object) ids);
		this.jdbc.update("delete from unverified_contact where event_id = any (?)", (Object) ids);
		this.jdbc.update("delete from unnamed_attribution where event_id = any (?)", (Object) ids);
		logTaken(events.stream().map(e -> {
			Object[] row = taken.get(e);
			return new Detached(e, (Long) row[0], (String) row[1]);
		}).toList());
		return events;
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
		for (Detached d : detached) {
			log.info(
					"Event {} taken back from customer {}: {} {} is held by two people of a household, "
							+ "and the record names neither",
					d.eventId(), d.customerId(), kind(d.identifier()),
					Masking.identifier(kind(d.identifier()), value(d.identifier())));
		}
	}

	private static String kind(String key) {
		return key.substring(0, key.indexOf(':'));
	}

	private static String value(String key) {
		return key.substring(key.indexOf(':') + 1);
	}

	/** An event that joined a customer by these identifiers (KIND:value) alone. */
	record Attribution(String eventId, long customerId, List<String> identifiers) {
	}

	/** An event taken back from a customer, and the household's identifier. */
	record Detached(String eventId, long customerId, String identifier) {
	}

}

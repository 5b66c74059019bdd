package com.venuehub.customer;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.feedback.FeedbackLedger;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.ingest.CanonicalEvent.TicketLine;
import com.venuehub.loyalty.LoyaltyLedger;
import com.venuehub.platform.Masking;
import com.venuehub.platform.RecordRejectedException;
import com.venuehub.ticket.TicketLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one canonical event to the unified store in one database transaction: finds or creates
 * the customer by its identifiers, merges customers the event proves to be one person, applies the
 * profile by survivorship, the consent statements, and what the event brings (tickets, loyalty
 * transactions, kiosk answers). One writer at a time per customer: the transaction first
 * takes advisory locks on every identifier and ticket it touches (in a fixed order), then row locks
 * on the customers it found.
 */
@Component("unifier")
public class Unifier {

	private static final Logger log = LoggerFactory.getLogger(Unifier.class);

	/** Profile fields and their "as of" columns: the value with the latest event time wins. */
	private static final List<String> PROFILE_FIELDS = List.of("first_name", "last_name", "birth_date", "postcode",
			"locale");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final TicketLedger tickets;

	private final LoyaltyLedger loyalty;

	private final FeedbackLedger feedback;

	private final Consents consents;

	private final List<MergeFollower> mergeFollowers;

	private final ObjectMapper json;

	public Unifier(JdbcTemplate jdbc, TransactionTemplate transaction, TicketLedger tickets, LoyaltyLedger loyalty,
			FeedbackLedger feedback, Consents consents, List<MergeFollower> mergeFollowers, ObjectMapper json) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.tickets = tickets;
		this.loyalty = loyalty;
		this.feedback = feedback;
		this.consents = consents;
		this.mergeFollowers = List.copyOf(mergeFollowers);
		this.json = json;
	}

	/** Entry point of the unify route: the body is a canonical event as JSON. */
	public void apply(String body) {
		applyEvent(read(body));
	}

	public void applyEvent(CanonicalEvent event) {
		this.transaction.executeWithoutResult(status -> applyInTransaction(event));
	}

	/**
	 * Applies events in one transaction: every key any of them touches is locked first, in one
	 * sorted pass, so batches running side by side never wait on each other in a cycle.
	 */
	public void applyBatch(List<CanonicalEvent> events) {
		this.transaction.executeWithoutResult(status -> {
			Set<String> fresh = new HashSet<>(this.jdbc.queryForList("""
					insert into processed_event (event_id, source, kind, occurred_at)
					select * from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[])
					on conflict (event_id) do nothing returning event_id""", String.class,
					events.stream().map(CanonicalEvent::id).toArray(String[]::new),
					events.stream().map(CanonicalEvent::source).toArray(String[]::new),
					events.stream().map(e -> e.kind().name()).toArray(String[]::new),
					events.stream().map(e -> Timestamp.from(e.occurredAt().toInstant())).toArray(Timestamp[]::new)));
			TreeSet<String> keys = new TreeSet<>();
			List<CanonicalEvent> toApply = new ArrayList<>();
			for (CanonicalEvent event : events) {
				// the same event twice in one batch is applied once
				if (fresh.remove(event.id())) {
					toApply.add(event);
					keys.addAll(lockKeys(identifiers(event.contact()), event));
				}
			}
			lock(keys);
			List<String> ids = new ArrayList<>();
			List<Long> customers = new ArrayList<>();
			for (CanonicalEvent event : toApply) {
				Long customerId = applyFresh(event);
				if (customerId != null) {
					ids.add(event.id());
					customers.add(customerId);
				}
			}
			if (!ids.isEmpty()) {
				this.jdbc.update("""
						update processed_event p set customer_id = u.customer_id
						from unnest(?::text[], ?::bigint[]) as u(event_id, customer_id)
						where p.event_id = u.event_id""", ids.toArray(String[]::new), customers.toArray(Long[]::new));
			}
		});
	}

	/** Reads a canonical event from its JSON form on the queue. */
	public CanonicalEvent read(String body) {
		try {
			return this.json.readValue(body, CanonicalEvent.class);
		}
		catch (JsonProcessingException ex) {
			throw new RecordRejectedException("the event on the queue is not a canonical event: "
					+ ex.getOriginalMessage(), ex);
		}
	}

	private void applyInTransaction(CanonicalEvent event) {
		int fresh = this.jdbc.update("""
				insert into processed_event (event_id, source, kind, occurred_at) values (?, ?, ?, ?)
				on conflict (event_id) do nothing""", event.id(), event.source(), event.kind().name(),
				Timestamp.from(event.occurredAt().toInstant()));
		if (fresh == 0) {
			log.debug("Event {} was already applied", event.id());
			return;
		}
		lock(identifiers(event.contact()), event);
		Long customerId = applyFresh(event);
		if (customerId != null) {
			this.jdbc.update("update processed_event set customer_id = ? where event_id = ?", customerId, event.id());
		}
	}

	/** Applies an event not seen before; its keys are locked. Answers its customer, if any. */
	private Long applyFresh(CanonicalEvent event) {
		List<Identifier> identifiers = identifiers(event.contact());
		Long customerId = null;
		if (!identifiers.isEmpty()) {
			customerId = resolve(identifiers, event);
			applyProfile(customerId, event);
			this.consents.apply(customerId, event);
		}
		switch (event.kind()) {
			case PURCHASE -> this.tickets.applyPurchase(event, customerId);
			case SCAN -> this.tickets.applyScan(event);
			case LOYALTY -> customerId = this.loyalty.apply(event, customerId);
			case FEEDBACK -> customerId = this.feedback.apply(event, customerId);
		}
		return customerId;
	}

	private static List<Identifier> identifiers(Contact contact) {
		List<Identifier> identifiers = new ArrayList<>(3);
		if (contact != null) {
			if (contact.email() != null) {
				identifiers.add(new Identifier("EMAIL", contact.email()));
			}
			if (contact.phone() != null) {
				identifiers.add(new Identifier("PHONE", contact.phone()));
			}
			if (contact.cardNumber() != null) {
				identifiers.add(new Identifier("CARD", contact.cardNumber()));
			}
		}
		return identifiers;
	}

	private void lock(List<Identifier> identifiers, CanonicalEvent event) {
		lock(lockKeys(identifiers, event));
	}

	private static TreeSet<String> lockKeys(List<Identifier> identifiers, CanonicalEvent event) {
		TreeSet<String> keys = new TreeSet<>();
		identifiers.forEach(identifier -> keys.add(identifier.kind() + ":" + identifier.value()));
		if (event.tickets() != null) {
			event.tickets().stream().map(TicketLine::number).forEach(number -> keys.add("TICKET:" + number));
		}
		if (event.scan() != null) {
			keys.add("TICKET:" + event.scan().ticketNumber());
		}
		if (event.loyalty() != null) {
			// the same key as the card identifier: an enrolment and the card's transactions take turns
			keys.add("CARD:" + event.loyalty().cardNumber());
		}
		if (event.feedback() != null && event.feedback().ticketNumber() != null) {
			keys.add("TICKET:" + event.feedback().ticketNumber());
		}
		return keys;
	}

	private void lock(TreeSet<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		// sorted keys, locked in that order by every writer: no two transactions wait on each other in a cycle
		this.jdbc.query("""
				select pg_advisory_xact_lock(hashtextextended(k, 0))
				from unnest(?::text[]) with ordinality as t(k, n) order by n""", rs -> {
		}, (Object) keys.toArray(String[]::new));
	}

	private long resolve(List<Identifier> identifiers, CanonicalEvent event) {
		String[] kinds = identifiers.stream().map(Identifier::kind).toArray(String[]::new);
		String[] values = identifiers.stream().map(Identifier::value).toArray(String[]::new);
		List<Owner> owners = this.jdbc.query("""
				select i.kind, i.value, i.customer_id from customer_identifier i
				join unnest(?::text[], ?::text[]) as e(kind, value) on i.kind = e.kind and i.value = e.value""",
				(rs, n) -> new Owner(rs.getString(1), rs.getString(2), rs.getLong(3)), kinds, values);
		TreeSet<Long> customers = lockCustomers(owners.stream().map(Owner::customerId).toList());
		long customerId;
		if (customers.isEmpty()) {
			customerId = this.jdbc.queryForObject("insert into customer default values returning id", Long.class);
		}
		else {
			// the oldest customer survives: ids are stable whatever the order events arrive in
			customerId = customers.first();
			for (Long other : customers.tailSet(customerId, false)) {
				Owner link = owners.stream().filter(o -> o.customerId() == other).findFirst().orElse(owners.get(0));
				merge(customerId, other, link, event);
			}
		}
		if (owners.size() < identifiers.size()) {
			this.jdbc.update("""
					insert into customer_identifier (customer_id, kind, value, source, first_seen_at)
					select ?, kind, value, ?, ? from unnest(?::text[], ?::text[]) as e(kind, value)
					on conflict (kind, value) do nothing""", customerId, event.source(),
					Timestamp.from(event.occurredAt().toInstant()), kinds, values);
		}
		return customerId;
	}

	/** Locks the customers' rows in id order, following any merge that happened meanwhile. */
	private TreeSet<Long> lockCustomers(List<Long> ids) {
		TreeSet<Long> live = new TreeSet<>();
		List<Long> toLock = new ArrayList<>(new TreeSet<>(ids));
		while (!toLock.isEmpty()) {
			List<long[]> rows = this.jdbc.query(
					"select id, coalesce(merged_into, 0) from customer where id = any (?) order by id for update",
					(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }, (Object) toLock.toArray(Long[]::new));
			toLock = new ArrayList<>();
			for (long[] row : rows) {
				if (row[1] == 0) {
					live.add(row[0]);
				}
				else if (!live.contains(row[1])) {
					toLock.add(row[1]);
				}
			}
		}
		return live;
	}

	private void merge(long survivor, long merged, Owner link, CanonicalEvent event) {
		this.jdbc.update("update customer_identifier set customer_id = ? where customer_id = ?", survivor, merged);
		this.jdbc.update("update ticket set customer_id = ?, updated_at = now() where customer_id = ?", survivor,
				merged);
		this.mergeFollowers.forEach(follower -> follower.merged(survivor, merged));
		StringBuilder sql = new StringBuilder("update customer s set updated_at = now()");
		for (String field : PROFILE_FIELDS) {
			String newer = "(m." + field + " is not null and (s." + field + "_at is null or m." + field + "_at > s."
					+ field + "_at))";
			sql.append(", ").append(field).append(" = case when ").append(newer).append(" then m.").append(field)
				.append(" else s.").append(field).append(" end");
			sql.append(", ").append(field).append("_at = case when ").append(newer).append(" then m.").append(field)
				.append("_at else s.").append(field).append("_at end");
		}
		sql.append(" from customer m where s.id = ? and m.id = ?");
		this.jdbc.update(sql.toString(), survivor, merged);
		this.jdbc.update("update customer set merged_into = ?, updated_at = now() where id = ? or merged_into = ?",
				survivor, merged, merged);
		this.jdbc.update("""
				insert into merge_log (survivor_id, merged_id, rule, identifier_kind, identifier_value, event_id)
				values (?, ?, ?, ?, ?, ?)""", survivor, merged, "SHARED_" + link.kind(), link.kind(), link.value(),
				event.id());
		log.info("Merged customer {} into {}: both hold {} {} (event {})", merged, survivor, link.kind(),
				Masking.identifier(link.kind(), link.value()), event.id());
	}

	private void applyProfile(long customerId, CanonicalEvent event) {
		Contact contact = event.contact();
		Object[] values = { contact.firstName(), contact.lastName(),
				contact.birthDate() == null ? null : Date.valueOf(contact.birthDate()), contact.postcode(),
				contact.locale() };
		Timestamp at = Timestamp.from(event.occurredAt().toInstant());
		StringBuilder sql = new StringBuilder("update customer set updated_at = now()");
		List<Object> args = new ArrayList<>();
		for (int i = 0; i < PROFILE_FIELDS.size(); i++) {
			if (values[i] == null) {
				continue;
			}
			String field = PROFILE_FIELDS.get(i);
			// most recent non-empty value wins, by the event's own time, not its arrival
			String newer = "(" + field + "_at is null or " + field + "_at <= ?)";
			sql.append(", ").append(field).append(" = case when ").append(newer).append(" then ? else ").append(field)
				.append(" end");
			sql.append(", ").append(field).append("_at = case when ").append(newer).append(" then ? else ")
				.append(field).append("_at end");
			args.addAll(List.of(at, values[i], at, at));
		}
		if (args.isEmpty()) {
			return;
		}
		sql.append(" where id = ?");
		args.add(customerId);
		this.jdbc.update(sql.toString(), args.toArray());
	}

	private record Identifier(String kind, String value) {
	}

	private record Owner(String kind, String value, long customerId) {
	}

}

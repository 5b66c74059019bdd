package com.venuehub.customer;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.PersonMatcher;
import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.Identifiers;
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.platform.Masking;
import com.venuehub.unify.Fact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds the customer of each event by its identifiers: an identifier is proof only
 * between profiles that do not contradict each other (different first names and different
 * birth dates are two people); placeholders, flagged identifiers and pairs a person
 * rejected never link; a record without a first name is told apart by identifiers no
 * household shares, and a sale that none of their holders can be said to have made is a
 * customer of its own. A batch is resolved in memory, then its new customers and
 * identifiers written with one statement each; one event alone, with the same rules, a
 * few statements. Runs inside unify's transaction, its keys locked.
 */
@Component
class IdentityResolver {

	private static final Logger log = LoggerFactory.getLogger(IdentityResolver.class);

	private final JdbcTemplate jdbc;

	private final Merges merges;

	private final Identifiers identifierRules;

	private final IdentityProperties properties;

	/** The rules of a store that knows nothing of its names, until a batch reads them. */
	private final PersonMatcher typical = new PersonMatcher();

	private final StoreFrequencies frequencies;

	private final UnifyLocks locks;

	private final DuplicateDecisions duplicates;

	private final UnnamedAttributions attributions;

	IdentityResolver(JdbcTemplate jdbc, Merges merges, Identifiers identifierRules, IdentityProperties properties,
			UnifyLocks locks, DuplicateDecisions duplicates, UnnamedAttributions attributions,
			StoreFrequencies frequencies) {
		this.jdbc = jdbc;
		this.merges = merges;
		this.identifierRules = identifierRules;
		this.properties = properties;
		this.locks = locks;
		this.duplicates = duplicates;
		this.attributions = attributions;
		this.frequencies = frequencies;
	}

	/**
	 * Resolves a batch of fresh events to their customers and writes the identifiers the
	 * events bring; the customers it creates are left to survivorship to write.
	 * @return each event with its customer (none for an anonymous record)
	 */
	Resolved resolve(List<CanonicalEvent> events, List<UnifyLocks.Holder> holders) {
		Batch batch = new Batch(events, holders);
		batch.resolve();
		return batch.write();
	}

	/**
	 * A batch's events with their customers, and the customers it created: their ids are
	 * taken, their rows are written with their first values by survivorship. Sales of the
	 * batch taken back from the customer they joined are detached once the batch is
	 * applied ({@link #detach}).
	 */
	record Resolved(List<Fact> facts, Set<Long> created, List<TakenSale> sales, Map<String, Long> takenFrom) {
	}

	/** A sale of a batch taken back, and the household's identifier. */
	record TakenSale(Fact fact, String identifier) {
	}

	/**
	 * Makes a customer of its own of each sale of the applied batch taken back from the
	 * customer it joined (its tickets are written by then), which its fact then belongs
	 * to.
	 * @return the customer of each such sale, by event id
	 */
	Map<String, Long> detach(Resolved resolved) {
		if (resolved.sales().isEmpty()) {
			return Map.of();
		}
		Map<String, Long> customers = this.attributions.detach(resolved.sales()
			.stream()
			.map(s -> new UnnamedAttributions.Detachment(s.fact().event().id(), s.fact().customerId(), s.identifier(),
					UnnamedAttributions.Sale.of(s.fact().event())))
			.toList());
		resolved.sales().forEach(s -> s.fact().belongsTo(customers.get(s.fact().event().id())));
		return customers;
	}

	/**
	 * Events resolved together: one read of the owners of all their identifiers, one of
	 * their profiles, the decisions in memory (an identifier a previous event of the
	 * batch brought counts as held; two customers an event proves one person are merged
	 * at once), then the writes of its new customers and identifiers.
	 */
	private final class Batch {

		final List<CanonicalEvent> events;

		final List<Fact> facts = new ArrayList<>();

		/** Live holders of each identifier (KIND:value), known and of this batch. */
		final Map<String, List<Long>> holders = new HashMap<>();

		final Map<Long, MatchRecord> profiles = new HashMap<>();

		/**
		 * The family rule and the rules of a household's identifiers, with the store's
		 * counts of the names compared: Léna and Lina, each borne by many, are two names;
		 * Catherin, borne by few beside Catherine, is the name cut short.
		 */
		PersonMatcher rules = IdentityResolver.this.typical;

		Set<List<Long>> rejected = Set.of();

		/** Customers created by the batch, numbered -1, -2… until they are written. */
		int created;

		final List<Object[]> identifierRows = new ArrayList<>();

		final Set<ContactIdentifier> overShared = new LinkedHashSet<>();

		/**
		 * Events of the batch naming nobody that joined a customer by their identifiers
		 * alone, with those identifiers: taken back if a later event of the batch makes
		 * them all a household's.
		 */
		final Map<Fact, List<String>> joinedByIdentifiers = new LinkedHashMap<>();

		/** Sales of the batch taken back, detached once the batch is applied. */
		final List<TakenSale> salesTakenBack = new ArrayList<>();

		/** Events of the batch taken back: event id, customer, identifier. */
		final List<Object[]> takenBack = new ArrayList<>();

		/**
		 * The holders of the events' identifiers as read and locked with their keys, or
		 * null: read here.
		 */
		final List<UnifyLocks.Holder> known;

		Batch(List<CanonicalEvent> events, List<UnifyLocks.Holder> known) {
			this.events = events;
			this.known = known;
		}

		/** Resolves the events in order. */
		void resolve() {
			List<ContactIdentifier> linking = new ArrayList<>();
			for (CanonicalEvent event : this.events) {
				ContactIdentifier.of(event.contact())
					.stream()
					.filter(IdentityResolver.this::links)
					.forEach(linking::add);
			}
			if (!linking.isEmpty()) {
				List<Owner> owners = this.known != null ? knownOwners(linking) : IdentityResolver.this.jdbc.query("""
						select i.kind, i.value, i.customer_id from customer_identifier i
						join unnest(?::text[], ?::text[]) as e(kind, value) on i.kind = e.kind and i.value = e.value
						where not exists (select 1 from identifier_flag f where f.kind = i.kind and f.value = i.value)
						order by i.customer_id""",
						(rs, n) -> new Owner(rs.getString(1), rs.getString(2), rs.getLong(3)),
						linking.stream().map(ContactIdentifier::kind).toArray(String[]::new),
						linking.stream().map(ContactIdentifier::value).toArray(String[]::new));
				Map<Long, Long> liveOf = IdentityResolver.this.locks
					.lockCustomers(owners.stream().map(Owner::customerId).distinct().toList());
				for (Owner owner : owners) {
					Long live = liveOf.get(owner.customerId());
					if (live != null) {
						List<Long> held = this.holders.computeIfAbsent(owner.kind() + ":" + owner.value(),
								k -> new ArrayList<>());
						if (!held.contains(live)) {
							held.add(live);
						}
					}
				}
				Set<Long> live = new TreeSet<>(liveOf.values());
				this.profiles.putAll(IdentityResolver.this.merges.records(live));
				this.rejected = IdentityResolver.this.duplicates.rejectedPairs(live);
				if (!this.profiles.isEmpty()) {
					List<MatchRecord> named = new ArrayList<>(this.profiles.values());
					// the first names the email of a customer naming nobody may spell
					for (MatchRecord profile : this.profiles.values()) {
						PersonMatcher.emailWords(profile)
							.forEach(word -> named.add(MatchRecord.of(word, null, null, null, null, null, null, null)));
					}
					for (CanonicalEvent event : this.events) {
						MatchRecord record = record(event.contact());
						named.add(record);
						// the first names its email may spell, for a record naming nobody
						PersonMatcher.emailWords(record)
							.forEach(word -> named.add(MatchRecord.of(word, null, null, null, null, null, null, null)));
					}
					this.rules = new PersonMatcher(IdentityResolver.this.frequencies.of(named));
				}
			}
			this.events.forEach(this::decide);
		}

		/** The holders of these identifiers, by customer id, flagged ones left out. */
		private List<Owner> knownOwners(List<ContactIdentifier> linking) {
			Set<String> wanted = new HashSet<>();
			linking.forEach(identifier -> wanted.add(identifier.key()));
			return this.known.stream()
				.filter(holder -> !holder.flagged() && wanted.contains(holder.kind() + ":" + holder.value()))
				.map(holder -> new Owner(holder.kind(), holder.value(), holder.customerId()))
				.toList();
		}

		/** Decides the event's customer. */
		void decide(CanonicalEvent event) {
			List<ContactIdentifier> identifiers = ContactIdentifier.of(event.contact());
			if (identifiers.isEmpty() && (event.contact() == null || !event.contact().describesPerson())) {
				// no contact, or only a placeholder: anonymous
				this.facts.add(new Fact(event, null));
				return;
			}
			List<ContactIdentifier> linking = identifiers.stream().filter(IdentityResolver.this::links).toList();
			List<Long> live = new ArrayList<>();
			for (ContactIdentifier identifier : linking) {
				for (Long holder : this.holders.getOrDefault(identifier.key(), List.of())) {
					if (!live.contains(holder)) {
						live.add(holder);
					}
				}
			}
			// the oldest first, then the customers of this batch in the order they came
			live.sort(Comparator.comparing((Long id) -> id < 0).thenComparing(id -> Math.abs(id)));
			MatchRecord incoming = record(event.contact());
			Map<String, Collection<Long>> heldBy = new HashMap<>();
			for (ContactIdentifier identifier : linking) {
				heldBy.put(identifier.key(), this.holders.getOrDefault(identifier.key(), List.of()));
			}
			Set<String> householdHeld = householdHeld(incoming, live, heldBy, this.profiles);
			boolean ownCustomer = false;
			if (incoming.firstName() == null && !live.isEmpty()) {
				// a record without a first name is told apart by its identifiers alone:
				// one that several people of a household hold does not say which of them
				// it is
				Set<Long> kept = new HashSet<>();
				for (ContactIdentifier identifier : linking) {
					if (!householdHeld.contains(identifier.key())) {
						kept.addAll(this.holders.getOrDefault(identifier.key(), List.of()));
					}
				}
				// unless its email names one of them, or says whose it is not
				live.retainAll(this.rules.attributable(incoming, event.occurredAt().toLocalDate(), live,
						this.profiles::get, kept));
				if (live.isEmpty()) {
					if (!UnnamedAttributions.ownPerson(event)) {
						// its identifiers are shared by several people, none of them
						// named on it
						this.facts.add(new Fact(event, null));
						return;
					}
					// a sale, a card, a birth date: its person is a customer of their
					// own, holding none of the identifiers others hold
					ownCustomer = true;
				}
			}
			List<Long> chosen = new ArrayList<>();
			for (Long candidate : live) {
				MatchRecord profile = this.profiles.get(candidate);
				if (profile == null || this.rules.contradicts(incoming, profile)
						|| anotherMember(incoming, profile, candidate, heldBy, householdHeld)
						|| namesAnother(incoming, profile, event)
						|| childBesideAnother(incoming, profile, candidate, heldBy, event)) {
					continue;
				}
				boolean agrees = chosen.stream()
					.noneMatch(c -> this.rules.contradicts(this.profiles.get(c), profile)
							|| this.rejected.contains(List.of(c, candidate)) || this.rules
								.childBesideAnother(this.profiles.get(c), profile, event.occurredAt().toLocalDate()));
				if (agrees) {
					chosen.add(candidate);
				}
			}
			// what the event says of earlier ones, read before it changes the profiles
			List<String> joinedBy = chosen.size() == 1
					? joinedBy(event, incoming, identifiers, chosen.get(0), heldBy, this.profiles.get(chosen.get(0)))
					: chosen.isEmpty() && live.isEmpty() ? joinedBy(event, incoming, identifiers, null, heldBy, null)
							: List.of();
			List<String> household = newlyHousehold(incoming, chosen.isEmpty() ? null : chosen.get(0), linking, heldBy,
					this.profiles);
			long customerId;
			if (chosen.size() > 1) {
				// the event proves them one person: the oldest survives; a known customer
				// is
				// merged in the database now, under the locks the batch holds, one of
				// this
				// batch (not written yet) simply becomes the survivor
				customerId = chosen.get(0);
				for (Long other : chosen.subList(1, chosen.size())) {
					if (other > 0) {
						ContactIdentifier link = linking.stream()
							.filter(i -> this.holders.getOrDefault(i.key(), List.of()).contains(other))
							.findFirst()
							.orElse(linking.get(0));
						if (this.known != null && !IdentityResolver.this.merges.tryLockMoving(List.of(other))) {
							// the batch's first transaction does not wait
							throw new UnifyLocks.RowsHeld("rows of customer " + other
									+ " that a merge moves are held by another transaction");
						}
						// the survivor's keys are refreshed with the batch's comparisons
						IdentityResolver.this.merges.mergeLeavingKeys(customerId, other,
								Merges.Explanation.shared(link.kind(), link.value()), event.id());
					}
					replace(other, customerId);
				}
				this.profiles.put(customerId, overlay(this.profiles.get(customerId), incoming));
			}
			else if (chosen.isEmpty()) {
				customerId = -(++this.created);
				this.profiles.put(customerId, incoming);
			}
			else {
				customerId = chosen.get(0);
				this.profiles.put(customerId, overlay(this.profiles.get(customerId), incoming));
			}
			for (ContactIdentifier identifier : identifiers) {
				if (!ownCustomer || this.holders.getOrDefault(identifier.key(), List.of()).isEmpty()) {
					this.identifierRows.add(new Object[] { customerId, identifier, event });
				}
			}
			Fact fact = new Fact(event, customerId);
			if (!household.isEmpty()) {
				takeBack(household);
			}
			for (ContactIdentifier identifier : linking) {
				List<Long> held = this.holders.computeIfAbsent(identifier.key(), k -> new ArrayList<>());
				if (!held.contains(customerId) && (!ownCustomer || held.isEmpty())) {
					held.add(customerId);
				}
			}
			if (live.size() > chosen.size()) {
				this.overShared.addAll(linking);
			}
			if (!joinedBy.isEmpty()) {
				this.joinedByIdentifiers.put(fact, joinedBy);
			}
			this.facts.add(fact);
		}

		/**
		 * Takes back the events that joined a customer by identifiers now all a
		 * household's: those of this batch, then those of earlier ones.
		 */
		private void takeBack(List<String> household) {
			for (var joined = this.joinedByIdentifiers.entrySet().iterator(); joined.hasNext();) {
				var entry = joined.next();
				if (household.containsAll(entry.getValue())
						&& !namesHolder(entry.getValue(), this.profiles.get(entry.getKey().customerId()))) {
					Fact fact = entry.getKey();
					if (UnnamedAttributions.sale(fact.event())) {
						// its tickets are written with the batch, then given to a
						// customer of its own
						this.salesTakenBack.add(new TakenSale(fact, entry.getValue().get(0)));
					}
					else {
						this.takenBack
							.add(new Object[] { fact.event().id(), fact.customerId(), entry.getValue().get(0) });
						fact.belongsTo(null);
					}
					joined.remove();
				}
			}
			IdentityResolver.this.attributions.takeBack(household,
					(customer, keys) -> namesHolder(keys, this.profiles.get(customer)));
		}

		/** What the batch holds of a customer merged into another now belongs to it. */
		private void replace(long merged, long survivor) {
			for (Fact fact : this.facts) {
				if (fact.customerId() != null && fact.customerId() == merged) {
					fact.belongsTo(survivor);
				}
			}
			for (Object[] row : this.identifierRows) {
				if ((Long) row[0] == merged) {
					row[0] = survivor;
				}
			}
			for (Object[] row : this.takenBack) {
				if ((Long) row[1] == merged) {
					row[1] = survivor;
				}
			}
			for (List<Long> held : this.holders.values()) {
				int at = held.indexOf(merged);
				if (at >= 0) {
					if (held.contains(survivor)) {
						held.remove(at);
					}
					else {
						held.set(at, survivor);
					}
				}
			}
			this.profiles.put(survivor, overlay(this.profiles.get(survivor), this.profiles.remove(merged)));
		}

		/**
		 * Writes what the resolved events bring: the new customers, the identifiers, the
		 * profiles, consents, unverified values and capabilities, then compares the
		 * customers with similar ones.
		 * @return the customer of each event that has one, by event id
		 */
		Resolved write() {
			if (this.facts.isEmpty()) {
				return new Resolved(this.facts, Set.of(), List.of(), Map.of());
			}
			// the customers the batch created (and did not merge into another)
			TreeSet<Long> fresh = new TreeSet<>(Comparator.reverseOrder());
			this.facts.stream().map(Fact::customerId).filter(id -> id != null && id < 0).forEach(fresh::add);
			// and those whose every event was taken back (records naming nobody, joined
			// by an identifier a household turned out to share): each keeps the
			// identifiers its events brought, as when the events come one at a time
			this.identifierRows.stream().map(row -> (Long) row[0]).filter(id -> id < 0).forEach(fresh::add);
			this.takenBack.stream().map(row -> (Long) row[1]).filter(id -> id < 0).forEach(fresh::add);
			Map<Long, Long> idOf = new HashMap<>();
			if (!fresh.isEmpty()) {
				// ids only: each row is written once, with its first values; the sequence
				// is looked up once per statement, not once per id
				List<Long> allocated = new ArrayList<>(IdentityResolver.this.jdbc.queryForList("""
						with q as materialized (select pg_get_serial_sequence('customer', 'id')::regclass as seq)
						select nextval(q.seq) from q cross join generate_series(1, ?)""", Long.class, fresh.size()));
				Collections.sort(allocated);
				int i = 0;
				for (Long virtual : fresh) {
					idOf.put(virtual, allocated.get(i++));
				}
				for (Fact fact : this.facts) {
					if (fact.customerId() != null && fact.customerId() < 0) {
						fact.belongsTo(idOf.get(fact.customerId()));
					}
				}
			}
			if (!this.identifierRows.isEmpty()) {
				List<Object[]> rows = this.identifierRows;
				IdentityResolver.this.jdbc.update("""
						insert into customer_identifier (customer_id, kind, value, source, first_seen_at)
						select * from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
						on conflict on constraint customer_identifier_unique do nothing""", rows.stream().map(r -> {
					long id = (Long) r[0];
					return id < 0 ? idOf.get(id) : id;
				}).toArray(Long[]::new),
						rows.stream().map(r -> ((ContactIdentifier) r[1]).kind()).toArray(String[]::new),
						rows.stream().map(r -> ((ContactIdentifier) r[1]).value()).toArray(String[]::new),
						rows.stream().map(r -> ((CanonicalEvent) r[2]).source()).toArray(String[]::new),
						rows.stream()
							.map(r -> Timestamp.from(((CanonicalEvent) r[2]).occurredAt().toInstant()))
							.toArray(Timestamp[]::new));
			}
			if (!this.overShared.isEmpty()) {
				flagOverShared(new ArrayList<>(this.overShared));
			}
			IdentityResolver.this.attributions.record(this.joinedByIdentifiers.entrySet()
				.stream()
				.map(e -> UnnamedAttributions.Attribution.of(e.getKey().event(), e.getKey().customerId(), e.getValue()))
				.toList());
			List<UnnamedAttributions.Detached> detached = this.takenBack.stream().map(row -> {
				long id = (Long) row[1];
				return new UnnamedAttributions.Detached((String) row[0], id < 0 ? idOf.get(id) : id, (String) row[2]);
			}).toList();
			IdentityResolver.this.attributions.logTaken(detached);
			Map<String, Long> takenFrom = new HashMap<>();
			detached.forEach(d -> takenFrom.put(d.eventId(), d.customerId()));
			return new Resolved(this.facts, new HashSet<>(idOf.values()), this.salesTakenBack, takenFrom);
		}

		/**
		 * The identifiers of an event that a household holds, when the event's holders
		 * need telling apart: it has no first name, or a first name only alike a
		 * holder's.
		 */
		private Set<String> householdHeld(MatchRecord incoming, Collection<Long> live,
				Map<String, ? extends Collection<Long>> heldBy, Map<Long, MatchRecord> profiles) {
			boolean needed = incoming.firstName() == null ? !live.isEmpty() : live.stream()
				.anyMatch(c -> profiles.get(c) != null && !this.rules.sameMember(incoming, profiles.get(c)));
			if (!needed) {
				return Set.of();
			}
			Set<String> household = new HashSet<>();
			heldBy.forEach((identifier, held) -> {
				if (heldByHousehold(identifier, held, profiles)) {
					household.add(identifier);
				}
			});
			return household;
		}

		/**
		 * Whether an identifier (KIND:value) is a household's: a fixed line, which rings
		 * in a home and says which household, not who; or an email or a phone held by
		 * people the family rule tells apart. A card is always one person's.
		 */
		private boolean heldByHousehold(String identifier, Collection<Long> holders, Map<Long, MatchRecord> profiles) {
			if (identifier.startsWith("PHONE:") && PersonMatcher.fixedLine(identifier.substring("PHONE:".length()))) {
				return true;
			}
			return !identifier.startsWith("CARD:") && holders.stream()
				.anyMatch(a -> holders.stream()
					.anyMatch(b -> !a.equals(b) && profiles.get(a) != null && profiles.get(b) != null
							&& this.rules.contradicts(profiles.get(a), profiles.get(b))));
		}

		/**
		 * Whether a named event links a holder only by identifiers its household holds,
		 * and names another member than the holder (first names merely alike: Lou and
		 * Louis).
		 */
		private boolean anotherMember(MatchRecord incoming, MatchRecord profile, Long holder,
				Map<String, ? extends Collection<Long>> heldBy, Set<String> householdHeld) {
			if (incoming.firstName() == null || householdHeld.isEmpty() || this.rules.sameMember(incoming, profile)) {
				return false;
			}
			return heldBy.entrySet()
				.stream()
				.filter(held -> held.getValue().contains(holder))
				.allMatch(held -> householdHeld.contains(held.getKey()));
		}

		/**
		 * Whether a named event links a holder only by an email or phone (no card), one
		 * of the two being a child under 15 whose birth date the other does not give,
		 * named by an initial on one of them (see
		 * {@link PersonMatcher#childBesideAnother}).
		 */
		private boolean childBesideAnother(MatchRecord incoming, MatchRecord profile, Long holder,
				Map<String, ? extends Collection<Long>> heldBy, CanonicalEvent event) {
			return this.rules.childBesideAnother(incoming, profile, event.occurredAt().toLocalDate())
					&& heldBy.entrySet()
						.stream()
						.filter(held -> held.getValue().contains(holder))
						.noneMatch(held -> held.getKey().startsWith("CARD:"));
		}

		/**
		 * Whether a named event would join a customer that records naming no first name
		 * made, whose email, birth date, last name or mobile says they are someone else's
		 * ({@code emmanuelle.morigois@…}, given at a kiosk, then by Philippe Morigois on
		 * his sale): the rule of a record naming nobody and its holder, read the other
		 * way when the record came first.
		 */
		private boolean namesAnother(MatchRecord incoming, MatchRecord profile, CanonicalEvent event) {
			return incoming.firstName() != null && profile.firstName() == null && this.rules.emailOwner(profile,
					incoming, event.occurredAt().toLocalDate()) == PersonMatcher.EmailOwner.ANOTHER;
		}

		/**
		 * The identifiers by which an event naming nobody joined its one customer, or
		 * made a new one of identifiers nobody held (a customer that people giving them
		 * later join), when it may be taken back later: none when it brings anything but
		 * identifiers the customer held (a sale may bring a last name), when its email
		 * names the holder, or when it carries a card. A fixed line, which never
		 * attributes such a record, is left out.
		 * @param customerId the customer it joined, null for a new one
		 */
		private List<String> joinedBy(CanonicalEvent event, MatchRecord incoming, List<ContactIdentifier> identifiers,
				Long customerId, Map<String, ? extends Collection<Long>> heldBy, MatchRecord holder) {
			if (incoming.firstName() != null || identifiers.isEmpty() || !UnnamedAttributions.takeable(event)) {
				return List.of();
			}
			List<String> keys = new ArrayList<>();
			for (ContactIdentifier identifier : identifiers) {
				Collection<Long> held = heldBy.get(identifier.key());
				boolean joined = customerId == null ? held == null || held.isEmpty()
						: held != null && held.contains(customerId);
				if (!links(identifier) || !joined) {
					return List.of();
				}
				if (!(identifier.kind().equals("PHONE") && PersonMatcher.fixedLine(identifier.value()))) {
					keys.add(identifier.key());
				}
			}
			if (keys.isEmpty() || holder != null && this.rules.emailOwner(incoming, holder,
					event.occurredAt().toLocalDate()) == PersonMatcher.EmailOwner.HOLDER) {
				return List.of();
			}
			return keys;
		}

		/**
		 * Whether identifiers (KIND:value) of a record naming nobody name the customer
		 * holding them: an email built from the name the customer bears now (a customer
		 * made by such a record, that its person's named records joined since).
		 */
		private boolean namesHolder(List<String> keys, MatchRecord holder) {
			if (holder == null) {
				return false;
			}
			List<String> emails = keys.stream().filter(k -> k.startsWith("EMAIL:")).map(k -> k.substring(6)).toList();
			List<String> phones = keys.stream().filter(k -> k.startsWith("PHONE:")).map(k -> k.substring(6)).toList();
			MatchRecord record = MatchRecord.of(null, null, null, null, null, null, null, null)
				.withContacts(emails, phones);
			return this.rules.emailOwner(record, holder) == PersonMatcher.EmailOwner.HOLDER;
		}

		/**
		 * The event's emails and phones that it makes a household's: held before it by
		 * people the family rule did not tell apart, one of whom it tells apart from
		 * itself (Julie Martin giving the email Paul Martin alone held).
		 */
		private List<String> newlyHousehold(MatchRecord incoming, Long target, List<ContactIdentifier> linking,
				Map<String, ? extends Collection<Long>> heldBy, Map<Long, MatchRecord> profiles) {
			List<String> household = new ArrayList<>();
			for (ContactIdentifier identifier : linking) {
				Collection<Long> before = heldBy.get(identifier.key());
				if (before == null || identifier.kind().equals("CARD")
						|| before.stream().allMatch(h -> h.equals(target))
						|| heldByHousehold(identifier.key(), before, profiles)) {
					continue;
				}
				if (before.stream()
					.anyMatch(h -> !h.equals(target) && profiles.get(h) != null
							&& this.rules.contradicts(incoming, profiles.get(h)))) {
					household.add(identifier.key());
				}
			}
			return household;
		}

	}

	/**
	 * An identifier now held by more distinct people than allowed is flagged: it links
	 * nobody any more.
	 */
	private void flagOverShared(List<ContactIdentifier> identifiers) {
		List<Map<String, Object>> flagged = this.jdbc.queryForList("""
				insert into identifier_flag (kind, value, reason, holders)
				select i.kind, i.value, 'held by ' || count(*) || ' distinct customers', count(*)
				from customer_identifier i
				join unnest(?::text[], ?::text[]) as e(kind, value) on i.kind = e.kind and i.value = e.value
				-- holders not merged into another (the batch's new customers are written later)
				where not exists (select 1 from customer c where c.id = i.customer_id and c.merged_into is not null)
				group by i.kind, i.value having count(*) > ?
				on conflict (kind, value) do nothing returning kind, value, holders""",
				identifiers.stream().map(ContactIdentifier::kind).toArray(String[]::new),
				identifiers.stream().map(ContactIdentifier::value).toArray(String[]::new),
				this.properties.maxPeoplePerIdentifier());
		flagged
			.forEach(row -> log.warn("Identifier {} {} is held by {} distinct customers: flagged, it no longer links",
					row.get("kind"), Masking.identifier((String) row.get("kind"), (String) row.get("value")),
					row.get("holders")));
	}

	/** Whether an identifier may link records: a card always, else not a placeholder. */
	private boolean links(ContactIdentifier identifier) {
		return identifier.kind().equals("CARD") || !this.identifierRules.blocked(identifier.value());
	}

	/**
	 * A profile as the batch's event leaves it, for the next events of the batch: the
	 * event's values where it has some.
	 */
	private static MatchRecord overlay(MatchRecord profile, MatchRecord event) {
		if (profile == null) {
			return event;
		}
		Set<String> emails = new TreeSet<>(profile.emails());
		emails.addAll(event.emails());
		Set<String> phones = new TreeSet<>(profile.phones());
		phones.addAll(event.phones());
		return new MatchRecord(either(event.firstName(), profile.firstName()),
				either(event.lastName(), profile.lastName()), either(event.birthDate(), profile.birthDate()),
				either(event.streetNumber(), profile.streetNumber()), either(event.street(), profile.street()),
				either(event.locality(), profile.locality()), either(event.postcode(), profile.postcode()),
				either(profile.emailLocalPart(), event.emailLocalPart()), emails, phones);
	}

	private static String either(String first, String second) {
		return first != null ? first : second;
	}

	private String emailOf(Contact contact) {
		return contact == null || contact.email() == null || this.identifierRules.blocked(contact.email()) ? null
				: contact.email();
	}

	private MatchRecord record(Contact contact) {
		if (contact == null) {
			return MatchRecord.of(null, null, null, null, null, null, null, null);
		}
		String email = emailOf(contact);
		String phone = contact.phone() == null || this.identifierRules.blocked(contact.phone()) ? null
				: contact.phone();
		return MatchRecord
			.of(contact.firstName(), contact.lastName(),
					contact.birthDate() == null ? null : contact.birthDate().toString(), contact.streetNumber(),
					contact.street(), contact.locality(), contact.postcode(), null)
			.withContacts(email == null ? List.of() : List.of(email), phone == null ? List.of() : List.of(phone));
	}

	private record Owner(String kind, String value, long customerId) {
	}

}

package com.venuehub.customer;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.MatchScore;
import com.venuehub.customer.matching.MatchSettings;
import com.venuehub.customer.matching.PersonMatcher;
import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.ingest.CanonicalEvent.TicketLine;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.platform.ApiException;
import com.venuehub.platform.Masking;
import com.venuehub.platform.RecordRejectedException;
import com.venuehub.unify.Capability;
import com.venuehub.unify.Fact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one canonical event to the unified store in one database transaction: finds or
 * creates the customer by its identifiers, merges customers the event proves to be one
 * person, applies the profile by survivorship, the consent statements, and what the event
 * brings (tickets, loyalty transactions, kiosk answers), then compares the customer with
 * similar ones (person matcher on blocking keys): merged when certain, proposed as a
 * possible duplicate when likely. One writer at a time per customer: the transaction
 * first takes advisory locks on every identifier and ticket it touches (in a fixed
 * order), then row locks on the customers it found.
 */
@Component("unifier")
public class Unifier {

	private static final Logger log = LoggerFactory.getLogger(Unifier.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final List<Capability> capabilities;

	private final boolean setBased;

	private final Consents consents;

	private final Merges merges;

	private final Survivorship survivorship;

	private final Identifiers identifierRules;

	private final IdentityProperties properties;

	private final MatchSettings settings;

	private final PersonMatcher matcher = new PersonMatcher();

	/** Blocking keys found shared by more than {@code max-block-size} customers. */
	private final Cache<String, Boolean> commonKeys = Caffeine.newBuilder()
		.maximumSize(200_000)
		.expireAfterWrite(Duration.ofMinutes(10))
		.build();

	private final ObjectMapper json;

	private final Erasure erasure;

	private final StoreFrequencies frequencies;

	private final UnverifiedContacts unverified;

	public Unifier(JdbcTemplate jdbc, TransactionTemplate transaction, List<Capability> capabilities, Consents consents,
			Merges merges, Survivorship survivorship, Identifiers identifierRules, IdentityProperties properties,
			UnifyProperties unify, ObjectMapper json, Erasure erasure, StoreFrequencies frequencies,
			UnverifiedContacts unverified) {
		this.jdbc = jdbc;
		this.frequencies = frequencies;
		this.erasure = erasure;
		this.unverified = unverified;
		this.transaction = transaction;
		this.capabilities = List.copyOf(capabilities);
		this.setBased = unify.setBased();
		this.consents = consents;
		this.merges = merges;
		this.survivorship = survivorship;
		this.identifierRules = identifierRules;
		this.properties = properties;
		this.settings = new MatchSettings(properties.mergeThreshold(), properties.reviewThreshold(),
				properties.maxBlockSize());
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
	 * Applies events in as few transactions as possible. The first takes every key the
	 * events touch without waiting: the events whose keys it holds are applied there;
	 * those sharing a key with a batch running side by side (and any later event sharing
	 * a key with them, so that one person's events keep their order) are applied in a
	 * second transaction once the first has committed, waiting for their keys, all taken
	 * in one sorted pass so that no two batches wait on each other in a cycle.
	 */
	public void applyBatch(List<CanonicalEvent> events) {
		List<CanonicalEvent> deferred = this.transaction.execute(status -> {
			List<TreeSet<String>> keysOf = new ArrayList<>(events.size());
			TreeSet<String> all = new TreeSet<>();
			for (CanonicalEvent event : events) {
				TreeSet<String> keys = lockKeys(identifiers(event.contact()), event);
				keysOf.add(keys);
				all.addAll(keys);
			}
			Set<String> busy = tryLock(all);
			List<CanonicalEvent> now = new ArrayList<>(events.size());
			List<CanonicalEvent> later = new ArrayList<>();
			for (int i = 0; i < events.size(); i++) {
				TreeSet<String> keys = keysOf.get(i);
				if (keys.stream().anyMatch(busy::contains)) {
					busy.addAll(keys);
					later.add(events.get(i));
				}
				else {
					now.add(events.get(i));
				}
			}
			applyLocked(now, false);
			return later;
		});
		if (!deferred.isEmpty()) {
			this.transaction.executeWithoutResult(status -> applyLocked(deferred, true));
		}
	}

	/**
	 * Applies the events not applied yet in the current transaction; their keys are
	 * locked here first unless the caller holds them already.
	 */
	private void applyLocked(List<CanonicalEvent> events, boolean lockFirst) {
		if (events.isEmpty()) {
			return;
		}
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
		if (lockFirst) {
			lock(keys);
		}
		List<String> ids = new ArrayList<>();
		List<Long> customers = new ArrayList<>();
		if (this.setBased) {
			applySet(toApply).forEach((id, customerId) -> {
				ids.add(id);
				customers.add(customerId);
			});
		}
		else {
			for (CanonicalEvent event : toApply) {
				Long customerId = applyFresh(event);
				if (customerId != null) {
					ids.add(event.id());
					customers.add(customerId);
				}
			}
		}
		if (!ids.isEmpty()) {
			this.jdbc.update("""
					update processed_event p set customer_id = u.customer_id
					from unnest(?::text[], ?::bigint[]) as u(event_id, customer_id)
					where p.event_id = u.event_id""", ids.toArray(String[]::new), customers.toArray(Long[]::new));
		}
	}

	/**
	 * Applies fresh events, their keys locked, as sets: the events are resolved to their
	 * customers in memory, then written with a few statements per table.
	 * @return the customer of each event that has one, by event id
	 */
	private Map<String, Long> applySet(List<CanonicalEvent> events) {
		Segment segment = new Segment(events);
		segment.resolve();
		return segment.write();
	}

	/**
	 * Events resolved together: one read of the owners of all their identifiers, one of
	 * their profiles, the decisions in memory (an identifier a previous event of the
	 * segment brought counts as held; two customers an event proves one person are merged
	 * at once), then the writes.
	 */
	private final class Segment {

		final List<CanonicalEvent> events;

		final List<Fact> facts = new ArrayList<>();

		/** Live holders of each identifier (KIND:value), known and of this segment. */
		final Map<String, List<Long>> holders = new HashMap<>();

		final Map<Long, MatchRecord> profiles = new HashMap<>();

		Set<List<Long>> rejected = Set.of();

		/** Customers created by the segment, numbered -1, -2… until they are written. */
		int created;

		final List<Object[]> identifierRows = new ArrayList<>();

		final Set<Identifier> overShared = new LinkedHashSet<>();

		Segment(List<CanonicalEvent> events) {
			this.events = events;
		}

		/** Resolves the events in order. */
		void resolve() {
			List<Identifier> linking = new ArrayList<>();
			for (CanonicalEvent event : this.events) {
				identifiers(event.contact()).stream().filter(Unifier.this::links).forEach(linking::add);
			}
			if (!linking.isEmpty()) {
				List<Owner> owners = Unifier.this.jdbc.query("""
						select i.kind, i.value, i.customer_id from customer_identifier i
						join unnest(?::text[], ?::text[]) as e(kind, value) on i.kind = e.kind and i.value = e.value
						where not exists (select 1 from identifier_flag f where f.kind = i.kind and f.value = i.value)
						order by i.customer_id""",
						(rs, n) -> new Owner(rs.getString(1), rs.getString(2), rs.getLong(3)),
						linking.stream().map(Identifier::kind).toArray(String[]::new),
						linking.stream().map(Identifier::value).toArray(String[]::new));
				Map<Long, Long> liveOf = lockCustomers(owners.stream().map(Owner::customerId).distinct().toList());
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
				this.profiles.putAll(Unifier.this.merges.records(live));
				this.rejected = rejectedPairs(live);
			}
			this.events.forEach(this::decide);
		}

		/** Decides the event's customer. */
		void decide(CanonicalEvent event) {
			List<Identifier> identifiers = identifiers(event.contact());
			if (identifiers.isEmpty() && (event.contact() == null || !event.contact().describesPerson())) {
				// no contact, or only a placeholder: anonymous
				this.facts.add(new Fact(event, null));
				return;
			}
			List<Identifier> linking = identifiers.stream().filter(Unifier.this::links).toList();
			List<Long> live = new ArrayList<>();
			for (Identifier identifier : linking) {
				for (Long holder : this.holders.getOrDefault(identifier.key(), List.of())) {
					if (!live.contains(holder)) {
						live.add(holder);
					}
				}
			}
			// the oldest first, then the customers of this segment in the order they came
			live.sort(Comparator.comparing((Long id) -> id < 0).thenComparing(id -> Math.abs(id)));
			MatchRecord incoming = record(event.contact());
			if (incoming.firstName() == null && !live.isEmpty()) {
				// a record without a first name is told apart by its identifiers alone:
				// one
				// that several people of a household hold (their profiles contradict each
				// other) does not say which of them it is
				Set<Long> kept = new HashSet<>();
				for (Identifier identifier : linking) {
					List<Long> held = this.holders.getOrDefault(identifier.key(), List.of());
					boolean household = !identifier.kind().equals("CARD") && held.stream()
						.anyMatch(a -> held.stream()
							.anyMatch(b -> !a.equals(b) && this.profiles.get(a) != null && this.profiles.get(b) != null
									&& Unifier.this.matcher.contradicts(this.profiles.get(a), this.profiles.get(b))));
					if (!household) {
						kept.addAll(held);
					}
				}
				live.retainAll(kept);
				if (live.isEmpty()) {
					// its identifiers are shared by several people, none of them named on
					// it
					this.facts.add(new Fact(event, null));
					return;
				}
			}
			List<Long> chosen = new ArrayList<>();
			for (Long candidate : live) {
				MatchRecord profile = this.profiles.get(candidate);
				if (profile == null || Unifier.this.matcher.contradicts(incoming, profile)) {
					continue;
				}
				boolean agrees = chosen.stream()
					.noneMatch(c -> Unifier.this.matcher.contradicts(this.profiles.get(c), profile)
							|| this.rejected.contains(List.of(c, candidate)));
				if (agrees) {
					chosen.add(candidate);
				}
			}
			long customerId;
			if (chosen.size() > 1) {
				// the event proves them one person: the oldest survives; a known customer
				// is
				// merged in the database now, under the locks the segment holds, one of
				// this
				// segment (not written yet) simply becomes the survivor
				customerId = chosen.get(0);
				for (Long other : chosen.subList(1, chosen.size())) {
					if (other > 0) {
						Identifier link = linking.stream()
							.filter(i -> this.holders.getOrDefault(i.key(), List.of()).contains(other))
							.findFirst()
							.orElse(linking.get(0));
						Unifier.this.merges.merge(customerId, other,
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
			for (Identifier identifier : identifiers) {
				this.identifierRows.add(new Object[] { customerId, identifier, event });
			}
			for (Identifier identifier : linking) {
				List<Long> held = this.holders.computeIfAbsent(identifier.key(), k -> new ArrayList<>());
				if (!held.contains(customerId)) {
					held.add(customerId);
				}
			}
			if (live.size() > chosen.size()) {
				this.overShared.addAll(linking);
			}
			this.facts.add(new Fact(event, customerId));
		}

		/** What the segment holds of a customer merged into another now belongs to it. */
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
		Map<String, Long> write() {
			Map<String, Long> customerOf = new LinkedHashMap<>();
			if (this.facts.isEmpty()) {
				return customerOf;
			}
			// the customers the segment created (and did not merge into another)
			TreeSet<Long> fresh = new TreeSet<>(Comparator.reverseOrder());
			this.facts.stream().map(Fact::customerId).filter(id -> id != null && id < 0).forEach(fresh::add);
			Map<Long, Long> idOf = new HashMap<>();
			if (!fresh.isEmpty()) {
				List<Long> allocated = new ArrayList<>(Unifier.this.jdbc.queryForList("""
						insert into customer (id)
						select nextval(pg_get_serial_sequence('customer', 'id')) from generate_series(1, ?)
						returning id""", Long.class, fresh.size()));
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
				Unifier.this.jdbc.update("""
						insert into customer_identifier (customer_id, kind, value, source, first_seen_at)
						select * from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
						on conflict on constraint customer_identifier_unique do nothing""", rows.stream().map(r -> {
					long id = (Long) r[0];
					return id < 0 ? idOf.get(id) : id;
				}).toArray(Long[]::new), rows.stream().map(r -> ((Identifier) r[1]).kind()).toArray(String[]::new),
						rows.stream().map(r -> ((Identifier) r[1]).value()).toArray(String[]::new),
						rows.stream().map(r -> ((CanonicalEvent) r[2]).source()).toArray(String[]::new),
						rows.stream()
							.map(r -> Timestamp.from(((CanonicalEvent) r[2]).occurredAt().toInstant()))
							.toArray(Timestamp[]::new));
			}
			if (!this.overShared.isEmpty()) {
				flagOverShared(new ArrayList<>(this.overShared));
			}
			applyFacts(this.facts);
			Map<Long, String> compared = new TreeMap<>();
			for (Fact fact : this.facts) {
				if (fact.customerId() != null && fact.event().contact() != null) {
					compared.putIfAbsent(fact.customerId(), fact.event().id());
				}
			}
			Map<Long, Long> survivorOf = compared.isEmpty() ? Map.of() : matchProbabilistically(compared);
			for (Fact fact : this.facts) {
				if (fact.customerId() != null) {
					customerOf.put(fact.event().id(), survivorOf.getOrDefault(fact.customerId(), fact.customerId()));
				}
			}
			return customerOf;
		}

	}

	/** Whether an identifier may link records: a card always, else not a placeholder. */
	private boolean links(Identifier identifier) {
		return identifier.kind().equals("CARD") || !this.identifierRules.blocked(identifier.value());
	}

	/**
	 * A profile as the segment's event leaves it, for the next events of the segment: the
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

	/**
	 * Undoes the last merge of {@code mergedId} into {@code survivorId}, under the same
	 * locks as unify; the pair is then never merged or proposed again.
	 */
	public void unmerge(long survivorId, long mergedId) {
		this.transaction.executeWithoutResult(status -> {
			lockIdentifiersOf(survivorId, mergedId);
			lockCustomers(List.of(survivorId, mergedId));
			Long erased = this.jdbc.query(
					"select id from customer where id in (?, ?) and erased_at is not null order by id limit 1",
					rs -> rs.next() ? rs.getLong(1) : null, survivorId, mergedId);
			if (erased != null) {
				throw new ApiException(HttpStatus.GONE,
						"customer " + erased + " was erased: there is nothing left to give back");
			}
			if (!this.merges.unmerge(survivorId, mergedId)) {
				throw new ApiException(HttpStatus.CONFLICT, "customer " + mergedId + " is not merged into customer "
						+ survivorId + " (or that merge was undone already)");
			}
		});
	}

	/**
	 * Erases the person of this id (a merged id: its survivor, with every customer merged
	 * into it), under the same locks as unify: an event of theirs is applied wholly
	 * before or wholly after, and one after finds nobody and creates a new customer.
	 * @throws ApiException 404 for an unknown id, 410 when the person was erased already
	 */
	public Erasure.Receipt erase(long id, String erasedBy, String reference) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.transaction.execute(status -> {
					List<Long> cluster = clusterOf(id);
					lockIdentifiersOf(cluster.stream().mapToLong(Long::longValue).toArray());
					Long survivor = lockCustomers(List.of(id)).get(id);
					List<Long> locked = this.jdbc.queryForList(
							"select id from customer where id = ? or merged_into = ? order by id for update",
							Long.class, survivor, survivor);
					if (!locked.equals(cluster)) {
						// merged or unmerged meanwhile: the identifiers of the person as
						// it is now
						lockIdentifiersOf(locked.stream().mapToLong(Long::longValue).toArray());
					}
					this.erasure.checkNotErased(survivor);
					return this.erasure.erase(survivor, id, locked, erasedBy, reference);
				});
			}
			catch (org.springframework.dao.TransientDataAccessException ex) {
				// a deadlock with a unify batch that took the same keys in another order
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

	/** The customers of the person this id belongs to, survivor first. */
	private List<Long> clusterOf(long id) {
		List<Long> survivor = this.jdbc.queryForList("select coalesce(merged_into, id) from customer where id = ?",
				Long.class, id);
		if (survivor.isEmpty()) {
			throw new ApiException(HttpStatus.NOT_FOUND, "no customer " + id);
		}
		return this.jdbc.queryForList("select id from customer where id = ? or merged_into = ? order by id", Long.class,
				survivor.get(0), survivor.get(0));
	}

	/**
	 * Lifts the flag of an identifier, under unify's lock on it. Only once one person at
	 * most holds it: while several do, the next record carrying it would merge every
	 * holder it does not contradict, the very merges the flag prevented.
	 * @return how many people hold it (0 or 1)
	 * @throws ApiException 404 when it is not flagged, 409 while several people hold it
	 */
	public int unflag(String kind, String value) {
		return this.transaction.execute(status -> {
			lock(new TreeSet<>(List.of(kind + ":" + value)));
			List<Integer> flagged = this.jdbc.queryForList(
					"select holders from identifier_flag where kind = ? and value = ? for update", Integer.class, kind,
					value);
			if (flagged.isEmpty()) {
				throw new ApiException(HttpStatus.NOT_FOUND,
						"this " + kind.toLowerCase(java.util.Locale.ROOT) + " is not flagged");
			}
			int held = this.jdbc.queryForObject("""
					select count(distinct coalesce(c.merged_into, c.id)) from customer_identifier i
					join customer c on c.id = i.customer_id where i.kind = ? and i.value = ?""", Integer.class, kind,
					value);
			if (held > 1) {
				throw new ApiException(HttpStatus.CONFLICT, "this " + kind.toLowerCase(java.util.Locale.ROOT)
						+ " is held by " + held
						+ " customers: lifting the flag would let the next record carrying it merge them; merge the "
						+ "ones that are one person, or erase the others, first");
			}
			this.jdbc.update("delete from identifier_flag where kind = ? and value = ?", kind, value);
			log.info("Flag lifted from {} {} (held by {} customer(s))", kind, Masking.identifier(kind, value), held);
			return held;
		});
	}

	/**
	 * A person confirms a possible duplicate: the two customers are merged (rule MANUAL).
	 */
	public long confirmDuplicate(long pairId) {
		return this.transaction.execute(status -> {
			Map<String, Object> pair = openPair(pairId);
			long a = ((Number) pair.get("customer_a")).longValue();
			long b = ((Number) pair.get("customer_b")).longValue();
			lockIdentifiersOf(a, b);
			Map<Long, Long> liveOf = lockCustomers(List.of(a, b));
			Long liveA = liveOf.get(a);
			Long liveB = liveOf.get(b);
			this.jdbc.update("update duplicate_pair set status = 'CONFIRMED', decided_at = now() where id = ?", pairId);
			if (liveA == null || liveB == null || liveA.equals(liveB)) {
				return liveA != null ? liveA : liveB;
			}
			Map<String, Double> fields;
			try {
				fields = this.json.readValue(String.valueOf(pair.get("fields")),
						this.json.getTypeFactory().constructMapType(Map.class, String.class, Double.class));
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException(ex);
			}
			long survivor = Math.min(liveA, liveB);
			this.merges.merge(survivor, Math.max(liveA, liveB),
					new Merges.Explanation("MANUAL", null, null, ((Number) pair.get("score")).doubleValue(), fields),
					"duplicate:" + pairId);
			return survivor;
		});
	}

	/**
	 * A person says a possible duplicate is two people: never proposed or merged again.
	 */
	public void rejectDuplicate(long pairId) {
		this.transaction.executeWithoutResult(status -> {
			openPair(pairId);
			this.jdbc.update("update duplicate_pair set status = 'REJECTED', decided_at = now() where id = ?", pairId);
		});
	}

	private Map<String, Object> openPair(long pairId) {
		List<Map<String, Object>> pairs = this.jdbc.queryForList(
				"select customer_a, customer_b, score, fields::text as fields, status from duplicate_pair where id = ? "
						+ "for update",
				pairId);
		if (pairs.isEmpty()) {
			throw new ApiException(HttpStatus.NOT_FOUND, "no possible duplicate " + pairId);
		}
		if (!"OPEN".equals(pairs.get(0).get("status"))) {
			throw new ApiException(HttpStatus.CONFLICT,
					"possible duplicate " + pairId + " was decided already: " + pairs.get(0).get("status"));
		}
		return pairs.get(0);
	}

	/**
	 * The advisory locks unify takes for these customers' identifiers: one writer at a
	 * time.
	 */
	private void lockIdentifiersOf(long... customers) {
		TreeSet<String> keys = new TreeSet<>(this.jdbc.queryForList(
				"select kind || ':' || value from customer_identifier where customer_id = any (?)", String.class,
				(Object) Arrays.stream(customers).boxed().toArray(Long[]::new)));
		lock(keys);
	}

	/** Reads a canonical event from its JSON form on the queue. */
	public CanonicalEvent read(String body) {
		try {
			return this.json.readValue(body, CanonicalEvent.class);
		}
		catch (JsonProcessingException ex) {
			throw new RecordRejectedException(
					"the event on the queue is not a canonical event: " + ex.getOriginalMessage(), ex);
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

	/**
	 * Applies an event not seen before; its keys are locked. Answers its customer, if
	 * any.
	 */
	private Long applyFresh(CanonicalEvent event) {
		List<Identifier> identifiers = identifiers(event.contact());
		Long customerId = null;
		// a name or a value the person typed, even unusable, is someone to keep; a record
		// with no contact, or only a placeholder, stays anonymous
		if (!identifiers.isEmpty() || (event.contact() != null && event.contact().describesPerson())) {
			customerId = resolve(identifiers, event);
		}
		Fact fact = new Fact(event, customerId);
		applyFacts(List.of(fact));
		if (fact.customerId() != null && event.contact() != null) {
			// after what the event brought is in place, so that a merge it causes moves
			// it and can be undone
			return matchProbabilistically(Map.of(fact.customerId(), event.id())).getOrDefault(fact.customerId(),
					fact.customerId());
		}
		return fact.customerId();
	}

	/**
	 * What resolved events bring, customers known: their profile values and consents,
	 * their unverified contact values (before matching, so that a merge it causes moves
	 * them and can be undone), then every capability in turn.
	 */
	private void applyFacts(List<Fact> facts) {
		this.survivorship.challengeWithEvents(facts);
		this.consents.apply(facts);
		this.unverified.record(facts);
		for (Capability capability : this.capabilities) {
			capability.apply(facts);
		}
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
	private Set<String> tryLock(TreeSet<String> keys) {
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

	private void lock(TreeSet<String> keys) {
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
	 * Finds the customer of the event's identifiers. An identifier is proof only between
	 * profiles that do not contradict each other (different first names and different
	 * birth dates are two people): the event joins the oldest holder it agrees with, and
	 * merges the other holders that agree with it and with each other. Placeholders,
	 * flagged identifiers and pairs a person rejected never link. The identifiers are
	 * recorded on the customer, shared or not. With no identifier (a name, an unverified
	 * value), the event's customer is a new one, compared with similar ones afterwards.
	 */
	private Long resolve(List<Identifier> identifiers, CanonicalEvent event) {
		List<Identifier> linking = identifiers.stream()
			.filter(i -> i.kind().equals("CARD") || !this.identifierRules.blocked(i.value()))
			.toList();
		List<Owner> owners = List.of();
		if (!linking.isEmpty()) {
			owners = this.jdbc.query("""
					select i.kind, i.value, i.customer_id from customer_identifier i
					join unnest(?::text[], ?::text[]) as e(kind, value) on i.kind = e.kind and i.value = e.value
					where not exists (select 1 from identifier_flag f where f.kind = i.kind and f.value = i.value)
					order by i.customer_id""", (rs, n) -> new Owner(rs.getString(1), rs.getString(2), rs.getLong(3)),
					linking.stream().map(Identifier::kind).toArray(String[]::new),
					linking.stream().map(Identifier::value).toArray(String[]::new));
		}
		Map<Long, Long> liveOf = lockCustomers(owners.stream().map(Owner::customerId).toList());
		TreeSet<Long> live = new TreeSet<>(liveOf.values());
		Map<Long, MatchRecord> profiles = this.merges.records(live);
		MatchRecord incoming = record(event.contact());
		if (incoming.firstName() == null && !live.isEmpty()) {
			// a record without a first name is told apart by its identifiers alone: one
			// that several people of a household hold (their profiles contradict each
			// other) does not say which of them it is
			live = unambiguousHolders(owners, liveOf, profiles);
			if (live.isEmpty()) {
				log.debug("Event {}: its identifiers are shared by several people, none of them named on it: "
						+ "applied without a customer", event.id());
				return null;
			}
		}
		Set<List<Long>> rejected = rejectedPairs(live);
		List<Long> chosen = new ArrayList<>();
		for (Long candidate : live) {
			MatchRecord profile = profiles.get(candidate);
			if (profile == null || this.matcher.contradicts(incoming, profile)) {
				continue;
			}
			boolean agrees = chosen.stream()
				.noneMatch(c -> this.matcher.contradicts(profiles.get(c), profile)
						|| rejected.contains(List.of(c, candidate)));
			if (agrees) {
				chosen.add(candidate);
			}
		}
		long customerId;
		if (chosen.isEmpty()) {
			customerId = this.jdbc.queryForObject("insert into customer default values returning id", Long.class);
		}
		else {
			// the oldest customer survives: ids are stable whatever the order events
			// arrive in
			customerId = chosen.get(0);
			for (Long other : chosen.subList(1, chosen.size())) {
				Owner link = owners.stream()
					.filter(o -> other.equals(liveOf.get(o.customerId())))
					.findFirst()
					.orElse(owners.get(0));
				this.merges.merge(customerId, other, Merges.Explanation.shared(link.kind(), link.value()), event.id());
			}
		}
		this.jdbc.update("""
				insert into customer_identifier (customer_id, kind, value, source, first_seen_at)
				select ?, kind, value, ?, ? from unnest(?::text[], ?::text[]) as e(kind, value)
				on conflict on constraint customer_identifier_unique do nothing""", customerId, event.source(),
				Timestamp.from(event.occurredAt().toInstant()),
				identifiers.stream().map(Identifier::kind).toArray(String[]::new),
				identifiers.stream().map(Identifier::value).toArray(String[]::new));
		if (live.size() > chosen.size()) {
			flagOverShared(linking);
		}
		return customerId;
	}

	/**
	 * The holders of the identifiers that only one person holds, or several customers of
	 * one person (no two holders of it contradict each other); a card is always one
	 * person's.
	 */
	private TreeSet<Long> unambiguousHolders(List<Owner> owners, Map<Long, Long> liveOf,
			Map<Long, MatchRecord> profiles) {
		Map<String, Set<Long>> holdersOf = new HashMap<>();
		for (Owner owner : owners) {
			Long live = liveOf.get(owner.customerId());
			if (live != null) {
				holdersOf.computeIfAbsent(owner.kind() + ":" + owner.value(), k -> new TreeSet<>()).add(live);
			}
		}
		TreeSet<Long> kept = new TreeSet<>();
		holdersOf.forEach((identifier, holders) -> {
			boolean household = !identifier.startsWith("CARD:") && holders.stream()
				.anyMatch(a -> holders.stream()
					.anyMatch(b -> a < b && profiles.get(a) != null && profiles.get(b) != null
							&& this.matcher.contradicts(profiles.get(a), profiles.get(b))));
			if (!household) {
				kept.addAll(holders);
			}
		});
		return kept;
	}

	/**
	 * An identifier now held by more distinct people than allowed is flagged: it links
	 * nobody any more.
	 */
	private void flagOverShared(List<Identifier> identifiers) {
		List<Map<String, Object>> flagged = this.jdbc.queryForList("""
				insert into identifier_flag (kind, value, reason, holders)
				select i.kind, i.value, 'held by ' || count(*) || ' distinct customers', count(*)
				from customer_identifier i join customer c on c.id = i.customer_id and c.merged_into is null
				join unnest(?::text[], ?::text[]) as e(kind, value) on i.kind = e.kind and i.value = e.value
				group by i.kind, i.value having count(*) > ?
				on conflict (kind, value) do nothing returning kind, value, holders""",
				identifiers.stream().map(Identifier::kind).toArray(String[]::new),
				identifiers.stream().map(Identifier::value).toArray(String[]::new),
				this.properties.maxPeoplePerIdentifier());
		flagged
			.forEach(row -> log.warn("Identifier {} {} is held by {} distinct customers: flagged, it no longer links",
					row.get("kind"), Masking.identifier((String) row.get("kind"), (String) row.get("value")),
					row.get("holders")));
	}

	/**
	 * Compares each customer with the customers sharing a blocking key with its profile
	 * (blocks too common to tell anything skipped, candidates capped): at or above the
	 * merge threshold they are merged into the oldest, between the thresholds the pair is
	 * proposed as a possible duplicate. The customers of a whole batch are compared with
	 * a few statements: their match keys refreshed in one, their candidates found in one,
	 * every profile read in one, the proposals written in one; a merge (rare) locks and
	 * scores its customers again one at a time.
	 * @param eventOf the customers to compare, each with the event that brought it here
	 * @return the customer each one belongs to afterwards, for those merged away
	 */
	private Map<Long, Long> matchProbabilistically(Map<Long, String> eventOf) {
		Map<Long, Long> survivorOf = new HashMap<>();
		Map<Long, Set<String>> keysOf = this.merges.refreshKeys(eventOf.keySet());
		// a key known to be too common is not walked again: a block only grows, but for
		// merges and erasures, and what is remembered is forgotten after a while
		// the keys counting names and places are not blocks
		Set<String> open = new TreeSet<>();
		keysOf.values()
			.forEach(keys -> keys.stream()
				.filter(key -> !key.startsWith("tf|") && this.commonKeys.getIfPresent(key) == null)
				.forEach(open::add));
		if (open.isEmpty()) {
			return survivorOf;
		}
		// per key, one walk of its index up to one row past the limit: a common key (a
		// postcode, a frequent name) costs no more than a rare one, and the cost does not
		// grow with the number of customers; a key too common answers one row without a
		// customer
		Map<String, List<Long>> holdersOf = new HashMap<>();
		this.jdbc.query("""
				select b.key, case when s.n <= ? then s.customer_id end from unnest(?::text[]) as b(key)
				cross join lateral (
				    select m.customer_id, count(*) over () as n, row_number() over () as r from (
				        select customer_id from customer_match_key m where m.key = b.key limit ? + 1) m) s
				where s.n <= ? or s.r = 1""", rs -> {
			long candidate = rs.getLong(2);
			if (rs.wasNull()) {
				this.commonKeys.put(rs.getString(1), Boolean.TRUE);
			}
			else {
				holdersOf.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(candidate);
			}
		}, this.properties.maxBlockSize(), open.toArray(String[]::new), this.properties.maxBlockSize(),
				this.properties.maxBlockSize());
		Map<Long, List<Long>> candidatesOf = new TreeMap<>();
		Set<Long> everyone = new TreeSet<>(eventOf.keySet());
		keysOf.forEach((customerId, keys) -> {
			TreeSet<Long> found = new TreeSet<>();
			keys.forEach(key -> found.addAll(holdersOf.getOrDefault(key, List.of())));
			found.remove(customerId);
			List<Long> candidates = found.stream().limit(this.properties.maxCandidates()).toList();
			if (!candidates.isEmpty()) {
				candidatesOf.put(customerId, candidates);
				everyone.addAll(candidates);
			}
		});
		if (candidatesOf.isEmpty()) {
			return survivorOf;
		}
		Map<Long, MatchRecord> profiles = this.merges.records(everyone);
		Set<List<Long>> rejected = rejectedPairs(everyone);
		PersonMatcher scorer = new PersonMatcher(this.frequencies.of(profiles.values()));
		Map<Long, TreeSet<Long>> toMerge = new TreeMap<>();
		List<Proposal> proposals = new ArrayList<>();
		candidatesOf.forEach((customerId, candidates) -> {
			MatchRecord me = profiles.get(customerId);
			if (me == null) {
				return;
			}
			for (Long candidate : candidates) {
				MatchRecord profile = profiles.get(candidate);
				if (profile == null || rejected.contains(ordered(customerId, candidate))
						|| this.matcher.rulesOut(me, profile)) {
					continue;
				}
				MatchScore score = scorer.score(me, profile);
				switch (this.settings.decide(score)) {
					case MERGE -> toMerge.computeIfAbsent(customerId, k -> new TreeSet<>()).add(candidate);
					case REVIEW ->
						proposals.add(new Proposal(ordered(customerId, candidate), score, eventOf.get(customerId)));
					case DISTINCT -> {
					}
				}
			}
		});
		propose(proposals);
		toMerge.forEach((customerId, candidates) -> {
			long survivor = mergeAgreeing(customerId, candidates, scorer, eventOf.get(customerId));
			if (survivor != customerId) {
				survivorOf.put(customerId, survivor);
			}
		});
		return survivorOf;
	}

	/**
	 * Merges the customer with those of its candidates that still agree with it, and with
	 * each other, once their rows are locked and their profiles read again.
	 * @return the customer it belongs to afterwards
	 */
	private long mergeAgreeing(long customerId, Set<Long> candidates, PersonMatcher scorer, String eventId) {
		// lock in id order, then score again against what is there now
		TreeSet<Long> toMerge = new TreeSet<>(candidates);
		toMerge.add(customerId);
		Map<Long, Long> liveOf = lockCustomers(new ArrayList<>(toMerge));
		if (!Long.valueOf(customerId).equals(liveOf.get(customerId))) {
			// merged away meanwhile (by a pair of the same batch)
			Long live = liveOf.get(customerId);
			return live == null ? customerId : live;
		}
		TreeSet<Long> locked = new TreeSet<>(liveOf.values());
		Map<Long, MatchRecord> fresh = this.merges.records(locked);
		MatchRecord mine = fresh.get(customerId);
		List<Long> agreeing = new ArrayList<>();
		Map<Long, MatchScore> scores = new HashMap<>();
		for (Long other : locked) {
			MatchRecord profile = fresh.get(other);
			if (other == customerId || profile == null || mine == null || this.matcher.rulesOut(mine, profile)) {
				continue;
			}
			MatchScore score = scorer.score(mine, profile);
			if (this.settings.decide(score) == MatchSettings.Decision.MERGE) {
				agreeing.add(other);
				scores.put(other, score);
			}
		}
		// the customers merged together must agree with each other too, not only with
		// the event's customer: never two people a person told apart or the family rule
		// separates
		Set<List<Long>> rejectedNow = rejectedPairs(locked);
		List<Long> together = new ArrayList<>(List.of(customerId));
		for (Long other : agreeing) {
			if (together.stream()
				.noneMatch(kept -> rejectedNow.contains(ordered(kept, other))
						|| (kept != customerId && this.matcher.rulesOut(fresh.get(kept), fresh.get(other))))) {
				together.add(other);
			}
		}
		agreeing = together;
		if (agreeing.size() < 2) {
			return customerId;
		}
		Collections.sort(agreeing);
		long survivor = agreeing.get(0);
		for (Long other : agreeing.subList(1, agreeing.size())) {
			// explained by the score of the pair the event's customer is in
			MatchScore score = scores.get(other == customerId ? survivor : other);
			this.merges.merge(survivor, other,
					new Merges.Explanation("PROBABILISTIC", null, null, score.score(), score.fields()), eventId);
		}
		return survivor;
	}

	/** Possible duplicates, written in one statement; a pair proposed before is kept. */
	private void propose(List<Proposal> proposals) {
		if (proposals.isEmpty()) {
			return;
		}
		List<String> fields = new ArrayList<>(proposals.size());
		for (Proposal proposal : proposals) {
			try {
				fields.add(this.json.writeValueAsString(proposal.score().fields()));
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		this.jdbc.query("""
				insert into duplicate_pair (customer_a, customer_b, score, fields, event_id)
				select a, b, s, f::jsonb, e from unnest(?::bigint[], ?::bigint[], ?::float8[], ?::text[], ?::text[])
				     as p(a, b, s, f, e)
				on conflict on constraint duplicate_pair_once do nothing
				returning customer_a, customer_b, score""", rs -> {
			log.info("Possible duplicate: customers {} and {} (score {})", rs.getLong(1), rs.getLong(2),
					rs.getDouble(3));
		}, proposals.stream().map(p -> p.pair().get(0)).toArray(Long[]::new),
				proposals.stream().map(p -> p.pair().get(1)).toArray(Long[]::new),
				proposals.stream().map(p -> p.score().score()).toArray(Double[]::new), fields.toArray(String[]::new),
				proposals.stream().map(Proposal::eventId).toArray(String[]::new));
	}

	private record Proposal(List<Long> pair, MatchScore score, String eventId) {
	}

	/**
	 * Pairs of these customers a person said are two people, each as [lower id, higher
	 * id]. A rejection follows merges: it holds between the customers each side was
	 * merged into since (and, after an unmerge, between the two again).
	 */
	private Set<List<Long>> rejectedPairs(Set<Long> customers) {
		if (customers.size() < 2) {
			return Set.of();
		}
		Long[] ids = customers.toArray(Long[]::new);
		return new HashSet<>(this.jdbc.query("""
				with member as (
				    select id, coalesce(merged_into, id) as live from customer
				    where id = any (?) or merged_into = any (?))
				select distinct least(a.live, b.live), greatest(a.live, b.live)
				from duplicate_pair p join member a on a.id = p.customer_a join member b on b.id = p.customer_b
				where p.status = 'REJECTED' and a.live <> b.live""", (rs, n) -> List.of(rs.getLong(1), rs.getLong(2)),
				ids, ids));
	}

	private static List<Long> ordered(long a, long b) {
		return a < b ? List.of(a, b) : List.of(b, a);
	}

	private static Set<Long> union(Set<Long> ids, long id) {
		Set<Long> all = new TreeSet<>(ids);
		all.add(id);
		return all;
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

	/**
	 * Locks the customers' rows in id order, following any merge; answers the live
	 * customer of each. The lock excludes every other writer of the row, but not the
	 * key-share locks of foreign keys: a reminder pass writing messages for a customer
	 * does not hold unify up.
	 */
	private Map<Long, Long> lockCustomers(List<Long> ids) {
		Map<Long, Long> next = new HashMap<>();
		Set<Long> live = new HashSet<>();
		List<Long> toLock = new ArrayList<>(new TreeSet<>(ids));
		while (!toLock.isEmpty()) {
			List<long[]> rows = this.jdbc.query(
					"select id, coalesce(merged_into, 0) from customer where id = any (?) order by id for no key update",
					(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }, (Object) toLock.toArray(Long[]::new));
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

	private record Identifier(String kind, String value) {

		String key() {
			return this.kind + ":" + this.value;
		}

	}

	private record Owner(String kind, String value, long customerId) {
	}

}

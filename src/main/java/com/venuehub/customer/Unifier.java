package com.venuehub.customer;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.platform.ApiException;
import com.venuehub.platform.Failures;
import com.venuehub.platform.Masking;
import com.venuehub.platform.RecordRejectedException;
import com.venuehub.unify.Capability;
import com.venuehub.unify.Fact;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The unify pipeline: applies canonical events to the unified store in as few database
 * transactions as possible. For a batch it takes the locks ({@link UnifyLocks}), records
 * the events as processed (each once), resolves them to their customers
 * ({@link IdentityResolver}), applies their profile values, consents and unverified
 * contact values, hands the batch to every {@link Capability} (tickets, loyalty, kiosk
 * answers), then compares the customers it touched with similar ones
 * ({@link DuplicateDecisions}). It also runs the identity commands (unmerge, erasure,
 * lifting a flag, deciding a possible duplicate) under the same locks.
 */
@Component("unifier")
public class Unifier {

	private static final Logger log = LoggerFactory.getLogger(Unifier.class);

	/** Attempts at a merge a batch left for later; the last waits for its customers. */
	private static final int POSTPONED_ATTEMPTS = 5;

	/** PostgreSQL's SQL state for a lock not obtained within {@code lock_timeout}. */
	private static final String LOCK_TIMEOUT = "55P03";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final List<Capability> capabilities;

	private final Consents consents;

	private final Survivorship survivorship;

	private final UnverifiedContacts unverified;

	private final IdentityResolver resolver;

	private final DuplicateDecisions duplicates;

	private final UnifyLocks locks;

	private final Merges merges;

	private final Erasure erasure;

	private final ObjectMapper json;

	/** Merges a batch left until its first transaction had committed. */
	private final Counter mergesPostponed;

	/** Batches applied waiting for their keys, as a whole, for a merge's rows held. */
	private final Counter batchesWaiting;

	/** Merges left for later that the sweep took up, their batch not having made them. */
	private final Counter mergesResumed;

	Unifier(JdbcTemplate jdbc, TransactionTemplate transaction, List<Capability> capabilities, Consents consents,
			Survivorship survivorship, UnverifiedContacts unverified, IdentityResolver resolver,
			DuplicateDecisions duplicates, UnifyLocks locks, Merges merges, Erasure erasure, ObjectMapper json,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.capabilities = List.copyOf(capabilities);
		this.consents = consents;
		this.survivorship = survivorship;
		this.unverified = unverified;
		this.resolver = resolver;
		this.duplicates = duplicates;
		this.locks = locks;
		this.merges = merges;
		this.erasure = erasure;
		this.json = json;
		this.mergesPostponed = meters.counter("hub.unify.merges.postponed");
		this.batchesWaiting = meters.counter("hub.unify.batches.waiting");
		this.mergesResumed = meters.counter("hub.unify.merges.resumed");
	}

	/**
	 * Applies one event given as JSON (a batch's events one by one, when the batch held
	 * one that cannot be applied): as a batch of one, so that one path decides every
	 * event.
	 */
	public void apply(String body) {
		applyBatch(List.of(read(body)));
	}

	/**
	 * Applies events in as few transactions as possible. The first takes every key the
	 * events touch, and the customers holding their identifiers, without waiting: the
	 * events whose keys and customers it holds are applied there; those sharing a key
	 * with a batch running side by side (and any later event sharing a key with them, so
	 * that one person's events keep their order) are applied in a second transaction once
	 * the first has committed, waiting for their keys, all taken in one sorted pass so
	 * that no two batches wait on each other in a cycle. The first never waits for a lock
	 * for long: an event merging customers whose rows another batch holds, or a row held
	 * for longer than half PostgreSQL's {@code deadlock_timeout}, sends the whole batch
	 * to the second. Neither waits for a merge found by comparing whose customers or rows
	 * another batch holds: it is made afterwards, in a transaction of its own.
	 */
	public void applyBatch(List<CanonicalEvent> events) {
		// merges of customers another batch holds, made once the first transaction has
		// committed
		Map<Long, String> postponed = new TreeMap<>();
		List<CanonicalEvent> deferred;
		try {
			deferred = applyWithoutWaiting(events, postponed);
		}
		catch (RuntimeException ex) {
			// an identifier the batch brings merges customers whose rows another batch
			// holds, or the batch writes a row another transaction holds: the batch is
			// applied waiting for its keys, as a whole
			if (!(ex instanceof UnifyLocks.RowsHeld) && !LOCK_TIMEOUT.equals(sqlState(ex))) {
				throw ex;
			}
			log.debug("Unify batch applied waiting for its keys: {}",
					ex instanceof UnifyLocks.RowsHeld ? ex.getMessage() : Failures.summary(ex));
			this.batchesWaiting.increment();
			postponed.clear();
			deferred = events;
		}
		if (!deferred.isEmpty()) {
			List<CanonicalEvent> waiting = deferred;
			this.transaction.executeWithoutResult(status -> applyLocked(waiting, true, null, postponed));
		}
		if (!postponed.isEmpty()) {
			this.mergesPostponed.increment(postponed.size());
			try {
				mergePostponed(postponed);
			}
			catch (RuntimeException ex) {
				// the batch is committed and its merges written down: the sweep makes
				// them
				log.warn("Unify could not make {} merge(s) its batch left for later ({}); the sweep makes them",
						postponed.size(), Failures.summary(ex));
			}
		}
	}

	/**
	 * Makes the merges left for later that no batch made: their customers stayed held
	 * through the batch's attempts, or the batch's hub stopped, lost its database or
	 * failed between the batch and its merges. Those written down more than
	 * {@code olderThanMs} ago are taken, a thousand at a time, so that a batch's own
	 * attempts are left to it.
	 * @return the merges compared again
	 */
	public int mergeLeftOver(long olderThanMs) {
		Map<Long, String> left = new TreeMap<>();
		this.jdbc.query("""
				select customer_id, event_id from unify_pending_merge
				where since < now() - make_interval(secs => ? / 1000.0) order by customer_id limit 1000""",
				(RowCallbackHandler) rs -> {
					left.put(rs.getLong(1), rs.getString(2));
				}, olderThanMs);
		if (left.isEmpty()) {
			return 0;
		}
		log.info("Unify makes {} merge(s) left for later by a batch that could not make them", left.size());
		this.mergesResumed.increment(left.size());
		mergePostponed(left);
		return left.size();
	}

	/**
	 * Makes the merges a batch left for later, each attempt in a transaction of its own
	 * that waits only for the batch's own customers, in one sorted pass: the merges whose
	 * other customers or rows are still held are tried again a little later. The last
	 * attempt waits for them, but for less time than PostgreSQL lets pass before it looks
	 * for a deadlock, so that this wait never closes a cycle; those still held then are
	 * left, written down, to the sweep ({@link #mergeLeftOver(long)}).
	 */
	private void mergePostponed(Map<Long, String> postponed) {
		Map<Long, String> left = postponed;
		for (int attempt = 1; !left.isEmpty(); attempt++) {
			boolean last = attempt == POSTPONED_ATTEMPTS;
			Map<Long, String> toMerge = left;
			try {
				left = this.transaction.execute(status -> comparePostponed(toMerge, last));
			}
			catch (RuntimeException ex) {
				// any other failure (a deadlock among them) is logged by the caller
				if (!last || !LOCK_TIMEOUT.equals(sqlState(ex))) {
					throw ex;
				}
				log.debug("Unify leaves {} merge(s) to the sweep, their customers or rows still held: {}",
						toMerge.size(), Failures.summary(ex));
				return;
			}
			if (!left.isEmpty()) {
				UnifyConsumers.pause(10L * attempt);
			}
		}
	}

	/**
	 * The first transaction of a batch: applies the events whose keys and customers are
	 * free without waiting for any lock; answers the others.
	 */
	private List<CanonicalEvent> applyWithoutWaiting(List<CanonicalEvent> events, Map<Long, String> postponed) {
		return this.transaction.execute(status -> {
			// a row it writes that another transaction holds (a ticket a merge moves, an
			// outbox message being sent) is waited for a little, then the batch gives way
			boundLockWaits();
			List<TreeSet<String>> keysOf = new ArrayList<>(events.size());
			TreeSet<String> all = new TreeSet<>();
			for (CanonicalEvent event : events) {
				TreeSet<String> keys = UnifyLocks.keysOf(event);
				keysOf.add(keys);
				all.addAll(keys);
			}
			Set<String> busy = this.locks.tryLock(all);
			// the customers of the events whose keys are free, locked now if no other
			// batch holds them
			List<ContactIdentifier> free = new ArrayList<>();
			for (int i = 0; i < events.size(); i++) {
				if (keysOf.get(i).stream().noneMatch(busy::contains)) {
					free.addAll(ContactIdentifier.of(events.get(i).contact()));
				}
			}
			UnifyLocks.Holders holders = this.locks.tryLockHolders(free);
			busy.addAll(holders.busy());
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
			applyLocked(now, false, holders.locked(), postponed);
			return later;
		});
	}

	/** The SQL state of the first database failure behind {@code ex}, or null. */
	private static String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return null;
	}

	/**
	 * Bounds every lock wait of the current transaction to half PostgreSQL's
	 * {@code deadlock_timeout}: such a wait gives up ({@code 55P03}) before PostgreSQL
	 * would look for a deadlock, so it never closes a cycle with another transaction.
	 */
	private void boundLockWaits() {
		this.jdbc.queryForObject(
				"""
						select set_config('lock_timeout',
						       greatest(1, (extract(epoch from current_setting('deadlock_timeout')::interval) * 500)::int) || 'ms',
						       true)""",
				String.class);
	}

	/**
	 * Compares again the customers whose merge a batch left for later, their rows locked
	 * first; with {@code wait}, waiting for the customers they would merge and the rows
	 * the merge moves, for half PostgreSQL's {@code deadlock_timeout} at most (SQL state
	 * {@code 55P03} then).
	 * @return those whose merge is left for later again (none when waiting)
	 */
	private Map<Long, String> comparePostponed(Map<Long, String> postponed, boolean wait) {
		Map<Long, Long> liveOf = this.locks.lockCustomers(new ArrayList<>(postponed.keySet()));
		if (wait) {
			boundLockWaits();
		}
		Map<Long, String> live = new TreeMap<>();
		postponed.forEach((customerId, eventId) -> {
			Long current = liveOf.get(customerId);
			if (current != null) {
				live.putIfAbsent(current, eventId);
			}
		});
		Map<Long, String> left = live.isEmpty() ? Map.of() : this.duplicates.compare(live, wait).postponed();
		Set<Long> done = new TreeSet<>(postponed.keySet());
		done.addAll(live.keySet());
		this.jdbc.update("delete from unify_pending_merge where customer_id = any (?)",
				(Object) done.toArray(Long[]::new));
		writeDown(left);
		return left;
	}

	/**
	 * Writes down merges left for later in the transaction that leaves them, so that they
	 * are made even if the attempts after it fail.
	 */
	private void writeDown(Map<Long, String> postponed) {
		if (postponed.isEmpty()) {
			return;
		}
		this.jdbc.update("""
				insert into unify_pending_merge (customer_id, event_id)
				select * from unnest(?::bigint[], ?::text[]) on conflict (customer_id) do nothing""",
				postponed.keySet().toArray(Long[]::new), postponed.values().toArray(String[]::new));
	}

	/**
	 * Applies the events not applied yet in the current transaction, as sets; their keys
	 * are locked here first unless the caller holds them already. Each applied event's
	 * row is written once, its customer known, at the end: the events already applied are
	 * read first, once their keys are held, so that a redelivered event is skipped.
	 * Should another consumer apply one of them meanwhile (the same event published
	 * twice, without keys to lock), the insert finds its row, and the whole batch is
	 * rolled back and tried again, which then skips it. {@code holders}: the holders of
	 * the events' identifiers the caller locked, or null to read them. {@code postponed}:
	 * where merges of customers another transaction holds are left, not made.
	 */
	private void applyLocked(List<CanonicalEvent> events, boolean lockFirst, List<UnifyLocks.Holder> holders,
			Map<Long, String> postponed) {
		if (events.isEmpty()) {
			return;
		}
		if (lockFirst) {
			TreeSet<String> keys = new TreeSet<>();
			events.forEach(event -> keys.addAll(UnifyLocks.keysOf(event)));
			this.locks.lock(keys);
		}
		Set<String> applied = new HashSet<>(
				this.jdbc.queryForList("select event_id from processed_event where event_id = any (?)", String.class,
						(Object) events.stream().map(CanonicalEvent::id).distinct().toArray(String[]::new)));
		Map<String, CanonicalEvent> toApply = new LinkedHashMap<>();
		for (CanonicalEvent event : events) {
			// the same event twice in one batch is applied once
			if (!applied.contains(event.id())) {
				toApply.putIfAbsent(event.id(), event);
			}
		}
		if (toApply.isEmpty()) {
			return;
		}
		List<CanonicalEvent> fresh = new ArrayList<>(toApply.values());
		Map<String, Long> customers = applySet(fresh, holders, postponed);
		int written = this.jdbc.update("""
				insert into processed_event (event_id, source, kind, occurred_at, invalid_phones, invalid_emails,
				                             invalid_cards, placeholders, customer_id)
				select * from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::int[], ?::int[], ?::int[],
				                     ?::int[], ?::bigint[])
				on conflict (event_id) do nothing""", processedColumns(fresh, customers));
		if (written < fresh.size()) {
			throw new ConcurrencyFailureException((fresh.size() - written)
					+ " event(s) of the batch were applied by another consumer meanwhile: the batch is tried again");
		}
	}

	/**
	 * The columns of the events' {@code processed_event} rows: id, source, kind, time,
	 * the data-quality counts and the customer.
	 */
	private static Object[] processedColumns(List<CanonicalEvent> events, Map<String, Long> customers) {
		List<int[]> counts = events.stream().map(UnverifiedContacts::qualityCounts).toList();
		List<Object> columns = new ArrayList<>(List.of(events.stream().map(CanonicalEvent::id).toArray(String[]::new),
				events.stream().map(CanonicalEvent::source).toArray(String[]::new),
				events.stream().map(e -> e.kind().name()).toArray(String[]::new),
				events.stream().map(e -> Timestamp.from(e.occurredAt().toInstant())).toArray(Timestamp[]::new)));
		for (int i = 0; i < 4; i++) {
			int column = i;
			columns.add(counts.stream().map(c -> c[column]).toArray(Integer[]::new));
		}
		columns.add(events.stream().map(e -> customers.get(e.id())).toArray(Long[]::new));
		return columns.toArray();
	}

	/**
	 * Applies fresh events, their keys locked, as sets: the events are resolved to their
	 * customers in memory, then written with a few statements per table.
	 * @return the customer of each event that has one, by event id
	 */
	private Map<String, Long> applySet(List<CanonicalEvent> events, List<UnifyLocks.Holder> holders,
			Map<Long, String> postponed) {
		IdentityResolver.Resolved resolved = this.resolver.resolve(events, holders);
		List<Fact> facts = resolved.facts();
		applyFacts(facts, resolved.created(), resolved.takenFrom());
		// sales taken back by a later event of the batch, now their tickets are written
		Map<String, Long> detached = this.resolver.detach(resolved);
		Map<Long, String> compared = new TreeMap<>();
		for (Fact fact : facts) {
			if (fact.customerId() != null && fact.event().contact() != null
					&& !detached.containsKey(fact.event().id())) {
				compared.putIfAbsent(fact.customerId(), fact.event().id());
			}
		}
		Map<Long, Long> survivorOf = Map.of();
		if (!compared.isEmpty()) {
			// a merge whose customers or rows another batch holds is left for later
			DuplicateDecisions.Comparison comparison = this.duplicates.compare(compared, false);
			survivorOf = comparison.survivorOf();
			postponed.putAll(comparison.postponed());
			writeDown(comparison.postponed());
		}
		Map<String, Long> customerOf = new LinkedHashMap<>();
		for (Fact fact : facts) {
			if (fact.customerId() != null) {
				customerOf.put(fact.event().id(), detached.containsKey(fact.event().id()) ? fact.customerId()
						: survivorOf.getOrDefault(fact.customerId(), fact.customerId()));
			}
		}
		return customerOf;
	}

	/**
	 * Undoes the last merge of {@code mergedId} into {@code survivorId}, under the same
	 * locks as unify; the pair is then never merged or proposed again.
	 */
	public void unmerge(long survivorId, long mergedId) {
		this.transaction.executeWithoutResult(status -> {
			this.locks.lockIdentifiersOf(survivorId, mergedId);
			this.locks.lockCustomers(List.of(survivorId, mergedId));
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
					this.locks.lockIdentifiersOf(cluster.stream().mapToLong(Long::longValue).toArray());
					Long survivor = this.locks.lockCustomers(List.of(id)).get(id);
					List<Long> locked = this.jdbc.queryForList(
							"select id from customer where id = ? or merged_into = ? order by id for update",
							Long.class, survivor, survivor);
					if (!locked.equals(cluster)) {
						// merged or unmerged meanwhile: the identifiers of the person as
						// it is now
						this.locks.lockIdentifiersOf(locked.stream().mapToLong(Long::longValue).toArray());
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
			this.locks.lock(new TreeSet<>(List.of(kind + ":" + value)));
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
		return this.duplicates.confirm(pairId);
	}

	/**
	 * A person says a possible duplicate is two people: never proposed or merged again.
	 */
	public void rejectDuplicate(long pairId) {
		this.duplicates.reject(pairId);
	}

	/**
	 * The events of a message of the events queue: one event (a JSON object) or several
	 * (a JSON array).
	 */
	public List<CanonicalEvent> readAll(String body) {
		if (!isArray(body)) {
			return List.of(read(body));
		}
		try {
			return Arrays.asList(this.json.readValue(body, CanonicalEvent[].class));
		}
		catch (JsonProcessingException ex) {
			throw new RecordRejectedException(
					"the events on the queue are not canonical events: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * The text of each event of a message, to apply and quarantine one at a time; a
	 * message that is not a JSON array is one event, readable or not.
	 */
	public List<String> split(String body) {
		if (!isArray(body)) {
			return List.of(body);
		}
		try {
			List<String> events = new ArrayList<>();
			for (JsonNode event : this.json.readTree(body)) {
				events.add(event.toString());
			}
			return events;
		}
		catch (JsonProcessingException ex) {
			return List.of(body);
		}
	}

	private static boolean isArray(String body) {
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			if (!Character.isWhitespace(c)) {
				return c == '[';
			}
		}
		return false;
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

	/**
	 * What resolved events bring, customers known (the rows of those the batch created
	 * written with their first values): their profile values and consents, their
	 * unverified contact values (before matching, so that a merge it causes moves them
	 * and can be undone), then every capability in turn.
	 */
	private void applyFacts(List<Fact> facts, Set<Long> created, Map<String, Long> takenFrom) {
		this.survivorship.challengeWithEvents(facts, created);
		this.consents.apply(facts, takenFrom);
		this.unverified.record(facts);
		for (Capability capability : this.capabilities) {
			capability.apply(facts);
		}
	}

}

package com.venuehub.customer;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.platform.AfterCommit;
import com.venuehub.platform.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Possible duplicates: the customers unify touched are compared with similar ones (the
 * person matcher on blocking keys), merged when certain, proposed for review when likely;
 * a person confirms or rejects a proposal. A rejected pair is never proposed or merged
 * again.
 */
@Component
class DuplicateDecisions {

	private static final Logger log = LoggerFactory.getLogger(DuplicateDecisions.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Merges merges;

	private final StoreFrequencies frequencies;

	private final IdentityProperties properties;

	private final MatchSettings settings;

	private final PersonMatcher matcher = new PersonMatcher();

	private final ObjectMapper json;

	private final UnifyLocks locks;

	/** Blocking keys found shared by more than {@code max-block-size} customers. */
	private final Cache<String, Boolean> commonKeys = Caffeine.newBuilder()
		.maximumSize(200_000)
		.expireAfterWrite(Duration.ofMinutes(10))
		// the cache's upkeep on the caller's thread, not handed to the common pool
		.executor(Runnable::run)
		.build();

	DuplicateDecisions(JdbcTemplate jdbc, TransactionTemplate transaction, Merges merges, StoreFrequencies frequencies,
			IdentityProperties properties, ObjectMapper json, UnifyLocks locks) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.merges = merges;
		this.frequencies = frequencies;
		this.properties = properties;
		this.settings = new MatchSettings(properties.mergeThreshold(), properties.reviewThreshold(),
				properties.maxBlockSize());
		this.json = json;
		this.locks = locks;
	}

	/**
	 * What comparing found: the customer each one belongs to afterwards, for those merged
	 * away, and the customers whose merge was left for later, each with its event.
	 */
	record Comparison(Map<Long, Long> survivorOf, Map<Long, String> postponed) {
	}

	/**
	 * Compares each customer with the customers sharing a blocking key with its profile
	 * (blocks too common to tell anything skipped, candidates capped): at or above the
	 * merge threshold they are merged into the oldest, between the thresholds the pair is
	 * proposed as a possible duplicate. The customers of a whole batch are compared with
	 * a few statements: their match keys refreshed in one, their candidates found in one,
	 * every profile read in one, the proposals written in one; a merge (rare) locks and
	 * scores its customers again one at a time. With {@code wait} false, a merge whose
	 * customers or rows another transaction holds is not made but left for later
	 * (answered as postponed): a unify batch never waits for another batch's customers in
	 * the middle of its own work, so that no two batches wait on each other in a cycle.
	 * @param eventOf the customers to compare, each with the event that brought it here;
	 * the caller holds their rows locked
	 */
	Comparison compare(Map<Long, String> eventOf, boolean wait) {
		Map<Long, Long> survivorOf = new HashMap<>();
		Map<Long, String> postponed = new TreeMap<>();
		Comparison comparison = new Comparison(survivorOf, postponed);
		Merges.Refreshed refreshed = this.merges.refreshKeysAndRead(eventOf.keySet());
		Map<Long, Set<String>> keysOf = refreshed.keys();
		// a key known to be too common is not walked again: a block only grows, but for
		// merges and erasures, and what is remembered is forgotten after a while
		// the keys counting names and places are not blocks
		Set<String> open = new TreeSet<>();
		keysOf.values()
			.forEach(keys -> keys.stream()
				.filter(key -> !key.startsWith("tf|") && this.commonKeys.getIfPresent(key) == null)
				.forEach(open::add));
		if (open.isEmpty()) {
			return comparison;
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
			return comparison;
		}
		// the batch's own profiles were read to refresh their keys: only the candidates
		// are read now
		Map<Long, MatchRecord> profiles = new TreeMap<>(refreshed.records());
		Set<Long> unread = new TreeSet<>(everyone);
		unread.removeAll(eventOf.keySet());
		profiles.putAll(this.merges.records(unread));
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
						|| this.matcher.rulesOut(me, profile) || childBesideAnother(me, profile)) {
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
			Long survivor = mergeAgreeing(customerId, candidates, scorer, eventOf.get(customerId), wait);
			if (survivor == null) {
				postponed.put(customerId, eventOf.get(customerId));
			}
			else if (!survivor.equals(customerId)) {
				survivorOf.put(customerId, survivor);
			}
		});
		return comparison;
	}

	/**
	 * A child under 15 today and a customer giving no birth date, named by an initial on
	 * one of them: their email, phone and address are a household's, and the initial as
	 * much a parent's as the child's ({@link PersonMatcher#childBesideAnother}).
	 */
	private boolean childBesideAnother(MatchRecord x, MatchRecord y) {
		return this.matcher.childBesideAnother(x, y, LocalDate.now(ZoneOffset.UTC));
	}

	/**
	 * Merges the customer with those of its candidates that still agree with it, and with
	 * each other, once their rows are locked and their profiles read again.
	 * @param wait false: when another transaction holds one of the customers or a row the
	 * merge moves, nothing is merged
	 * @return the customer it belongs to afterwards; null when the merge was not made for
	 * not waiting
	 */
	private Long mergeAgreeing(long customerId, Set<Long> candidates, PersonMatcher scorer, String eventId,
			boolean wait) {
		// lock in id order, then score again against what is there now
		TreeSet<Long> toMerge = new TreeSet<>(candidates);
		toMerge.add(customerId);
		Map<Long, Long> liveOf = wait ? this.locks.lockCustomers(new ArrayList<>(toMerge))
				: this.locks.tryLockCustomers(new ArrayList<>(toMerge));
		if (liveOf == null) {
			return null;
		}
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
			if (other == customerId || profile == null || mine == null || this.matcher.rulesOut(mine, profile)
					|| childBesideAnother(mine, profile)) {
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
		if (!wait && !this.merges.tryLockMoving(agreeing.subList(1, agreeing.size()))) {
			return null;
		}
		for (Long other : agreeing.subList(1, agreeing.size())) {
			// explained by the score of the pair the event's customer is in
			MatchScore score = scores.get(other == customerId ? survivor : other);
			this.merges.merge(survivor, other,
					new Merges.Explanation("PROBABILISTIC", null, null, score.score(), score.fields()), eventId);
		}
		return survivor;
	}

	/**
	 * Possible duplicates, written in one statement; a pair proposed before is kept. A
	 * pair another transaction is proposing at this moment is left to it (a lock on the
	 * pair, taken without waiting): the insert would otherwise wait for that transaction
	 * to end, out of unify's lock order.
	 */
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
				where pg_try_advisory_xact_lock(hashtextextended('duplicate:' || a || ':' || b, 0))
				on conflict on constraint duplicate_pair_once do nothing
				returning customer_a, customer_b, score""", rs -> {
			long a = rs.getLong(1);
			long b = rs.getLong(2);
			double score = rs.getDouble(3);
			AfterCommit.run(() -> log.info("Possible duplicate: customers {} and {} (score {})", a, b, score));
		}, proposals.stream().map(p -> p.pair().get(0)).toArray(Long[]::new),
				proposals.stream().map(p -> p.pair().get(1)).toArray(Long[]::new),
				proposals.stream().map(p -> p.score().score()).toArray(Double[]::new), fields.toArray(String[]::new),
				proposals.stream().map(Proposal::eventId).toArray(String[]::new));
	}

	private record Proposal(List<Long> pair, MatchScore score, String eventId) {
	}

	/**
	 * A person confirms a possible duplicate: the two customers are merged (rule MANUAL).
	 */
	long confirm(long pairId) {
		return this.transaction.execute(status -> {
			Map<String, Object> pair = openPair(pairId);
			long a = ((Number) pair.get("customer_a")).longValue();
			long b = ((Number) pair.get("customer_b")).longValue();
			this.locks.lockIdentifiersOf(a, b);
			Map<Long, Long> liveOf = this.locks.lockCustomers(List.of(a, b));
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
	void reject(long pairId) {
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
	 * Pairs of these customers a person said are two people, each as [lower id, higher
	 * id]. A rejection follows merges: it holds between the customers each side was
	 * merged into since (and, after an unmerge, between the two again).
	 */
	Set<List<Long>> rejectedPairs(Set<Long> customers) {
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

	static List<Long> ordered(long a, long b) {
		return a < b ? List.of(a, b) : List.of(b, a);
	}

}

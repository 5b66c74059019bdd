package com.venuehub.customer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.TermFrequencies;
import com.venuehub.customer.matching.TermFrequencies.Field;
import com.venuehub.customer.matching.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How common names and places are among the live customers of this venue, read from the
 * store: each live customer holds one match key per value of its profile
 * ({@code tf|ln|martin}), kept by unify, merges, unmerges and erasure like its blocking
 * keys, so a count of a key is the number of people holding that value. Counts are
 * remembered for a while: frequencies move slowly. A count is a share of the population
 * read beside it, and is scaled as the population changes (an import, a season's
 * opening): a store filling up would otherwise weigh a name by what it was when few bore
 * it. A count of a value many people hold is read again after fifteen minutes: its share
 * moves slowly, and reading it again reads an index entry per holder. A rarer count is
 * read again after two minutes, or as soon as the population has doubled or halved since:
 * two holders are a share too small to scale far.
 */
@Component
public class StoreFrequencies {

	private static final Duration REMEMBERED = Duration.ofMinutes(2);

	/**
	 * Holders that make a count a share kept fifteen minutes and however the population
	 * changes: a count of this size varies by a tenth from one population of the same
	 * people to another, and weighs a pair a seventh of a bit less or more.
	 */
	static final long SHARE_KEPT = 100;

	/** How long a share is kept before its count is read again. */
	private static final Duration SHARE_REMEMBERED = Duration.ofMinutes(15);

	private final JdbcTemplate jdbc;

	private final Cache<String, Count> counts = Caffeine.newBuilder()
		.maximumSize(500_000)
		.expireAfter(Expiry.<String, Count>writing((key, count) -> count.isShare() ? SHARE_REMEMBERED : REMEMBERED))
		// the cache's upkeep on the caller's thread, not handed to the common pool
		.executor(Runnable::run)
		.build();

	private volatile long population = -1;

	private static final Duration VOCABULARY_KEPT = Duration.ofMinutes(15);

	private static final Logger logger = LoggerFactory.getLogger(StoreFrequencies.class);

	private final AtomicBoolean reading = new AtomicBoolean();

	private volatile Vocabulary firstNames = Vocabulary.EMPTY;

	private volatile long vocabularyReadAt;

	private volatile long vocabularyPopulation;

	private volatile long populationReadAt;

	public StoreFrequencies(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Frequencies of the values these records hold, in one statement at most. */
	public TermFrequencies of(Collection<MatchRecord> records) {
		long people = population();
		Set<String> keys = new TreeSet<>();
		records.forEach(record -> keys.addAll(TermFrequencies.keys(record)));
		Map<String, Long> known = new HashMap<>();
		this.counts.getAllPresent(keys).forEach((key, count) -> {
			if (count.holdsFor(people)) {
				known.put(key, count.among(people));
			}
		});
		List<String> missing = keys.stream().filter(key -> !known.containsKey(key)).toList();
		if (!missing.isEmpty()) {
			missing.forEach(key -> known.put(key, 0L));
			this.jdbc.query("""
					select key, count(*) from customer_match_key where key = any (?) group by key""", rs -> {
				known.put(rs.getString(1), rs.getLong(2));
			}, (Object) missing.toArray(String[]::new));
			missing.forEach(key -> this.counts.put(key, new Count(known.get(key), people)));
		}
		return TermFrequencies.of(known, people, this::common);
	}

	/**
	 * A count read from the store, with the population it was read in.
	 *
	 * @param holders the live customers holding the value then
	 * @param population the live customers then
	 */
	private record Count(long holders, long population) {

		boolean isShare() {
			return this.holders >= SHARE_KEPT;
		}

		/**
		 * Whether it still tells of a population of this size: a large share always, a
		 * rarer count until the population has doubled or halved.
		 */
		boolean holdsFor(long people) {
			return isShare() || people <= 2 * this.population && 2 * people >= this.population;
		}

		/** The holders in a population of this size, in the same share. */
		long among(long people) {
			return this.population > 0 && people != this.population
					? Math.round((double) this.holders * people / this.population) : this.holders;
		}

	}

	/**
	 * The first names many customers bear, that a typo is read against: read again in the
	 * background once a minute while the store grows by more than a tenth between two
	 * reads (an import, a season's opening), otherwise every {@link #VOCABULARY_KEPT}.
	 * Until the first read ends, none.
	 */
	Vocabulary common(Field field) {
		if (field != Field.FIRST_NAME) {
			return Vocabulary.EMPTY;
		}
		long now = System.nanoTime();
		long people = this.population;
		boolean due = this.vocabularyReadAt == 0 || now - this.vocabularyReadAt > VOCABULARY_KEPT.toNanos()
				|| now - this.vocabularyReadAt > Duration.ofMinutes(1).toNanos()
						&& Math.abs(people - this.vocabularyPopulation) * 10 > this.vocabularyPopulation;
		if (due && this.reading.compareAndSet(false, true)) {
			this.vocabularyReadAt = now;
			this.vocabularyPopulation = people;
			Thread reader = new Thread(() -> {
				try {
					this.firstNames = readCommon(Field.FIRST_NAME);
				}
				catch (RuntimeException ex) {
					// kept as it was: read again when next due
					logger.warn("Could not read the common first names: {}", ex.getMessage());
				}
				finally {
					this.reading.set(false);
				}
			}, "first-name-vocabulary");
			reader.setDaemon(true);
			reader.start();
		}
		return this.firstNames;
	}

	/**
	 * Forgets the counts remembered and reads the common first names now, before unify
	 * next asks for them.
	 */
	void readAgainNow() {
		this.counts.invalidateAll();
		this.firstNames = readCommon(Field.FIRST_NAME);
	}

	/**
	 * The values of a field at least {@value TermFrequencies#COMMON} live customers hold.
	 */
	Vocabulary readCommon(Field field) {
		String prefix = field.key("");
		// compared byte by byte, whatever the database's collation: the keys of one
		// field are a range of the primary key's
		List<String> values = this.jdbc.queryForList("""
				select substr(key, ?) from customer_match_key
				where key collate "C" >= ? and key collate "C" < ?
				group by key having count(*) >= ?""", String.class, prefix.length() + 1, prefix,
				prefix.substring(0, prefix.length() - 1) + '}', TermFrequencies.COMMON);
		return Vocabulary.of(values);
	}

	/** Live customers, counted again once a minute. */
	long population() {
		if (this.population < 0 || System.nanoTime() - this.populationReadAt > Duration.ofMinutes(1).toNanos()) {
			countPopulationNow();
		}
		return this.population;
	}

	/** Counts the live customers now. */
	void countPopulationNow() {
		this.population = this.jdbc.queryForObject(
				"select count(*) from customer where merged_into is null and erased_at is null", Long.class);
		this.populationReadAt = System.nanoTime();
	}

}

package com.venuehub.customer.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How common a value is among the people of the store: agreeing on "Martin" says little,
 * agreeing on "Vandenberghe" says much. Shares are smoothed towards a typical share, so
 * that a small store or a value seen once does not pass for very rare.
 */
public interface TermFrequencies {

	/** The compared fields whose agreement is weighed by the value's frequency. */
	enum Field {

		FIRST_NAME("fn", 1.0 / 250), LAST_NAME("ln", 1.0 / 2500), POSTCODE("pc", 1.0 / 200), LOCALITY("lc", 1.0 / 200),
		FULL_NAME("nm", 1.0 / 625_000);

		private final String prefix;

		private final double typicalShare;

		Field(String prefix, double typicalShare) {
			this.prefix = prefix;
			this.typicalShare = typicalShare;
		}

		/** The key under which the value is counted (a match key of each customer). */
		public String key(String value) {
			return "tf|" + this.prefix + "|" + value;
		}

		public double typicalShare() {
			return this.typicalShare;
		}

	}

	/** Weight, in people, of the typical share against what the store shows. */
	double PSEUDO_COUNT = 1000;

	/**
	 * The people a record is compared against: the odds that two records picked at random
	 * are one person are one in this. Never below {@link #MIN_POPULATION}, so a new store
	 * is not credulous.
	 */
	long population();

	/** How many people hold this value (normalized as {@link MatchRecord} holds it). */
	long count(Field field, String value);

	/** How many people the counts were made over. */
	long counted();

	/**
	 * The values of a field that at least {@value #COMMON} people hold: the names a typo
	 * is read against. Empty when the store's names are not known.
	 */
	default Vocabulary common(Field field) {
		return Vocabulary.EMPTY;
	}

	/** People holding a value that make it a common one. */
	long COMMON = 20;

	long MIN_POPULATION = 10_000;

	/** The smoothed share of people holding this value. */
	default double share(Field field, String value) {
		return (count(field, value) + PSEUDO_COUNT * field.typicalShare()) / (counted() + PSEUDO_COUNT);
	}

	/** The keys under which a record's values are counted. */
	static Set<String> keys(MatchRecord record) {
		Set<String> keys = new TreeSet<>();
		add(keys, Field.FIRST_NAME, record.firstName());
		add(keys, Field.LAST_NAME, record.lastName());
		add(keys, Field.POSTCODE, PersonMatcher.compactPostcode(record.postcode()));
		add(keys, Field.LOCALITY, record.locality());
		add(keys, Field.FULL_NAME, fullName(record));
		return keys;
	}

	/** The first and last names together, as counted; null without both. */
	static String fullName(MatchRecord record) {
		return record.firstName() == null || record.lastName() == null ? null
				: record.firstName() + "|" + record.lastName();
	}

	private static void add(Set<String> keys, Field field, String value) {
		if (value != null) {
			keys.add(field.key(value));
		}
	}

	/**
	 * Counts by key, counted in memory: the common values are those the counts hold for
	 * at least {@value #COMMON} people.
	 */
	static TermFrequencies of(Map<String, Long> counts, long people) {
		Map<Field, Vocabulary> common = new EnumMap<>(Field.class);
		return of(counts, people, field -> {
			synchronized (common) {
				return common.computeIfAbsent(field, f -> {
					String prefix = f.key("");
					List<String> values = new ArrayList<>();
					counts.forEach((key, count) -> {
						if (count >= COMMON && key.startsWith(prefix)) {
							values.add(key.substring(prefix.length()));
						}
					});
					return Vocabulary.of(values);
				});
			}
		});
	}

	/** Counts by key, as read from the store, with the store's common values. */
	static TermFrequencies of(Map<String, Long> counts, long people, Function<Field, Vocabulary> common) {
		long population = Math.max(people, MIN_POPULATION);
		return new TermFrequencies() {
			@Override
			public long population() {
				return population;
			}

			@Override
			public long counted() {
				return people;
			}

			@Override
			public long count(Field field, String value) {
				return value == null ? 0 : counts.getOrDefault(field.key(value), 0L);
			}

			@Override
			public Vocabulary common(Field field) {
				return common.apply(field);
			}
		};
	}

	/** Frequencies counted over records held in memory (evaluations, tests). */
	static TermFrequencies counting(Collection<MatchRecord> records) {
		Map<String, Long> counts = new HashMap<>();
		for (MatchRecord record : records) {
			keys(record).forEach(key -> counts.merge(key, 1L, Long::sum));
		}
		return of(counts, records.size());
	}

	/** Nothing known of the population: every value has the typical share. */
	static TermFrequencies typical() {
		return of(Map.of(), 0);
	}

}

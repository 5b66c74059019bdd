package com.venuehub.customer.population;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A generated population: the people as they are, and the records the sources send about
 * them, in the order of their time.
 *
 * @param run the token in every key of this population
 * @param households how many households the people live in
 */
public record Population(PopulationShape shape, String run, List<Person> people, List<GeneratedRecord> records,
		int households) {

	public Person person(int id) {
		return this.people.get(id);
	}

	/** The records of one source. */
	public List<GeneratedRecord> of(String source) {
		return this.records.stream().filter(r -> r.source().equals(source)).toList();
	}

	/**
	 * What the population looks like: sizes, sources, how many people share their full
	 * name, the most common names, the noise.
	 */
	public String summary() {
		StringBuilder out = new StringBuilder();
		out.append(String.format("population '%s' (seed %d): %,d people in %,d households, %,d records%n",
				this.shape.name(), this.shape.seed(), this.people.size(), this.households, this.records.size()));
		Map<String, Long> sources = count(this.records, GeneratedRecord::source);
		out.append(String.format("  records by source      : %s; %,d carry an email, a phone or a card%n", sources,
				this.records.stream().filter(GeneratedRecord::carriesContact).count()));
		Map<String, Long> fullNames = count(this.people, Person::fullName);
		long shared = this.people.stream().filter(p -> fullNames.get(p.fullName()) > 1).count();
		long sharedNames = fullNames.values().stream().filter(n -> n > 1).count();
		out.append(String.format(
				"  namesakes              : %,d people (%.1f %%) share their full name with someone else; %,d full names are held by several people%n",
				shared, 100.0 * shared / this.people.size(), sharedNames));
		out.append(String.format("  most common full names : %s%n", top(fullNames, 8)));
		out.append(String.format("  most common last names : %s%n", top(count(this.people, Person::lastName), 8)));
		out.append(String.format("  non-Latin names        : %,d people%n",
				this.people.stream().filter(p -> !p.lastName().equals(p.latinLastName())).count()));
		Map<String, Long> noise = this.records.stream()
			.flatMap(r -> r.noise().stream())
			.map(tag -> tag.contains(":") && !tag.startsWith("missing") ? tag.substring(0, tag.indexOf(':')) : tag)
			.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
		out.append(String.format("  noise (records)        : %s%n", noise));
		return out.toString();
	}

	private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
		return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
	}

	private static String top(Map<String, Long> counts, int n) {
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.limit(n)
			.map(e -> e.getKey() + " " + e.getValue())
			.collect(Collectors.joining(", "));
	}

}

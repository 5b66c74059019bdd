package com.venuehub.customer.population;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.venuehub.customer.matching.PersonMatcher;
import com.venuehub.ingest.Identifiers;
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.platform.RecordRejectedException;

/**
 * How well records were put together: pairwise precision and recall of "same customer"
 * against "same person", and the false merges that matter most, people of one household
 * and namesakes. The same figures for the hub end to end and for a matcher in memory.
 *
 * @param records records counted (those carrying a contact)
 * @param withoutCustomer counted records that ended with no customer (not applied, or
 * applied to nobody)
 * @param truePairs pairs of counted records of one person
 * @param predictedPairs pairs of counted records given one customer
 * @param truePositives pairs of one person given one customer
 * @param falseMerges pairs of distinct people given one customer (each pair once)
 * @param householdFalseMerges of those, pairs of people of one household
 * @param namesakeFalseMerges of those, pairs of people bearing the same full name, in
 * different households
 * @param sharingIdentifier of the false merges, pairs of people whose records carry one
 * same email, phone or card (placeholders included): an identifier may have linked them
 * @param householdsMerged households with at least two of their people in one customer
 * @param peopleSplit people whose records are spread over several customers
 * @param linkablePairs pairs of one person's records that are linkable: a chain of that
 * person's records joins them in which each record shares with the next something beyond
 * names and a town (see {@link Linkable})
 * @param linkableTruePositives of those, pairs given one customer
 */
public record PairwiseFigures(long records, long withoutCustomer, long truePairs, long predictedPairs,
		long truePositives, long falseMerges, long householdFalseMerges, long namesakeFalseMerges,
		long sharingIdentifier, long householdsMerged, long peopleSplit, long linkablePairs,
		long linkableTruePositives) {

	private static final Identifiers IDENTIFIERS = new Identifiers(new IdentityProperties("FR", "[A-Z0-9]{6,24}"));

	public double precision() {
		return this.predictedPairs == 0 ? 1 : (double) this.truePositives / this.predictedPairs;
	}

	public double recall() {
		return this.truePairs == 0 ? 1 : (double) this.truePositives / this.truePairs;
	}

	/**
	 * Recall on the linkable pairs only: what the model misses of what the records could
	 * tell, apart from one person's records that share nothing but names and a town.
	 */
	public double linkableRecall() {
		return this.linkablePairs == 0 ? 1 : (double) this.linkableTruePositives / this.linkablePairs;
	}

	public double f1() {
		double p = precision();
		double r = recall();
		return p + r == 0 ? 0 : 2 * p * r / (p + r);
	}

	/**
	 * The figures of an assignment of records to customers.
	 * @param counted the records to count (usually those carrying a contact)
	 * @param customerOf the customer a record ended in, null for none
	 */
	public static PairwiseFigures of(Population population, List<GeneratedRecord> counted,
			Function<GeneratedRecord, Long> customerOf) {
		Map<Integer, Long> perPerson = new HashMap<>();
		Map<Long, List<GeneratedRecord>> clusters = new HashMap<>();
		Map<Integer, Set<Long>> customersOfPerson = new HashMap<>();
		Map<Integer, Set<String>> identifiers = new HashMap<>();
		long without = 0;
		for (GeneratedRecord r : counted) {
			perPerson.merge(r.personId(), 1L, Long::sum);
			identifiers.computeIfAbsent(r.personId(), k -> new HashSet<>()).addAll(identifiers(r));
			Long customer = customerOf.apply(r);
			if (customer == null) {
				without++;
				continue;
			}
			clusters.computeIfAbsent(customer, k -> new ArrayList<>()).add(r);
			customersOfPerson.computeIfAbsent(r.personId(), k -> new HashSet<>()).add(customer);
		}
		long truePairs = perPerson.values().stream().mapToLong(PairwiseFigures::pairs).sum();
		long predicted = 0;
		long truePositives = 0;
		Set<Long> falsePairs = new HashSet<>();
		Set<Long> householdPairs = new HashSet<>();
		Set<Long> namesakePairs = new HashSet<>();
		long sharing = 0;
		Set<Integer> households = new HashSet<>();
		long n = population.people().size();
		for (List<GeneratedRecord> cluster : clusters.values()) {
			predicted += pairs(cluster.size());
			Map<Integer, Long> byPerson = cluster.stream()
				.collect(Collectors.groupingBy(GeneratedRecord::personId, TreeMap::new, Collectors.counting()));
			truePositives += byPerson.values().stream().mapToLong(PairwiseFigures::pairs).sum();
			List<Integer> people = new ArrayList<>(byPerson.keySet());
			for (int i = 0; i < people.size(); i++) {
				Person a = population.person(people.get(i));
				for (int j = i + 1; j < people.size(); j++) {
					Person b = population.person(people.get(j));
					long key = a.id() * n + b.id();
					if (!falsePairs.add(key)) {
						continue;
					}
					if (!Collections.disjoint(identifiers.get(a.id()), identifiers.get(b.id()))) {
						sharing++;
					}
					if (a.householdId() == b.householdId()) {
						householdPairs.add(key);
						households.add(a.householdId());
					}
					else if (a.fullName().equals(b.fullName())) {
						namesakePairs.add(key);
					}
				}
			}
		}
		long split = customersOfPerson.values().stream().filter(c -> c.size() > 1).count();
		long[] linkable = Linkable.pairs(counted, customerOf);
		return new PairwiseFigures(counted.size(), without, truePairs, predicted, truePositives, falsePairs.size(),
				householdPairs.size(), namesakePairs.size(), sharing, households.size(), split, linkable[0],
				linkable[1]);
	}

	/** A record's email, phone and card as the hub normalizes them. */
	private static Set<String> identifiers(GeneratedRecord r) {
		Set<String> values = new HashSet<>();
		try {
			values.add("EMAIL:" + IDENTIFIERS.email(r.email()));
		}
		catch (RecordRejectedException ex) {
			// an invalid email links nobody
		}
		try {
			values.add("PHONE:" + IDENTIFIERS.phone(r.phone()));
		}
		catch (RecordRejectedException ex) {
			// an invalid phone links nobody
		}
		if (r.cardNumber() != null) {
			values.add("CARD:" + IDENTIFIERS.card(r.cardNumber()));
		}
		values.remove("EMAIL:null");
		values.remove("PHONE:null");
		return values;
	}

	/**
	 * The pairs of people of one household given one customer, by how they came together:
	 * whether one of the two is there only through records without a first name (a kiosk
	 * answer with an email or a phone only, a last name only), and what the two people's
	 * records in that customer share (an email, a mobile, a fixed line, a card, or
	 * nothing directly: joined through a third record or by the matcher).
	 */
	public static Map<String, Long> householdFalseMergeClasses(Population population, List<GeneratedRecord> counted,
			Function<GeneratedRecord, Long> customerOf) {
		Map<Long, List<GeneratedRecord>> clusters = new HashMap<>();
		for (GeneratedRecord r : counted) {
			Long customer = customerOf.apply(r);
			if (customer != null) {
				clusters.computeIfAbsent(customer, k -> new ArrayList<>()).add(r);
			}
		}
		Map<String, Long> classes = new TreeMap<>();
		for (List<GeneratedRecord> cluster : clusters.values()) {
			Map<Integer, List<GeneratedRecord>> byPerson = cluster.stream()
				.collect(Collectors.groupingBy(GeneratedRecord::personId, TreeMap::new, Collectors.toList()));
			List<Integer> people = new ArrayList<>(byPerson.keySet());
			for (int i = 0; i < people.size(); i++) {
				for (int j = i + 1; j < people.size(); j++) {
					Person a = population.person(people.get(i));
					Person b = population.person(people.get(j));
					if (a.householdId() != b.householdId()) {
						continue;
					}
					List<GeneratedRecord> ra = byPerson.get(a.id());
					List<GeneratedRecord> rb = byPerson.get(b.id());
					List<GeneratedRecord> unnamed = ra.stream().allMatch(r -> r.readFirstName() == null) ? ra
							: rb.stream().allMatch(r -> r.readFirstName() == null) ? rb : null;
					boolean nameless = unnamed != null;
					Set<String> shared = new TreeSet<>();
					for (GeneratedRecord x : ra) {
						for (GeneratedRecord y : rb) {
							Set<String> common = identifiers(x);
							common.retainAll(identifiers(y));
							for (String identifier : common) {
								shared.add(identifier.startsWith("PHONE:")
										? PersonMatcher.fixedLine(identifier.substring("PHONE:".length()))
												? "fixed line" : "mobile"
										: identifier.substring(0, identifier.indexOf(':')).toLowerCase(Locale.ROOT));
							}
						}
					}
					String key = (nameless ? "one only by records without a first name"
							+ (unnamed.stream().allMatch(r -> r.readLastName() == null) ? " (naming nobody)"
									: " (some with a last name)")
							: "both named") + ", sharing "
							+ (shared.isEmpty() ? "nothing directly" : String.join(" + ", shared));
					classes.merge(key, 1L, Long::sum);
				}
			}
		}
		return classes;
	}

	/** The classes of {@link #householdFalseMergeClasses}, one line each. */
	public static String describeClasses(Map<String, Long> classes) {
		StringBuilder out = new StringBuilder("  household pairs by how they came together:\n");
		classes.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach(e -> out.append(String.format("    %,7d  %s%n", e.getValue(), e.getKey())));
		return out.toString();
	}

	/** One line per figure, for a report. */
	public String describe() {
		return String.format("""
				  records counted        : %,d (%,d ended without a customer)
				  pairs                  : %,d true, %,d predicted, %,d right
				  precision              : %.4f
				  recall                 : %.4f
				  recall on linkable     : %.4f (%,d of the true pairs are linkable, %,d of them right)
				  F1                     : %.4f
				  false merges           : %,d pairs of people, %,d of one household (in %,d households), %,d namesakes
				  sharing an identifier  : %,d of the falsely merged pairs share an email, phone or card
				  people split           : %,d people spread over several customers
				""", this.records, this.withoutCustomer, this.truePairs, this.predictedPairs, this.truePositives,
				precision(), recall(), linkableRecall(), this.linkablePairs, this.linkableTruePositives, f1(),
				this.falseMerges, this.householdFalseMerges, this.householdsMerged, this.namesakeFalseMerges,
				this.sharingIdentifier, this.peopleSplit);
	}

	/**
	 * A few false merges of each kind (household, namesakes, others) and a few split
	 * people, each with their records as typed: what a matcher got wrong, to read.
	 */
	public static String examples(Population population, List<GeneratedRecord> counted,
			Function<GeneratedRecord, Long> customerOf, int perKind) {
		Map<Long, List<GeneratedRecord>> clusters = new LinkedHashMap<>();
		Map<Integer, List<GeneratedRecord>> byPerson = new LinkedHashMap<>();
		for (GeneratedRecord r : counted) {
			Long customer = customerOf.apply(r);
			byPerson.computeIfAbsent(r.personId(), k -> new ArrayList<>()).add(r);
			if (customer != null) {
				clusters.computeIfAbsent(customer, k -> new ArrayList<>()).add(r);
			}
		}
		Map<String, List<String>> shown = new LinkedHashMap<>();
		for (String kind : List.of("household", "namesakes", "other")) {
			shown.put(kind, new ArrayList<>());
		}
		for (List<GeneratedRecord> cluster : clusters.values()) {
			Set<Integer> people = cluster.stream().map(GeneratedRecord::personId).collect(Collectors.toSet());
			if (people.size() < 2) {
				continue;
			}
			List<Person> persons = people.stream().sorted().map(population::person).toList();
			boolean household = persons.stream().map(Person::householdId).distinct().count() < persons.size();
			boolean namesakes = persons.stream().map(Person::fullName).distinct().count() < persons.size();
			String kind = household ? "household" : namesakes ? "namesakes" : "other";
			List<String> list = shown.get(kind);
			if (list.size() < perKind) {
				list.add(describe(population, cluster, persons.size() + " people in one customer"));
			}
		}
		StringBuilder out = new StringBuilder();
		shown.forEach((kind, list) -> {
			out.append("false merges (").append(kind).append("):\n");
			list.forEach(out::append);
		});
		out.append("people split over several customers:\n");
		int misses = 0;
		for (List<GeneratedRecord> records : byPerson.values()) {
			Set<Long> customers = records.stream()
				.map(customerOf)
				.map(c -> c == null ? -1L : c)
				.collect(Collectors.toSet());
			if (customers.size() > 1 && misses++ < perKind) {
				out.append(describe(population, records, customers.size() + " customers"));
			}
		}
		return out.toString();
	}

	/**
	 * The customers of one resolution holding two people that another resolution keeps
	 * apart (the hub end to end beside the matcher in memory): up to {@code shown} of
	 * them, their records in the order they came.
	 */
	public static String mergedOnlyBy(Population population, List<GeneratedRecord> counted,
			Function<GeneratedRecord, Long> customerOf, Function<GeneratedRecord, Long> otherCustomerOf, int shown) {
		Map<Long, List<GeneratedRecord>> clusters = new LinkedHashMap<>();
		Map<Integer, Set<Long>> otherCustomers = new HashMap<>();
		for (GeneratedRecord r : counted) {
			Long customer = customerOf.apply(r);
			if (customer != null) {
				clusters.computeIfAbsent(customer, k -> new ArrayList<>()).add(r);
			}
			Long other = otherCustomerOf.apply(r);
			otherCustomers.computeIfAbsent(r.personId(), k -> new HashSet<>()).add(other == null ? -1L : other);
		}
		StringBuilder out = new StringBuilder();
		long pairs = 0;
		int described = 0;
		for (List<GeneratedRecord> cluster : clusters.values()) {
			List<Integer> people = cluster.stream().map(GeneratedRecord::personId).distinct().sorted().toList();
			boolean apart = false;
			for (int i = 0; i < people.size(); i++) {
				for (int j = i + 1; j < people.size(); j++) {
					if (Collections.disjoint(otherCustomers.get(people.get(i)), otherCustomers.get(people.get(j)))) {
						pairs++;
						apart = true;
					}
				}
			}
			if (apart && described++ < shown) {
				List<GeneratedRecord> inOrder = new ArrayList<>(cluster);
				inOrder.sort(Comparator.comparing(GeneratedRecord::occurredAt));
				out.append(describe(population, inOrder, people.size() + " people, the first two apart in the other"));
			}
		}
		return String.format("pairs of people in one customer here, apart in the other: %,d%n", pairs) + out;
	}

	private static String describe(Population population, List<GeneratedRecord> records, String what) {
		StringBuilder out = new StringBuilder("  - ").append(what).append('\n');
		records.stream().map(GeneratedRecord::personId).distinct().sorted().forEach(id -> {
			Person p = population.person(id);
			out.append(String.format("      person %d (household %d%s): %s, born %s, emails %s, phones %s%n", id,
					p.householdId(), p.child() ? ", child" : "", p.fullName(), p.birthDate(), p.emails(), p.phones()));
		});
		for (GeneratedRecord r : records) {
			out.append(String.format("      [%s p%d] %s | %s | %s | %s | %s %s %s | %s | %s%n", r.source(),
					r.personId(), r.fullName() != null ? r.fullName() : r.firstName() + " / " + r.lastName(), r.email(),
					r.phone(), r.birthDate(), r.streetLine(), r.postcode(), r.locality(), r.cardNumber(), r.noise()));
		}
		return out.toString();
	}

	private static long pairs(long n) {
		return n * (n - 1) / 2;
	}

}

package com.venuehub.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.MatchScore;
import com.venuehub.customer.matching.MatchSettings;
import com.venuehub.customer.matching.PersonMatcher;
import com.venuehub.customer.matching.TermFrequencies;
import com.venuehub.customer.population.GeneratedRecord;
import com.venuehub.customer.population.InMemoryResolution;
import com.venuehub.customer.population.Linkable;
import com.venuehub.customer.population.Population;
import com.venuehub.customer.population.PopulationGenerator;
import com.venuehub.customer.population.PopulationShape;
import com.venuehub.customer.population.RecordMatcher;
import com.venuehub.ingest.Identifiers;
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.platform.RecordRejectedException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The errors of the person matcher on a generated population, in memory, by class: for
 * each pair of one person's records left in two customers, what kept them apart (a record
 * without a first name, the family rule, no blocking key in common, a low score, the
 * corroboration rules); for each pair of two people's records in one customer, what they
 * share. Run with
 * {@code ./mvnw -Pbenchmark verify -Dtest=PopulationErrorClasses -Dpopulation.people=20000}
 * and optionally {@code -Dpopulation.shape=default|heldout} (default),
 * {@code -Dpopulation.examples=2} (records printed per class; for the pairs kept apart by
 * a contradiction in a customer, the records of both customers too),
 * {@code -Dpopulation.scripts=true} (each class split by the scripts other than Latin its
 * names are written in). A pair one of whose identifiers this tool flags as given under
 * more than five names says so.
 */
@Tag("benchmark")
class PopulationErrorClasses {

	private static final Identifiers IDENTIFIERS = new Identifiers(new IdentityProperties("FR", "[A-Z0-9]{6,24}"));

	@Test
	void errorsByClass() {
		int people = Integer.getInteger("population.people", 20_000);
		String shape = System.getProperty("population.shape", "default");
		int examples = Integer.getInteger("population.examples", 2);
		Population population = PopulationGenerator.generate(PopulationShape.named(shape).withPeople(people), "mem");
		List<GeneratedRecord> counted = population.records().stream().filter(GeneratedRecord::carriesContact).toList();
		RecordMatcher<MatchRecord> current = RecordMatcher.current();
		InMemoryResolution.Result result = new InMemoryResolution<>(current, 5).resolve(counted);
		List<MatchRecord> read = new ArrayList<>();
		for (GeneratedRecord r : counted) {
			read.add(current.read(r, normalized(r.email(), true), normalized(r.phone(), false)));
		}
		PersonMatcher matcher = new PersonMatcher(TermFrequencies.counting(read));
		MatchSettings settings = MatchSettings.defaults();
		Map<Integer, List<Integer>> byPerson = new HashMap<>();
		Map<Long, List<Integer>> byCustomer = new HashMap<>();
		for (int i = 0; i < counted.size(); i++) {
			byPerson.computeIfAbsent(counted.get(i).personId(), k -> new ArrayList<>()).add(i);
			byCustomer.computeIfAbsent(result.customerOf(counted.get(i)), k -> new ArrayList<>()).add(i);
		}
		// identifiers given under more than five names: this tool flags them, as the
		// in-memory resolution does, and they link nobody nor count in a score there (the
		// hub counts customers, not spellings, and flags far fewer)
		Map<String, Set<String>> namesOf = new HashMap<>();
		for (int i = 0; i < counted.size(); i++) {
			GeneratedRecord r = counted.get(i);
			if (r.readFirstName() == null || r.readLastName() == null) {
				continue;
			}
			String name = InMemoryResolution.nameKey(r.readFirstName()) + "|"
					+ InMemoryResolution.nameKey(r.readLastName());
			read.get(i).emails().forEach(e -> namesOf.computeIfAbsent(e, k -> new HashSet<>()).add(name));
			read.get(i).phones().forEach(e -> namesOf.computeIfAbsent(e, k -> new HashSet<>()).add(name));
		}
		Set<String> flagged = new HashSet<>();
		namesOf.forEach((identifier, names) -> {
			if (names.size() > 5) {
				flagged.add(identifier);
			}
		});
		// a pair is linkable when the person's records share more than names and a town
		Map<String, Integer> linkable = Linkable.groups(counted);
		Map<String, Integer> misses = new TreeMap<>();
		Map<String, List<String>> missExamples = new TreeMap<>();
		for (List<Integer> own : byPerson.values()) {
			for (int x = 0; x < own.size(); x++) {
				for (int y = x + 1; y < own.size(); y++) {
					int i = own.get(x);
					int j = own.get(y);
					if (result.customerOf(counted.get(i)).equals(result.customerOf(counted.get(j)))) {
						continue;
					}
					MatchRecord a = read.get(i);
					MatchRecord b = read.get(j);
					String why = (linkable.get(counted.get(i).eventId()).equals(linkable.get(counted.get(j).eventId()))
							? "linkable: " : "not linkable: ")
							+ missed(matcher, settings, current, a, b)
							+ (flagged.stream()
								.anyMatch(f -> a.emails().contains(f) || a.phones().contains(f)
										|| b.emails().contains(f) || b.phones().contains(f))
												? " (an identifier of theirs flagged, given under more than five names)"
												: "")
							+ (Boolean.getBoolean("population.scripts") ? script(counted.get(i), counted.get(j)) : "");
					misses.merge(why, 1, Integer::sum);
					List<String> shown = missExamples.computeIfAbsent(why, k -> new ArrayList<>());
					if (shown.size() < examples) {
						String around = "";
						if (why.contains("contradiction")) {
							// the customers each record is in: what keeps them apart
							for (int k : new int[] { i, j }) {
								around += "        customer of " + counted.get(k).eventId() + ":\n";
								for (int m : byCustomer.get(result.customerOf(counted.get(k)))) {
									around += "          " + describe(counted.get(m)) + "\n";
								}
							}
						}
						shown.add("      " + describe(counted.get(i)) + "\n      " + describe(counted.get(j))
								+ "\n      " + matcher.score(a, b) + "\n" + around);
					}
				}
			}
		}
		Map<String, Integer> merges = new TreeMap<>();
		Map<String, List<String>> mergeExamples = new TreeMap<>();
		for (List<Integer> members : byCustomer.values()) {
			for (int x = 0; x < members.size(); x++) {
				for (int y = x + 1; y < members.size(); y++) {
					int i = members.get(x);
					int j = members.get(y);
					GeneratedRecord ri = counted.get(i);
					GeneratedRecord rj = counted.get(j);
					if (ri.personId() == rj.personId()) {
						continue;
					}
					MatchRecord a = read.get(i);
					MatchRecord b = read.get(j);
					boolean shared = !Collections.disjoint(a.emails(), b.emails())
							|| !Collections.disjoint(a.phones(), b.phones())
							|| ri.cardNumber() != null && ri.cardNumber().equals(rj.cardNumber());
					String why;
					if (!shared) {
						why = settings.decide(matcher.score(a, b)) == MatchSettings.Decision.MERGE ? "matcher"
								: "through others";
					}
					else {
						boolean nameless = a.firstName() == null || b.firstName() == null;
						why = (nameless ? "identifier, a record without a first name" : "identifier, both named")
								+ (ri.householdId() == rj.householdId() ? " (household)" : "") + shared(a, b);
					}
					merges.merge(why, 1, Integer::sum);
					List<String> shown = mergeExamples.computeIfAbsent(why, k -> new ArrayList<>());
					if (shown.size() < examples) {
						shown.add("      " + describe(ri) + "\n      " + describe(rj) + "\n");
					}
				}
			}
		}
		System.out.printf("%n=== errors by class, population '%s', %,d people ===%n", shape, people);
		System.out.println("pairs of one person's records in two customers:");
		misses.forEach((why, n) -> {
			System.out.printf("  %,7d  %s%n", n, why);
			missExamples.get(why).forEach(System.out::print);
		});
		System.out.println("pairs of two people's records in one customer:");
		merges.forEach((why, n) -> {
			System.out.printf("  %,7d  %s%n", n, why);
			mergeExamples.get(why).forEach(System.out::print);
		});
		System.out.print(emailOwners(population, counted));
	}

	/**
	 * Of the records naming no first name whose email is a person's own (the ground
	 * truth), how many that person made and how many another, by who else gives the email
	 * on named records: what attributing such a record to the email's owner can reach.
	 */
	private static String emailOwners(Population population, List<GeneratedRecord> counted) {
		Map<String, Set<Integer>> givers = new HashMap<>();
		for (GeneratedRecord r : counted) {
			if (r.email() != null && r.readFirstName() != null) {
				givers.computeIfAbsent(r.email().strip().toLowerCase(Locale.ROOT), k -> new HashSet<>())
					.add(r.personId());
			}
		}
		Map<String, int[]> byGivers = new TreeMap<>();
		for (GeneratedRecord r : counted) {
			if (r.email() == null || r.readFirstName() != null) {
				continue;
			}
			String email = r.email().strip().toLowerCase(Locale.ROOT);
			Set<Integer> named = givers.getOrDefault(email, Set.of());
			Integer owner = named.stream()
				.filter(g -> population.person(g).emails().stream().anyMatch(e -> e.equalsIgnoreCase(email)))
				.findFirst()
				.orElse(null);
			if (owner == null) {
				continue;
			}
			boolean withoutOwn = named.stream()
				.anyMatch(g -> !g.equals(owner) && !population.person(g).child()
						&& population.person(g).emails().isEmpty());
			String who = withoutOwn ? "an adult with no email of their own gives it too" : named.size() > 1
					? "another gives it too (an email of their own, or a child)" : "its owner alone gives it";
			byGivers.computeIfAbsent(who, k -> new int[2])[r.personId() == owner ? 0 : 1]++;
		}
		StringBuilder out = new StringBuilder(
				"records naming no first name with a person's own email, on named records (owner's / another's):\n");
		byGivers.forEach((who, n) -> out.append(String.format("  %,7d / %,7d  %s%n", n[0], n[1], who)));
		return out.toString();
	}

	private static String missed(PersonMatcher matcher, MatchSettings settings, RecordMatcher<MatchRecord> current,
			MatchRecord a, MatchRecord b) {
		if (a.firstName() == null || b.firstName() == null) {
			return (a.firstName() == null && a.lastName() == null || b.firstName() == null && b.lastName() == null
					? "a record without a name" : "a record without a first name") + shared(a, b);
		}
		if (matcher.rulesOut(a, b)) {
			return "family rule (first names differ)";
		}
		Set<String> ka = current.blockingKeys(a);
		if (Collections.disjoint(ka, current.blockingKeys(b))) {
			return "no blocking key in common";
		}
		MatchScore score = matcher.score(a, b);
		MatchSettings.Decision decision = settings.decide(score);
		if (decision == MatchSettings.Decision.MERGE) {
			return "would merge: kept apart by a contradiction in a customer or a block cap";
		}
		Map<String, Double> w = score.weights();
		String detail = "";
		if (w.getOrDefault("birthDate", 0.0) < -5) {
			detail += " birth date differs;";
		}
		if (w.containsKey("lastName") && score.fields().get("lastName") < 0.88) {
			detail += " last name differs;";
		}
		boolean beyond = w.getOrDefault("birthDate", 0.0) > 0 || w.getOrDefault("street", 0.0) > 0
				|| w.getOrDefault("email", 0.0) > 0 || w.getOrDefault("phone", 0.0) > 0
				|| w.getOrDefault("emailLocalPart", 0.0) > 0;
		if (!beyond) {
			detail += " names and place only" + (w.containsKey("email") ? " (other emails)" : "")
					+ (w.containsKey("phone") ? " (other phones)" : "");
		}
		return (score.score() >= settings.mergeThreshold() ? "uncorroborated:" : "score under the threshold:") + detail;
	}

	/** Which scripts the two records' names are written in, beside Latin. */
	private static String script(GeneratedRecord a, GeneratedRecord b) {
		Set<String> scripts = new java.util.TreeSet<>();
		for (GeneratedRecord r : List.of(a, b)) {
			String names = (r.readFirstName() == null ? "" : r.readFirstName())
					+ (r.readLastName() == null ? "" : r.readLastName());
			names.codePoints()
				.filter(Character::isLetter)
				.mapToObj(c -> Character.UnicodeScript.of(c).name())
				.filter(sc -> !sc.equals("LATIN"))
				.forEach(scripts::add);
		}
		return scripts.isEmpty() ? "" : " [" + String.join(" ", scripts) + "]";
	}

	private static String shared(MatchRecord a, MatchRecord b) {
		String out = "";
		for (String e : a.emails()) {
			if (b.emails().contains(e)) {
				out += " email";
			}
		}
		for (String p : a.phones()) {
			if (b.phones().contains(p)) {
				out += p.startsWith("+336") || p.startsWith("+337") ? " mobile" : " landline";
			}
		}
		return out.isEmpty() ? ", nothing shared" : ", sharing" + out;
	}

	private static String describe(GeneratedRecord r) {
		return String.format("[%s p%d h%d] %s | %s | %s | %s | %s %s %s | %s | %s", r.source(), r.personId(),
				r.householdId(), r.fullName() != null ? r.fullName() : r.firstName() + " / " + r.lastName(), r.email(),
				r.phone(), r.birthDate(), r.streetLine(), r.postcode(), r.locality(), r.cardNumber(), r.noise());
	}

	private static String normalized(String raw, boolean email) {
		try {
			String value = email ? IDENTIFIERS.email(raw) : IDENTIFIERS.phone(raw);
			return value == null || IDENTIFIERS.blocked(value) ? null : value;
		}
		catch (RecordRejectedException ex) {
			return null;
		}
	}

}

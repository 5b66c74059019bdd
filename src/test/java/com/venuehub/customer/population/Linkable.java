package com.venuehub.customer.population;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.venuehub.ingest.Identifiers;
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.platform.RecordRejectedException;

/**
 * Which pairs of one person's records are linkable: joined by a chain of that person's
 * records in which each shares with the next something beyond names and a town. Two
 * records share something when they carry the same email, phone or card once normalized
 * (a placeholder or an invalid value is no identifier), the same birth date as typed, or
 * the same street address (number, street and postcode, written alike: lower case, no
 * accents, punctuation and way-type abbreviations spelled out). A pair outside any such
 * chain has nothing but names and a place in common, on any record of the person: no
 * matcher that keeps namesakes apart can join it.
 */
public final class Linkable {

	private static final Identifiers IDENTIFIERS = new Identifiers(new IdentityProperties("FR", "[A-Z0-9]{6,24}"));

	private static final Map<String, String> WAY_TYPES = Map.ofEntries(Map.entry("r", "rue"), Map.entry("av", "avenue"),
			Map.entry("ave", "avenue"), Map.entry("bd", "boulevard"), Map.entry("bld", "boulevard"),
			Map.entry("pl", "place"), Map.entry("ch", "chemin"), Map.entry("imp", "impasse"), Map.entry("all", "allee"),
			Map.entry("rte", "route"), Map.entry("st", "saint"), Map.entry("ste", "sainte"));

	private Linkable() {
	}

	/**
	 * The linkable pairs of the counted records, and how many of them ended in one
	 * customer.
	 */
	static long[] pairs(List<GeneratedRecord> counted, Function<GeneratedRecord, Long> customerOf) {
		Map<String, Integer> groups = groups(counted);
		Map<Integer, List<GeneratedRecord>> byGroup = new HashMap<>();
		counted.forEach(r -> byGroup.computeIfAbsent(groups.get(r.eventId()), k -> new ArrayList<>()).add(r));
		long linkable = 0;
		long right = 0;
		for (List<GeneratedRecord> records : byGroup.values()) {
			for (int i = 0; i < records.size(); i++) {
				for (int j = i + 1; j < records.size(); j++) {
					linkable++;
					Long a = customerOf.apply(records.get(i));
					if (a != null && a.equals(customerOf.apply(records.get(j)))) {
						right++;
					}
				}
			}
		}
		return new long[] { linkable, right };
	}

	/**
	 * The linkable group of each record (by event id): two records of one group are a
	 * linkable pair; groups never span two people.
	 */
	public static Map<String, Integer> groups(List<GeneratedRecord> counted) {
		Map<Integer, List<GeneratedRecord>> byPerson = new HashMap<>();
		counted.forEach(r -> byPerson.computeIfAbsent(r.personId(), k -> new ArrayList<>()).add(r));
		Map<String, Integer> groups = new HashMap<>();
		int next = 0;
		for (List<GeneratedRecord> records : byPerson.values()) {
			int n = records.size();
			int[] parent = new int[n];
			for (int i = 0; i < n; i++) {
				parent[i] = i;
			}
			Map<String, Integer> firstHolder = new HashMap<>();
			for (int i = 0; i < n; i++) {
				for (String value : evidence(records.get(i))) {
					Integer other = firstHolder.putIfAbsent(value, i);
					if (other != null) {
						parent[find(parent, i)] = find(parent, other);
					}
				}
			}
			for (int i = 0; i < n; i++) {
				groups.put(records.get(i).eventId(), next + find(parent, i));
			}
			next += n;
		}
		return groups;
	}

	/** What a record says beyond names and a town. */
	private static List<String> evidence(GeneratedRecord r) {
		List<String> values = new ArrayList<>();
		identifier(values, "EMAIL:", r.email(), true);
		identifier(values, "PHONE:", r.phone(), false);
		if (r.cardNumber() != null && !r.cardNumber().isBlank()) {
			values.add("CARD:" + IDENTIFIERS.card(r.cardNumber()));
		}
		if (r.birthDate() != null) {
			values.add("BORN:" + r.birthDate());
		}
		String[] street = InMemoryResolution.streetNumberAndName(r.streetLine());
		if (street[0] != null && street[1] != null && r.postcode() != null && !r.postcode().isBlank()) {
			values.add("ADDRESS:" + fold(street[0]) + "|" + street(street[1]) + "|" + fold(r.postcode()));
		}
		return values;
	}

	private static void identifier(List<String> values, String kind, String raw, boolean email) {
		if (raw == null || raw.isBlank()) {
			return;
		}
		try {
			// a placeholder or an address at a mistyped provider identifies nobody
			String value = email ? IDENTIFIERS.checkEmail(raw).usable() : IDENTIFIERS.phone(raw);
			if (value != null && !IDENTIFIERS.blocked(value)) {
				values.add(kind + value);
			}
		}
		catch (RecordRejectedException ex) {
			// an invalid value identifies nobody
		}
	}

	private static String street(String line) {
		StringBuilder out = new StringBuilder();
		for (String word : fold(line).split(" ")) {
			if (!word.isEmpty()) {
				out.append(WAY_TYPES.getOrDefault(word, word)).append(' ');
			}
		}
		return out.toString().strip();
	}

	private static String fold(String value) {
		return Normalizer.normalize(value.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
			.replaceAll("\\p{M}+", "")
			.replaceAll("[^a-z0-9]+", " ")
			.strip();
	}

	private static int find(int[] parent, int i) {
		while (parent[i] != i) {
			parent[i] = parent[parent[i]];
			i = parent[i];
		}
		return i;
	}

}

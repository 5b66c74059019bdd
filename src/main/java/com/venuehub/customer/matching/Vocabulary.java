package com.venuehub.customer.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Values many people hold, looked up by what one typo makes of them: a value is found
 * from any string one edit away (a letter added, left out, replaced, or two neighbouring
 * letters swapped), through the strings each makes with a letter left out.
 */
public final class Vocabulary {

	/** No value known. */
	public static final Vocabulary EMPTY = new Vocabulary(Map.of());

	private final Map<String, List<String>> byDeletion;

	private Vocabulary(Map<String, List<String>> byDeletion) {
		this.byDeletion = byDeletion;
	}

	/** The vocabulary of these values (normalized as {@link MatchRecord} holds them). */
	public static Vocabulary of(Collection<String> values) {
		Map<String, List<String>> index = new HashMap<>();
		for (String value : values) {
			String compact = value.replace(" ", "");
			index.computeIfAbsent(compact, k -> new ArrayList<>(1)).add(value);
			for (int i = 0; i < compact.length(); i++) {
				String deleted = compact.substring(0, i) + compact.substring(i + 1);
				List<String> at = index.computeIfAbsent(deleted, k -> new ArrayList<>(1));
				if (!at.contains(value)) {
					at.add(value);
				}
			}
		}
		return new Vocabulary(index);
	}

	public boolean isEmpty() {
		return this.byDeletion.isEmpty();
	}

	/** The values one edit away from this compacted string, itself left out. */
	List<String> oneEditFrom(String compact) {
		if (this.byDeletion.isEmpty()) {
			return List.of();
		}
		List<String> found = new ArrayList<>(2);
		collect(compact, compact, found);
		for (int i = 0; i < compact.length(); i++) {
			collect(compact.substring(0, i) + compact.substring(i + 1), compact, found);
		}
		return found;
	}

	private void collect(String key, String compact, List<String> found) {
		for (String value : this.byDeletion.getOrDefault(key, List.of())) {
			String c = value.replace(" ", "");
			if (!c.equals(compact) && !found.contains(value) && Typos.withinOneEdit(c, compact)) {
				found.add(value);
			}
		}
	}

}

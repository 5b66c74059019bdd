package com.venuehub.customer.matching;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The match probability of two records, the similarity of each field that both of them
 * carry and what each field added to the evidence (log2 of its Bayes factor).
 *
 * @param corroborated whether the records agree on more than names and place (a birth
 * date, a street, an email or a phone), tell which member of a household they are (a
 * first name or a birth date), and give neither another birth date nor another last name
 * unless they hold an email or a phone in common: without it a pair is never merged
 * automatically, whatever its score
 */
public record MatchScore(double score, Map<String, Double> fields, Map<String, Double> weights, boolean corroborated) {

	public MatchScore {
		fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
		weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
	}

}

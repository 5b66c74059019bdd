package com.venuehub.customer.matching;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The match probability of two records and the similarity of each field that both of them
 * carry.
 */
public record MatchScore(double score, Map<String, Double> fields) {

	public MatchScore {
		fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}
}

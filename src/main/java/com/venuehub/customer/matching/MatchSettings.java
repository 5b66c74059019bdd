package com.venuehub.customer.matching;

/**
 * Decision thresholds on the match score and the largest blocking block that is still
 * compared.
 */
public record MatchSettings(double mergeThreshold, double reviewThreshold, int maxBlockSize) {

	/** What to do with a scored pair. */
	public enum Decision {

		MERGE, REVIEW, DISTINCT

	}

	public MatchSettings {
		if (reviewThreshold > mergeThreshold) {
			throw new IllegalArgumentException("reviewThreshold must not exceed mergeThreshold");
		}
		if (maxBlockSize < 2) {
			throw new IllegalArgumentException("maxBlockSize must be at least 2");
		}
	}

	/** Thresholds chosen on FEBRL dataset1+2 (best F1 plateau 0.7-0.85 for merging). */
	public static MatchSettings defaults() {
		return new MatchSettings(0.85, 0.2, 200);
	}

	/**
	 * A pair that agrees on names and place alone goes to review at most: namesakes
	 * living in one town are common.
	 */
	public Decision decide(MatchScore score) {
		if (score.score() >= mergeThreshold) {
			return score.corroborated() ? Decision.MERGE : Decision.REVIEW;
		}
		return score.score() >= reviewThreshold ? Decision.REVIEW : Decision.DISTINCT;
	}
}

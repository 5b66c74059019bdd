package com.venuehub.customer.matching;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Fellegi-Sunter style scorer: sums log2 match/non-match weights per field and maps the
 * total to a probability.
 */
public final class PersonMatcher {

	/**
	 * Agreement levels of one field: similarity cut-offs and the log2 weight of each
	 * level.
	 */
	private record Levels(double closeAt, double fuzzyAt, double exact, double close, double fuzzy, double differ) {

		static Levels exactOnly(double exact, double differ) {
			return new Levels(1, 1, exact, exact, exact, differ);
		}

		double weight(double similarity) {
			if (similarity >= 1.0) {
				return exact;
			}
			return similarity >= closeAt ? close : similarity >= fuzzyAt ? fuzzy : differ;
		}

		boolean differs(double similarity) {
			return similarity < fuzzyAt;
		}
	}

	// log2 weights: m/u ratios estimated on FEBRL dataset1+2, with address and birth date
	// agreement capped because
	// real households share addresses and birth dates cluster more than in synthetic
	// data.
	private static final double PRIOR = -7;

	private static final Levels FIRST_NAME = new Levels(0.94, 0.88, 7, 6, 4, -3);

	private static final Levels LAST_NAME = new Levels(0.94, 0.88, 8, 7, 5, -3.5);

	private static final Levels BIRTH_DATE = new Levels(0.87, 0.75, 12, 4, 0, -4);

	private static final Levels STREET_NUMBER = Levels.exactOnly(4, -2);

	private static final Levels STREET = new Levels(0.95, 0.85, 6, 6, 3, -3);

	private static final Levels LOCALITY = new Levels(0.95, 0.85, 5, 5, 3, -3);

	private static final Levels POSTCODE = new Levels(0.75, 0.5, 5, 2, 0, -3);

	private static final Levels EMAIL = new Levels(0.92, 0.92, 12, 5, 5, -1);

	private static final double SWAP_PENALTY = 1;

	// Different first names: a different birth date means another household member (far
	// below review); a missing
	// one leaves the pair at most in review even when the whole address agrees.
	private static final double FAMILY_PENALTY = 20;

	private static final double UNCONFIRMED_PENALTY = 18;

	private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();

	private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();

	public MatchScore score(MatchRecord a, MatchRecord b) {
		Map<String, Double> fields = new LinkedHashMap<>();
		double total = PRIOR + names(a, b, fields);
		total += field(fields, "birthDate", a.birthDate(), b.birthDate(), PersonMatcher::dateSimilarity, BIRTH_DATE);
		total += field(fields, "streetNumber", a.streetNumber(), b.streetNumber(), PersonMatcher::editSimilarity,
				STREET_NUMBER);
		total += field(fields, "street", a.street(), b.street(), PersonMatcher::addressSimilarity, STREET);
		total += field(fields, "locality", a.locality(), b.locality(), PersonMatcher::textSimilarity, LOCALITY);
		total += field(fields, "postcode", a.postcode(), b.postcode(), PersonMatcher::editSimilarity, POSTCODE);
		total += field(fields, "emailLocalPart", a.emailLocalPart(), b.emailLocalPart(), PersonMatcher::emailSimilarity,
				EMAIL);

		Double firstName = fields.get("firstName");
		Double birthDate = fields.get("birthDate");
		if (firstName != null && FIRST_NAME.differs(firstName)) {
			if (birthDate == null) {
				total -= UNCONFIRMED_PENALTY;
			}
			else if (BIRTH_DATE.differs(birthDate)) {
				total -= FAMILY_PENALTY;
			}
		}
		if (fields.keySet().stream().allMatch(f -> f.equals("firstName") || f.equals("lastName"))) {
			total = Math.min(total, 0); // names alone are never enough to merge
		}
		return new MatchScore(1 / (1 + Math.pow(2, -total)), fields);
	}

	/**
	 * The family rule: different first names and different birth dates are two people (a
	 * household sharing a phone, an email or an address), whatever else agrees.
	 */
	public boolean contradicts(MatchRecord a, MatchRecord b) {
		Map<String, Double> fields = new LinkedHashMap<>();
		names(a, b, fields);
		Double firstName = fields.get("firstName");
		if (firstName == null || !FIRST_NAME.differs(firstName) || a.birthDate() == null || b.birthDate() == null) {
			return false;
		}
		return BIRTH_DATE.differs(dateSimilarity(a.birthDate(), b.birthDate()));
	}

	/**
	 * Compares the names as given and, when both records carry both names, also swapped;
	 * keeps the better.
	 */
	private static double names(MatchRecord a, MatchRecord b, Map<String, Double> fields) {
		Double first = nameSimilarity(a.firstName(), b.firstName());
		Double last = nameSimilarity(a.lastName(), b.lastName());
		double weight = (first == null ? 0 : FIRST_NAME.weight(first)) + (last == null ? 0 : LAST_NAME.weight(last));
		if (first != null && last != null) {
			double crossFirst = nameSimilarity(a.firstName(), b.lastName());
			double crossLast = nameSimilarity(a.lastName(), b.firstName());
			double swapped = FIRST_NAME.weight(crossFirst) + FIRST_NAME.weight(crossLast) - SWAP_PENALTY;
			if (swapped > weight) {
				first = crossFirst;
				last = crossLast;
				weight = swapped;
			}
		}
		if (first != null) {
			fields.put("firstName", first);
		}
		if (last != null) {
			fields.put("lastName", last);
		}
		return weight;
	}

	private static double field(Map<String, Double> fields, String name, String x, String y,
			ToDoubleBiFunction<String, String> similarity, Levels levels) {
		if (x == null || y == null) {
			return 0;
		}
		double s = similarity.applyAsDouble(x, y);
		fields.put(name, s);
		return levels.weight(s);
	}

	private static Double nameSimilarity(String x, String y) {
		if (x == null || y == null) {
			return null;
		}
		String cx = compact(x);
		String cy = compact(y);
		if (!digits(cx).equals(digits(cy))) {
			// digits in a name are a code (guest 12, group 3), not a typo: other digits,
			// another name
			return 0.0;
		}
		if (cx.length() == 1 || cy.length() == 1) {
			return cx.equals(cy) ? 1.0 : cx.charAt(0) == cy.charAt(0) ? 0.9 : 0.0;
		}
		return JARO_WINKLER.apply(cx, cy);
	}

	private static double textSimilarity(String x, String y) {
		return JARO_WINKLER.apply(compact(x), compact(y));
	}

	/**
	 * The better of whole-string Jaro-Winkler and token matching (Monge-Elkan),
	 * tolerating reordered or extra parts.
	 */
	private static double addressSimilarity(String x, String y) {
		double whole = textSimilarity(x, y);
		String[] xs = x.split(" ");
		String[] ys = y.split(" ");
		String[] shorter = xs.length <= ys.length ? xs : ys;
		String[] longer = shorter == xs ? ys : xs;
		if (longer.length == 1) {
			return whole;
		}
		double sum = 0;
		for (String token : shorter) {
			double best = 0;
			for (String other : longer) {
				best = Math.max(best, JARO_WINKLER.apply(token, other));
			}
			sum += best;
		}
		return Math.max(whole, Math.min(0.99, sum / shorter.length));
	}

	private static double emailSimilarity(String x, String y) {
		return JARO_WINKLER.apply(keep(x, false), keep(y, false));
	}

	private static double editSimilarity(String x, String y) {
		String cx = compact(x);
		String cy = compact(y);
		if (cx.equals(cy)) {
			return 1.0;
		}
		return 1.0 - (double) LEVENSHTEIN.apply(cx, cy) / Math.max(cx.length(), cy.length());
	}

	/**
	 * Birth dates as digit strings: a day/month swap counts as one typo; impossible dates
	 * compare like text.
	 */
	private static double dateSimilarity(String x, String y) {
		String dx = keep(x, true);
		String dy = keep(y, true);
		if (dx.isEmpty() || dy.isEmpty()) {
			return editSimilarity(x, y);
		}
		if (dx.length() == 8 && dy.length() == 8 && !dx.equals(dy) && dx.startsWith(dy.substring(0, 4))
				&& dx.substring(4, 6).equals(dy.substring(6, 8)) && dx.substring(6, 8).equals(dy.substring(4, 6))) {
			return 0.9;
		}
		return editSimilarity(dx, dy);
	}

	private static String keep(String s, boolean digitsOnly) {
		StringBuilder out = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c >= '0' && c <= '9' || !digitsOnly && c >= 'a' && c <= 'z') {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static String digits(String s) {
		StringBuilder out = null;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c >= '0' && c <= '9') {
				out = out == null ? new StringBuilder() : out;
				out.append(c);
			}
		}
		return out == null ? "" : out.toString();
	}

	private static String compact(String s) {
		return s.indexOf(' ') < 0 ? s : s.replace(" ", "");
	}

}

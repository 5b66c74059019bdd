package com.venuehub.customer.matching;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * Derives the blocking keys of a record; only records that share at least one key are
 * scored against each other.
 */
public final class BlockingKeys {

	private static final Pattern NON_DIGITS = Pattern.compile("[^0-9]");

	private final DoubleMetaphone metaphone = new DoubleMetaphone();

	public Set<String> keys(MatchRecord r) {
		Set<String> keys = new HashSet<>();
		String first = phonetic(r.firstName());
		String last = phonetic(r.lastName());
		String birthDate = digits(r.birthDate());
		String year = birthDate.length() >= 4 ? birthDate.substring(0, 4) : null;
		String postcode = r.postcode() == null ? null : r.postcode().replace(" ", "");
		String locality = phonetic(r.locality());
		String number = r.streetNumber();
		String street = phonetic(longestWord(r.street()));

		if (first != null && last != null) {
			keys.add("n|" + (first.compareTo(last) < 0 ? first + "|" + last : last + "|" + first));
		}
		if (birthDate.length() >= 6) {
			keys.add("d|" + birthDate);
		}
		if (last != null && year != null) {
			keys.add("ly|" + last + "|" + year);
		}
		if (postcode != null && r.firstName() != null) {
			keys.add("pf|" + postcode + "|" + r.firstName().charAt(0));
		}
		if (postcode != null && last != null) {
			keys.add("pl|" + postcode + "|" + last);
		}
		if (number != null && postcode != null) {
			keys.add("np|" + number + "|" + postcode);
		}
		if (number != null && locality != null) {
			keys.add("nl|" + number + "|" + locality);
		}
		if (street != null && number != null) {
			keys.add("ns|" + number + "|" + street);
		}
		if (street != null && postcode != null) {
			keys.add("ps|" + postcode + "|" + street);
		}
		if (last != null && locality != null) {
			keys.add("ll|" + last + "|" + locality);
		}
		if (r.emailLocalPart() != null) {
			keys.add("e|" + r.emailLocalPart());
		}
		return keys;
	}

	private String phonetic(String name) {
		if (name == null) {
			return null;
		}
		String code = metaphone.doubleMetaphone(name.replace(" ", ""));
		return code == null || code.isEmpty() ? null : code;
	}

	/**
	 * The longest word of a street line, usually its name rather than a type such as
	 * "rue" or "street".
	 */
	private static String longestWord(String s) {
		if (s == null) {
			return null;
		}
		String longest = "";
		for (String word : s.split(" ")) {
			if (word.length() > longest.length()) {
				longest = word;
			}
		}
		return longest;
	}

	private static String digits(String s) {
		return s == null ? "" : NON_DIGITS.matcher(s).replaceAll("");
	}

}

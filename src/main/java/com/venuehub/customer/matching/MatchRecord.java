package com.venuehub.customer.matching;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The identity attributes of one person that the matcher compares; build it with
 * {@link #of} to normalize.
 */
public record MatchRecord(String firstName, String lastName, String birthDate, String streetNumber, String street,
		String locality, String postcode, String emailLocalPart) {

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern SEPARATORS = Pattern.compile("[-'\u2019`\u00b4]+");

	private static final Pattern SPACES = Pattern.compile("\\s+");

	/**
	 * Normalizes the text values (lower case, no accents, hyphens and apostrophes as
	 * spaces, blank as null).
	 */
	public static MatchRecord of(String firstName, String lastName, String birthDate, String streetNumber,
			String street, String locality, String postcode, String emailLocalPart) {
		String date = birthDate == null || birthDate.isBlank() ? null : birthDate.trim();
		return new MatchRecord(normalize(firstName), normalize(lastName), date, normalize(streetNumber),
				normalize(street), normalize(locality), normalize(postcode), normalize(emailLocalPart));
	}

	static String normalize(String value) {
		if (value == null) {
			return null;
		}
		String s = Normalizer.normalize(value.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
		s = MARKS.matcher(s).replaceAll("");
		s = s.replace("\u00df", "ss")
			.replace("\u00e6", "ae")
			.replace("\u0153", "oe")
			.replace('\u00f8', 'o')
			.replace('\u0142', 'l')
			.replace('\u0111', 'd');
		s = SPACES.matcher(SEPARATORS.matcher(s).replaceAll(" ")).replaceAll(" ").trim();
		return s.isEmpty() ? null : s;
	}
}

package com.venuehub.email;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as a reader of the email's language writes them: {@code samedi 14 mars 2026}. */
final class ValidityDates {

	private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.FRENCH);

	private static final DateTimeFormatter FRENCH_FIRST = DateTimeFormatter.ofPattern("EEEE d'er' MMMM yyyy",
			Locale.FRENCH);

	private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);

	private ValidityDates() {
	}

	static String format(LocalDate date, String language) {
		if (date == null) {
			return "";
		}
		if ("fr".equals(language)) {
			// French writes the first day of a month "1er"
			return (date.getDayOfMonth() == 1 ? FRENCH_FIRST : FRENCH).format(date);
		}
		if ("en".equals(language)) {
			return ENGLISH.format(date);
		}
		return DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.forLanguageTag(language)).format(date);
	}

}

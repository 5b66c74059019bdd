package com.venuehub.ingest;

import java.util.Locale;
import java.util.Set;

/**
 * The shapes of what people type when they give no phone or email, whatever the venue
 * configured: a number of one or two digits repeated (06 00 00 00 00, 06 06 06 06 06) or
 * counting up (01 02 03 04 05, 01 23 45 67 89), an address whose name is its domain's
 * (aucun@aucun.fr, a@a.fr) or a word for "none". Such a value is the same for thousands
 * of strangers: it never links anyone nor receives anything.
 */
final class Placeholders {

	private static final Set<String> NONE = Set.of("aucun", "aucune", "none", "no", "non", "pas", "rien", "nomail",
			"noemail", "pasdemail", "sansmail", "sansemail", "inconnu", "inconnue", "unknown", "nobody", "noreply",
			"test", "xxx", "xx", "x", "a", "aa", "aaa", "abc", "toto", "email", "mail", "nc", "na");

	private Placeholders() {
	}

	/** Whether a normalized email or phone has the shape of a placeholder. */
	static boolean shaped(String value) {
		return value.indexOf('@') >= 0 ? email(value) : phone(value);
	}

	private static boolean email(String email) {
		int at = email.lastIndexOf('@');
		String local = letters(email.substring(0, at));
		String domain = email.substring(at + 1);
		int dot = domain.indexOf('.');
		String name = letters(dot < 0 ? domain : domain.substring(0, dot));
		return NONE.contains(local) || (!local.isEmpty() && local.equals(name));
	}

	/** On the last eight digits: a real subscriber number has more variety. */
	private static boolean phone(String phone) {
		String digits = digits(phone);
		if (digits.length() < 8) {
			return false;
		}
		String tail = digits.substring(digits.length() - 8);
		// one digit, or one pair, over and over
		if (tail.chars().distinct().count() == 1 || tail.equals(tail.substring(0, 2).repeat(4))) {
			return true;
		}
		// 01 23 45 67 89; not 06 12 34 56 78, the example number of every form, that
		// some people do own
		boolean counting = digits.endsWith("123456789") || digits.endsWith("987654321");
		boolean countingByPairs = true;
		for (int i = 0; i < tail.length(); i += 2) {
			countingByPairs &= tail.charAt(i) == '0' && (i == 0 || tail.charAt(i + 1) == tail.charAt(i - 1) + 1);
		}
		return counting || countingByPairs;
	}

	/** The digits of a value, in order. */
	static String digits(String s) {
		StringBuilder out = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c >= '0' && c <= '9') {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static String letters(String s) {
		StringBuilder out = new StringBuilder(s.length());
		for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
			if (Character.isLetterOrDigit(c)) {
				out.append(c);
			}
		}
		return out.toString();
	}

}

package com.venuehub.customer.population;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Emails and phones as French people have them: addresses at common providers mostly
 * built from the name (marie.martin87@gmail.com, the plain one being taken by a
 * namesake), valid mobiles and landlines (libphonenumber accepts them), each held by one
 * person or household; and the placeholders and broken values typed instead.
 */
final class ContactBook {

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private static final Weighted<String> PROVIDERS = new Weighted<String>().add("gmail.com", 40)
		.add("orange.fr", 10)
		.add("hotmail.fr", 9)
		.add("yahoo.fr", 7)
		.add("free.fr", 7)
		.add("wanadoo.fr", 5)
		.add("hotmail.com", 4)
		.add("sfr.fr", 4)
		.add("laposte.net", 4)
		.add("outlook.fr", 3)
		.add("icloud.com", 3)
		.add("outlook.com", 2)
		.add("live.fr", 2);

	private static final String[] EMPLOYERS = { "sncf.fr", "edf.fr", "laposte.fr", "ac-lyon.fr", "chu-lyon.fr",
			"orange.com", "bnpparibas.com", "renault.com", "capgemini.com", "ap-hm.fr", "ac-aix-marseille.fr",
			"credit-agricole.fr" };

	private static final String[] HANDLES = { "lapin", "soleil", "titi", "mimi", "loulou", "doudou", "chaton",
			"nounours", "papillon", "zebre", "tigre", "etoile", "lune", "bleu", "choupette", "cacahuete", "pitchoun",
			"fanfan", "zaza", "kiki" };

	/** What staff and kiosks type when a visitor gives no email. */
	static final String[] PLACEHOLDER_EMAILS = { "x@x.com", "xx@xx.fr", "test@test.com", "test@test.fr",
			"pas.de.mail@gmail.com", "pasdemail@orange.fr", "aucun@aucun.fr", "nomail@nomail.com", "a@a.fr",
			"sansmail@free.fr" };

	/** What staff and kiosks type when a visitor gives no phone. */
	static final String[] PLACEHOLDER_PHONES = { "0000000000", "0600000000", "0123456789", "0606060606", "0102030405",
			"1111111111" };

	private final Set<String> emails = new HashSet<>();

	private final Set<String> phones = new HashSet<>();

	/** A personal email built from the name, unique at its provider. */
	String personalEmail(RandomGenerator random, String first, String last, int birthYear) {
		String f = plain(first, random.nextBoolean() ? "-" : "");
		String l = plain(last, random.nextInt(4) == 0 ? "-" : "");
		String fi = f.isEmpty() ? "x" : f.substring(0, 1);
		String local = switch (pattern(random)) {
			case 0 -> f + "." + l;
			case 1 -> f + "." + l + digits(random, birthYear);
			case 2 -> f + l;
			case 3 -> fi + l;
			case 4 -> fi + "." + l;
			case 5 -> l + "." + f;
			case 6 -> f + "_" + l;
			case 7 -> f + "-" + l;
			case 8 -> f + digits(random, birthYear);
			case 9 -> l + digits(random, birthYear);
			case 10 -> f + "." + l.substring(0, 1);
			default -> HANDLES[random.nextInt(HANDLES.length)]
					+ (random.nextBoolean() ? "." + HANDLES[random.nextInt(HANDLES.length)] : "")
					+ digits(random, birthYear);
		};
		return unique(random, local, PROVIDERS.draw(random), birthYear);
	}

	/** A work address: first.last@employer. */
	String workEmail(RandomGenerator random, String first, String last, int birthYear) {
		String local = plain(first, "-") + "." + plain(last, "-");
		return unique(random, local, EMPLOYERS[random.nextInt(EMPLOYERS.length)], birthYear);
	}

	/** A household's shared address: famille.martin@…, lesmartin@… */
	String familyEmail(RandomGenerator random, String last) {
		String l = plain(last, "");
		String local = switch (random.nextInt(3)) {
			case 0 -> "famille." + l;
			case 1 -> "les" + l;
			default -> l + ".famille";
		};
		return unique(random, local, PROVIDERS.draw(random), 0);
	}

	/**
	 * A mobile (06 or 07) no one else holds. The 061 and 0756 ranges are left to the
	 * other tests of the shared test context, which draw their numbers from them.
	 */
	String mobile(RandomGenerator random) {
		while (true) {
			String number = (random.nextInt(100) < 70 ? "06" + (2 + random.nextInt(8)) : "07" + (3 + random.nextInt(7)))
					+ String.format(Locale.ROOT, "%07d", random.nextInt(10_000_000));
			if (!number.startsWith("0756") && valid(number) && this.phones.add(number)) {
				return number;
			}
		}
	}

	/** A landline of the postcode's region (01 Paris, 04 south-east…). */
	String landline(RandomGenerator random, String postcode) {
		String region = landlineRegion(postcode);
		while (true) {
			String number = "0" + region + (1 + random.nextInt(9))
					+ String.format(Locale.ROOT, "%07d", random.nextInt(10_000_000));
			if (valid(number) && this.phones.add(number)) {
				return number;
			}
		}
	}

	/** A phone as someone writes it: spaced, dotted, international… */
	static String written(RandomGenerator random, String national) {
		String n = national.substring(1);
		int u = random.nextInt(100);
		if (u < 35) {
			return pairs(national, " ");
		}
		if (u < 65) {
			return national;
		}
		if (u < 75) {
			return pairs(national, ".");
		}
		if (u < 85) {
			return "+33 " + n.charAt(0) + " " + pairs(n.substring(1), " ");
		}
		if (u < 93) {
			return "+33" + n;
		}
		if (u < 97) {
			return "0033 " + n.charAt(0) + " " + pairs(n.substring(1), " ");
		}
		return pairs(national, "-");
	}

	/**
	 * A phone libphonenumber rejects: an unassigned mobile range (07 0x–07 2x), or the
	 * person's number with a digit missing or one too many.
	 */
	static String invalidPhone(RandomGenerator random, String national) {
		while (true) {
			String number = switch (random.nextInt(3)) {
				case 0 -> "07" + random.nextInt(3) + String.format(Locale.ROOT, "%07d", random.nextInt(10_000_000));
				case 1 -> national == null ? "06" + random.nextInt(10_000_000) : national.substring(0, 9);
				default -> (national == null ? "0612345678" : national) + random.nextInt(10);
			};
			if (!valid(number)) {
				return random.nextBoolean() ? pairs(number, " ") : number;
			}
		}
	}

	/**
	 * An email that is no address: no domain suffix, no @, a space, a one-letter suffix.
	 */
	static String invalidEmail(RandomGenerator random, String email) {
		String local = email.substring(0, email.indexOf('@'));
		String domain = email.substring(email.indexOf('@') + 1);
		return switch (random.nextInt(4)) {
			case 0 -> local + "@" + domain.substring(0, domain.lastIndexOf('.'));
			case 1 -> local + "." + domain;
			case 2 -> local.replaceFirst("[._-]", " ") + (local.matches(".*[._-].*") ? "" : " ") + "@" + domain;
			default -> local + "@" + domain.substring(0, domain.lastIndexOf('.') + 2);
		};
	}

	/** A misspelt provider: gmial.com, hotmial.fr. */
	static String misspeltDomain(String email) {
		return email.replace("@gmail.", "@gmial.")
			.replace("@hotmail.", "@hotmial.")
			.replace("@orange.", "@orang.")
			.replace("@yahoo.", "@yaho.");
	}

	static boolean valid(String number) {
		try {
			return PHONES.isValidNumber(PHONES.parse(number, "FR"));
		}
		catch (NumberParseException ex) {
			return false;
		}
	}

	/** Lower case ASCII letters and digits, the name's separators replaced. */
	static String plain(String name, String separator) {
		String s = Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
		s = s.replace("œ", "oe").replace("æ", "ae").replace("'", "");
		return s.replaceAll("[^a-z0-9]+", separator).replaceAll("^-|-$", "");
	}

	private String unique(RandomGenerator random, String local, String domain, int birthYear) {
		String candidate = local + "@" + domain;
		// the plain address is taken: people add their birth year or a few digits
		for (int attempt = 0; !this.emails.add(candidate); attempt++) {
			String suffix = attempt == 0 && birthYear > 0 ? String.valueOf(birthYear % 100)
					: String.valueOf(random.nextInt(attempt < 5 ? 100 : 10_000));
			candidate = local + suffix + "@" + domain;
		}
		return candidate;
	}

	private static int pattern(RandomGenerator random) {
		int u = random.nextInt(100);
		int[] upTo = { 30, 48, 54, 60, 64, 69, 72, 74, 79, 82, 85 };
		for (int i = 0; i < upTo.length; i++) {
			if (u < upTo[i]) {
				return i;
			}
		}
		return upTo.length;
	}

	private static String digits(RandomGenerator random, int birthYear) {
		int u = random.nextInt(4);
		if (birthYear > 0 && u < 2) {
			return String.format(Locale.ROOT, "%02d", birthYear % 100);
		}
		if (birthYear > 0 && u == 2) {
			return String.valueOf(birthYear);
		}
		return String.valueOf(1 + random.nextInt(random.nextBoolean() ? 99 : 999));
	}

	private static String pairs(String digits, String separator) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < digits.length(); i++) {
			if (i > 0 && i % 2 == 0) {
				out.append(separator);
			}
			out.append(digits.charAt(i));
		}
		return out.toString();
	}

	private static String landlineRegion(String postcode) {
		String department = postcode.substring(0, 2);
		return switch (department) {
			case "75", "77", "78", "91", "92", "93", "94", "95" -> "1";
			case "14", "22", "29", "35", "44", "49", "53", "56", "72", "76", "37", "45", "97" -> "2";
			case "21", "25", "51", "54", "57", "67", "68", "59", "62", "80", "71", "58" -> "3";
			case "17", "31", "33", "64", "86", "87", "40", "47", "24", "79" -> "5";
			default -> "4";
		};
	}

}

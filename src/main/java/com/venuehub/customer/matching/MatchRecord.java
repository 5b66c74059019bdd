package com.venuehub.customer.matching;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.ibm.icu.text.Transliterator;

/**
 * The identity attributes of one person that the matcher compares; build it with
 * {@link #of} to normalize.
 *
 * @param emailLocalPart the local part of one of the person's emails (a blocking key)
 * @param emails every usable email of the person (valid, not a placeholder, not flagged)
 * @param phones every usable phone of the person, E.164
 */
public record MatchRecord(String firstName, String lastName, String birthDate, String streetNumber, String street,
		String locality, String postcode, String emailLocalPart, Set<String> emails, Set<String> phones) {

	private static final Cache<String, String> FOLDED = Caffeine.newBuilder()
		.maximumSize(100_000)
		// the cache's upkeep on the caller's thread, not handed to the common pool
		.executor(Runnable::run)
		.build();

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern SEPARATORS = Pattern.compile("[-'\u2019`\u00b4]+");

	private static final Pattern SPACES = Pattern.compile("\\s+");

	/**
	 * Any script to Latin, then to ASCII: "Дмитрий" and "Dmitri" compare as letters, not
	 * as two strings with no letter in common. Two scripts are written as their people
	 * write their names in Latin letters:
	 * <ul>
	 * <li>Greek as modern Greek (the UN transliteration: Ελένη Eleni, Δημήτρης Dimitris),
	 * not as ancient Greek (Elene, Demetres);</li>
	 * <li>the Cyrillic soft and hard signs, which have no letter: an i before я, ю, е or
	 * ё (Дарья Daria, Татьяна Tatiana, Наталья Natalia), nothing elsewhere (Ольга Olga,
	 * Игорь Igor); ё as io (Фёдоров Fiodorov, Пётр Piotr), but as e after ж, ш, ч and щ,
	 * where it sounds o without the i (Хрущёв Khrouchtchev); й as i (Николай Nikolaï,
	 * Андрей Andreï), and not at all after и or ы (Дмитрий Dmitri, Юрий Iouri); ю and я
	 * as iou and ia (Юлия Ioulia, Любовь Lioubov, Вячеслав Viatcheslav), ou and a after
	 * an i (Дарья Daria, Мария Maria), so that an initial I stands for them; г as gu
	 * before e and i, where French keeps it hard (Сергей Sergueï, Евгений Evgueni).</li>
	 * <li>Arabic as names are spelled, not as the letters are: the final tāʾ marbūṭa is
	 * silent (فاطمة Fatima, خديجة Khadija, not "fatmt"), and an alif is kept as the mark
	 * ʾ, not as the vowel a, so that a name without its short vowels stays a skeleton of
	 * consonants that its Latin spelling is compared with (قاسم qʾsm beside Kacem).</li>
	 * </ul>
	 * A transliterator is not safe for concurrent use: one per thread.
	 */
	private static final ThreadLocal<Transliterator> TO_LATIN = ThreadLocal
		.withInitial(() -> Transliterator.createFromRules("venue-hub-names", """
				::Greek-Latin/UNGEGN;
				ь } [яюеё] > и;
				[ьъ] > ;
				[иы] { й > ;
				й > i;
				[жшчщ] { ё > е;
				ё > ио;
				г } [еиэ] > gu;
				[иi] { ю > ou;
				ю > iou;
				[иi] { я > a;
				я > ia;
				ة > ;
				[اآأإٱ] > ʾ;
				::Any-Latin;
				::Latin-ASCII;""", Transliterator.FORWARD));

	public MatchRecord {
		emails = emails == null ? Set.of() : Set.copyOf(emails);
		phones = phones == null ? Set.of() : Set.copyOf(phones);
	}

	/**
	 * Normalizes the text values (lower case, transliterated to Latin, no accents,
	 * hyphens and apostrophes as spaces, blank as null).
	 */
	public static MatchRecord of(String firstName, String lastName, String birthDate, String streetNumber,
			String street, String locality, String postcode, String emailLocalPart) {
		String date = birthDate == null || birthDate.isBlank() ? null : birthDate.trim();
		return new MatchRecord(name(firstName), name(lastName), date, normalize(streetNumber), normalize(street),
				normalize(locality), normalize(postcode), normalize(emailLocalPart), Set.of(), Set.of());
	}

	/**
	 * This record with the person's usable emails and phones (already normalized by the
	 * identifier rules); the first email's local part becomes the blocking local part
	 * when none is set.
	 */
	public MatchRecord withContacts(Collection<String> emails, Collection<String> phones) {
		Set<String> folded = new TreeSet<>();
		if (emails != null) {
			emails.stream()
				.filter(e -> e != null && e.indexOf('@') > 0)
				.map(MatchRecord::foldEmail)
				.forEach(folded::add);
		}
		String localPart = this.emailLocalPart;
		if (localPart == null && !folded.isEmpty()) {
			String first = folded.iterator().next();
			localPart = first.substring(0, first.indexOf('@'));
		}
		return new MatchRecord(this.firstName, this.lastName, this.birthDate, this.streetNumber, this.street,
				this.locality, this.postcode, localPart, folded, phones == null ? Set.of() : new TreeSet<>(phones));
	}

	/** This record with other names (already normalized). */
	MatchRecord withNames(String first, String last) {
		return new MatchRecord(first, last, this.birthDate, this.streetNumber, this.street, this.locality,
				this.postcode, this.emailLocalPart, this.emails, this.phones);
	}

	/** A name: an initial's dot ("V. Le Cabeland") is no letter. */
	private static String name(String value) {
		return value == null ? null : normalize(value.replace('.', ' '));
	}

	/**
	 * An email as the matcher compares it: lower case, its local part in Latin letters.
	 */
	static String foldEmail(String email) {
		int at = email.lastIndexOf('@');
		String local = normalize(email.substring(0, at));
		return (local == null ? "" : local) + email.substring(at).toLowerCase(Locale.ROOT);
	}

	static String normalize(String value) {
		if (value == null) {
			return null;
		}
		String s = value.toLowerCase(Locale.ROOT);
		if (plain(s)) {
			// most values: nothing to fold
			return s;
		}
		// names, streets and towns come back again and again: the costly folding of
		// accents and other scripts is remembered; ASCII (an email's local part, a
		// hyphenated name) folds quicker than a lookup
		String folded = ascii(s) ? foldAscii(s) : FOLDED.get(s, MatchRecord::fold);
		return folded.isEmpty() ? null : folded;
	}

	private static boolean ascii(String s) {
		for (int i = 0; i < s.length(); i++) {
			if (s.charAt(i) >= 0x80) {
				return false;
			}
		}
		return true;
	}

	/**
	 * {@link #fold} of an ASCII value: separators and runs of spaces become one space,
	 * none leading or trailing.
	 */
	static String foldAscii(String s) {
		StringBuilder folded = new StringBuilder(s.length());
		boolean space = false;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '-' || c == '\'' || c == '`' || c == ' ' || (c >= '\t' && c <= '\r')) {
				space = true;
			}
			else {
				if (space && !folded.isEmpty()) {
					folded.append(' ');
				}
				space = false;
				folded.append(c);
			}
		}
		return folded.toString().trim();
	}

	static String fold(String lowerCase) {
		String s = lowerCase;
		if (!latin(s)) {
			s = TO_LATIN.get().transliterate(KoreanSurnames.spelled(s)).toLowerCase(Locale.ROOT);
		}
		s = Normalizer.normalize(s, Normalizer.Form.NFD);
		s = MARKS.matcher(s).replaceAll("");
		s = s.replace("\u00df", "ss")
			.replace("\u00e6", "ae")
			.replace("\u0153", "oe")
			.replace('\u00f8', 'o')
			.replace('\u0142', 'l')
			.replace('\u0111', 'd');
		return SPACES.matcher(SEPARATORS.matcher(s).replaceAll(" ")).replaceAll(" ").trim();
	}

	/**
	 * Whether a value is already as {@link #normalize(String)} leaves it: ASCII letters
	 * and digits, words apart by one space, none leading or trailing.
	 */
	private static boolean plain(String s) {
		boolean afterSpace = true;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				afterSpace = false;
			}
			else if (c == ' ' && !afterSpace) {
				afterSpace = true;
			}
			else {
				return false;
			}
		}
		return !afterSpace;
	}

	/** Whether every letter is of the Latin alphabets (accents folded apart). */
	private static boolean latin(String s) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c >= 0x0250 && !(c >= 0x0300 && c <= 0x036f) && c != '\u2019') {
				return false;
			}
		}
		return true;
	}

}

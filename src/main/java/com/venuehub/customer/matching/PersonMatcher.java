package com.venuehub.customer.matching;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.venuehub.customer.matching.TermFrequencies.Field;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Fellegi-Sunter scorer: the prior odds that two records are one person (one in the
 * population) times, per field, the Bayes factor of what was observed: agreement weighed
 * by how common the value is, disagreement as evidence against. Each factor is m/u: how
 * often that observation happens for two records of one person, and for two people. The
 * table of m and u, and why each value, is in docs/identity.md.
 *
 * <p>
 * Besides the score, a pair is merged automatically only when corroborated: the records
 * agree on more than names and place (a birth date, a street, an email or a phone both
 * hold, a telling email local part), a first name or a birth date says which member of a
 * household it is, and neither another birth date nor another last name says two people
 * without an email or a phone both hold.
 */
public final class PersonMatcher {

	/**
	 * Agreement levels of a name or a place: similarity cut-offs, m of an exact agreement
	 * (its u is the value's frequency), and log2 weights of the other levels.
	 */
	private record Levels(double closeAt, double fuzzyAt, double exactM, double close, double fuzzy, double differ) {

		double weight(double similarity, double share) {
			if (similarity >= 1.0) {
				return log2(this.exactM / share);
			}
			return similarity >= this.closeAt ? this.close : similarity >= this.fuzzyAt ? this.fuzzy : this.differ;
		}

		boolean differs(double similarity) {
			return similarity < this.fuzzyAt;
		}

	}

	/** What separates the words of an email's local part. */
	private static final Pattern NOT_LETTERS = Pattern.compile("[^a-z]+");

	/** Digits, dropped from a local part to compare its letters. */
	private static final Pattern DIGIT = Pattern.compile("[0-9]");

	// m: one person's records agree exactly 90% of the time (typos, spelling); close
	// (one typo) 5% vs 0.4% for two people; different 3% vs 95%
	private static final Levels FIRST_NAME = new Levels(0.94, 0.88, 0.90, log2(0.05 / 0.004), 0, log2(0.03 / 0.95));

	// last names also change at marriage: different 4% of the time for one person
	private static final Levels LAST_NAME = new Levels(0.94, 0.88, 0.88, log2(0.06 / 0.002), log2(0.02 / 0.01),
			log2(0.04 / 0.98));

	private static final double INITIAL_AGREES = 2;

	// two members of one household bear the same last name about 40% of the time
	private static final double HOUSEHOLD_LAST_NAME = log2(0.88 / 0.4);

	private static final double SWAP_PENALTY = 1;

	// one birth date in about 18,000 (fifty years of days); one typo (a digit wrong, two
	// digits swapped) or day and month swapped 5% vs 0.4%; another year, or another day
	// and month: a person has one birth date, so one person's records show that only
	// when a date is someone else's or made up (0.2%), two people's 99% of the time
	private static final double BIRTH_EXACT = log2(0.92 * 18_000);

	private static final double BIRTH_CLOSE = log2(0.05 / 0.004);

	private static final double BIRTH_DIFFER = log2(0.002 / 0.99);

	// people move: a different postcode 11% of the time for one person
	private static final double POSTCODE_EXACT_M = 0.85;

	private static final double POSTCODE_DIFFER = log2(0.11 / 0.95);

	private static final double LOCALITY_EXACT_M = 0.06;

	private static final double LOCALITY_CLOSE = log2(0.05 / 0.01);

	private static final double PLACE_DIFFER = log2(0.10 / 0.92);

	// the same number and street within a place: one address in a few thousand; movers
	// make one person's addresses differ 17% of the time
	private static final double ADDRESS_SAME = log2(0.75 * 3000);

	// the same street, a number on one record only: 20% vs one street in three hundred
	private static final double STREET_ONLY = log2(0.20 / 0.003);

	// the same street at another number: a number mistyped or a move along the street,
	// 3% vs one street in three hundred
	private static final double STREET_OTHER_NUMBER = log2(0.03 / 0.003);

	private static final double ADDRESS_DIFFER = log2(0.17 / 0.98);

	// an email both hold; the same local part with digits of one's own at two providers;
	// different emails (people own several: 35%)
	private static final double EMAIL_SHARED = log2(0.5 / 1e-6);

	private static final double LOCAL_PART_SAME = log2(0.15 / 1e-4);

	private static final double EMAIL_DIFFER = log2(0.35 / 0.999);

	private static final double PHONE_SHARED = log2(0.6 / 1e-5);

	private static final double PHONE_DIFFER = log2(0.3 / 0.999);

	private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();

	private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();

	private final TermFrequencies frequencies;

	/** A matcher that knows nothing of the population: every value is typical. */
	public PersonMatcher() {
		this(TermFrequencies.typical());
	}

	public PersonMatcher(TermFrequencies frequencies) {
		this.frequencies = frequencies;
	}

	public MatchScore score(MatchRecord x, MatchRecord y) {
		MatchRecord a = aligned(x, y);
		MatchRecord b = a == x ? aligned(y, x) : y;
		Map<String, Double> fields = new LinkedHashMap<>();
		Map<String, Double> weights = new LinkedHashMap<>();
		double total = -log2(this.frequencies.population());
		boolean sharedEmail = shares(a.emails(), b.emails());
		boolean sharedPhone = shares(a.phones(), b.phones());
		// the members of a household share an address (the same number and street), a
		// phone or an email, and most often their last name: once they share one of
		// those, the same last name is expected of two people too, and says little more.
		// A street alike, or the same street at another number, is no shared address.
		boolean household = sharedEmail || sharedPhone || sameAddress(a, b);
		total += names(a, b, household, fields, weights);
		boolean corroborated = false;

		Born born = null;
		if (a.birthDate() != null && b.birthDate() != null) {
			born = birthDates(a.birthDate(), b.birthDate());
			double w = switch (born) {
				case SAME -> BIRTH_EXACT;
				case CLOSE -> BIRTH_CLOSE;
				case PARTLY -> 0;
				case DIFFERENT -> BIRTH_DIFFER;
			};
			corroborated |= born == Born.SAME || born == Born.CLOSE;
			total += put(fields, weights, "birthDate", dateSimilarity(a.birthDate(), b.birthDate()), w);
		}
		boolean otherPlace = otherPlace(a, b);
		total += place(a, b, fields, weights);
		// one home: the same street of one place (at any number, or with none on a
		// record), or the same number on a street the records write alike
		boolean home = false;
		if (a.street() != null && b.street() != null) {
			Streets.Agreement street = Streets.compare(a.street(), b.street());
			boolean numbers = a.streetNumber() != null && b.streetNumber() != null;
			boolean sameNumber = numbers && editSimilarity(a.streetNumber(), b.streetNumber()) >= 1.0;
			home = !otherPlace && samePlace(fields)
					&& (street == Streets.Agreement.SAME || street == Streets.Agreement.SIMILAR && sameNumber);
			if (numbers) {
				fields.put("streetNumber", sameNumber ? 1.0 : 0.0);
			}
			double w;
			if (otherPlace) {
				// in another town a street says nothing more: a mover's street differs,
				// and the place's weight already says they moved
				w = 0;
			}
			else if (street == Streets.Agreement.SAME) {
				w = sameNumber ? ADDRESS_SAME : numbers ? STREET_OTHER_NUMBER : STREET_ONLY;
				// the same street of the same place says more than the town
				corroborated = true;
			}
			else {
				w = street == Streets.Agreement.SIMILAR ? 0 : ADDRESS_DIFFER;
			}
			total += put(fields, weights, "street", editSimilarity(a.street(), b.street()), w);
		}
		// an email or a phone two first names share is a household's
		Double firstNames = fields.get("firstName");
		boolean otherFirstName = firstNames != null && FIRST_NAME.differs(firstNames);
		if (!a.emails().isEmpty() && !b.emails().isEmpty()) {
			double w;
			double s;
			if (sharedEmail && otherFirstName) {
				w = 0;
				s = 1.0;
			}
			else if (sharedEmail) {
				w = EMAIL_SHARED;
				s = 1.0;
				corroborated = true;
			}
			else if (sameTellingLocalPart(a, b)) {
				w = otherFirstName ? 0 : LOCAL_PART_SAME;
				s = 0.95;
				corroborated |= !otherFirstName;
			}
			else {
				w = EMAIL_DIFFER;
				s = 0.0;
			}
			total += put(fields, weights, "email", s, w);
		}
		else if (a.emailLocalPart() != null && b.emailLocalPart() != null) {
			// local parts alone (records without their addresses): only a telling one
			// counts
			boolean same = keep(a.emailLocalPart(), false).equals(keep(b.emailLocalPart(), false));
			boolean telling = same && telling(a.emailLocalPart());
			corroborated |= telling;
			total += put(fields, weights, "emailLocalPart", same ? 1.0 : 0.0, telling ? LOCAL_PART_SAME : 0);
		}
		if (!a.phones().isEmpty() && !b.phones().isEmpty()) {
			corroborated |= sharedPhone && !otherFirstName;
			total += put(fields, weights, "phone", sharedPhone ? 1.0 : 0.0,
					sharedPhone ? otherFirstName ? 0 : PHONE_SHARED : PHONE_DIFFER);
		}
		// another birth date: two people, whatever they share (a father and the son
		// named after him give one email); another last name: two people, unless an
		// email or a phone both hold says one (one who changed names keeps them)
		Double lastNames = fields.get("lastName");
		boolean sharedIdentifier = (sharedEmail || sharedPhone) && !otherFirstName;
		// another last name beside the same first name, the same full birth date and one
		// home is one person whose name changed or was replaced: two people of one first
		// name born the same day at one address are a coincidence a venue never sees
		boolean renamed = born == Born.SAME && firstNames != null && !otherFirstName && home;
		if (born == Born.DIFFERENT
				|| !sharedIdentifier && lastNames != null && LAST_NAME.differs(lastNames) && !renamed) {
			corroborated = false;
		}
		// an email, a phone or an address tells a household; a first name or a birth
		// date, which of its members. Beside an email or a phone both hold, first names
		// merely alike (Lou and Louis) are two of them: the same name, a typo of it, an
		// initial or the name cut short is one
		boolean member = firstNames != null
				&& !FIRST_NAME.differs(firstNames) && (!sharedEmail && !sharedPhone
						|| firstNames >= FIRST_NAME.closeAt() || oneMember(a.firstName(), b.firstName()))
				|| born == Born.SAME || born == Born.CLOSE;
		return new MatchScore(1 / (1 + Math.pow(2, -total)), fields, weights, corroborated && member);
	}

	/**
	 * The family rule: two records whose first names differ (not a typo, not swapped with
	 * the last name), or whose birth dates clearly differ (another year, or another day
	 * and month), are two people, whatever identifier they share: a household shares a
	 * phone, an email and an address, twins a birth date too, and a son named after his
	 * father the first name.
	 */
	public boolean contradicts(MatchRecord x, MatchRecord y) {
		if (x.birthDate() != null && y.birthDate() != null
				&& birthDates(x.birthDate(), y.birthDate()) == Born.DIFFERENT) {
			return true;
		}
		return otherFirstNames(x, y);
	}

	private boolean otherFirstNames(MatchRecord x, MatchRecord y) {
		MatchRecord a = aligned(x, y);
		MatchRecord b = a == x ? aligned(y, x) : y;
		Double first = firstNames(a, b);
		if (first == null) {
			return false;
		}
		if (!FIRST_NAME.differs(first)) {
			// names merely alike (Christine and Christian), each spelt whole by the
			// record's own email, are two names, not one mistyped; an initial whose
			// record's email spells another name with it (L. with lea.gorigoux beside
			// Laura) is that other name's
			return spelledApart(a, b) || initialSpelledOtherwise(a, b) || initialSpelledOtherwise(b, a)
					|| alikeUnderAnotherLastName(a, b, first);
		}
		return !swapped(a, b);
	}

	/**
	 * First names merely alike (Patricia, Patrick: not one typo of each other, an initial
	 * or a name cut short) under last names with nothing alike (Salarine, Du Flaière) are
	 * two people, whatever email or phone they share: one who changes last names keeps
	 * the first name, and a couple gives one address.
	 */
	private static boolean alikeUnderAnotherLastName(MatchRecord a, MatchRecord b, double first) {
		return first < FIRST_NAME.closeAt() && a.lastName() != null && b.lastName() != null
				&& !oneMember(a.firstName(), b.firstName()) && !lastNameAlike(a.lastName(), b.lastName())
				&& !mainWordOf(a.lastName(), b.lastName());
	}

	/**
	 * Whether a record naming its person by an initial gives an email that spells its
	 * first and last names and nothing else ({@code lea.gorigoux} for "L. Gorigoux"), the
	 * first name another than the other record's whole one (Laura): not one typo of it
	 * nor cut short.
	 */
	private boolean initialSpelledOtherwise(MatchRecord initial, MatchRecord whole) {
		String letter = compact(initial.firstName());
		String other = compact(whole.firstName());
		if (letter.length() != 1 || other.length() < 2 || initial.lastName() == null) {
			return false;
		}
		String last = compact(initial.lastName());
		for (String email : initial.emails()) {
			String local = email.substring(0, email.lastIndexOf('@'));
			// the first name a word of its own beside the whole last name: lea.gorigoux,
			// gorigoux.lea; not adu-lamenon, the initial glued to Du Lamenon
			for (String word : NOT_LETTERS.split(local)) {
				if (word.length() >= 3 && word.startsWith(letter)
						&& DIGIT.matcher(keep(local, false).replace(word, "")).replaceAll("").equals(last)) {
					Double similarity = firstNameSimilarity(word, other);
					return similarity != null && FIRST_NAME.differs(similarity) && !oneMember(word, other);
				}
			}
		}
		return false;
	}

	/**
	 * Whether one of two records holds the other's names swapped, its first name in the
	 * last name's field and its last name in the first name's: the names compared
	 * crosswise, each as what it is on the record that holds it in the right field. A
	 * last name so moved is often cut short by the field, or written without its particle
	 * ("Le Serarol / Clara" beside Clara Serarol, "Du / Kevin" beside Kevin Du Palois); a
	 * first name, as first names are ({@link #firstNameSimilarity}).
	 */
	private boolean swapped(MatchRecord a, MatchRecord b) {
		if (a.firstName() == null || a.lastName() == null || b.firstName() == null || b.lastName() == null) {
			return false;
		}
		// b swapped: a's first name is b's last, a's last name b's first; or the reverse
		return firstNameAlike(a.firstName(), b.lastName()) && lastNameAlike(a.lastName(), b.firstName())
				|| lastNameAlike(a.firstName(), b.lastName()) && firstNameAlike(a.lastName(), b.firstName());
	}

	private boolean firstNameAlike(String x, String y) {
		Double first = firstNameSimilarity(x, y);
		return first != null && !FIRST_NAME.differs(first);
	}

	/**
	 * Two last names one person writes: alike ({@link #nameSimilarity}), alike once the
	 * particles they begin with are left out (Le Serarol, Serarol; Leferarrol, Ferarol),
	 * or one the other's beginning: its particle alone (Du for Du Palois), or five
	 * letters and more of it with two letters and more cut off (Demarari for De
	 * Mararine); a name one letter longer is another name (Louis, Louise).
	 */
	private static boolean lastNameAlike(String x, String y) {
		Double similarity = nameSimilarity(x, y);
		if (similarity == null) {
			return false;
		}
		if (similarity != OTHER_GENDER && !LAST_NAME.differs(similarity)) {
			return true;
		}
		String cx = compact(x);
		String cy = compact(y);
		String shorter = cx.length() <= cy.length() ? cx : cy;
		String longer = shorter == cx ? cy : cx;
		if (longer.startsWith(shorter) && (NAME_PARTICLES.contains(shorter)
				|| shorter.length() >= CUT_SHORT_LENGTH && longer.length() - shorter.length() >= 2)) {
			return true;
		}
		String bx = withoutParticle(x);
		String by = withoutParticle(y);
		if (bx.equals(cx) && by.equals(cy)) {
			return false;
		}
		Double bare = nameSimilarity(bx, by);
		return bare != null && bare != OTHER_GENDER && !LAST_NAME.differs(bare);
	}

	/**
	 * Whether one last name is the other without the particles it begins with ("du
	 * jouier", "de la fontaine", "duribic"), four letters and more: a form or a till
	 * keeps the main word. One name of a compound is another name (Queneland, De
	 * Chees-Queneland: a son may bear both his parents' names, his father one).
	 */
	private static boolean mainWordOf(String x, String y) {
		String cx = compact(x);
		String cy = compact(y);
		if (cx.equals(cy)) {
			return false;
		}
		String shorter = cx.length() <= cy.length() ? x : y;
		String longer = shorter == x ? y : x;
		// the longer without every particle it begins with, as words (de la fontaine) or
		// glued (duribic)
		String bareLonger = withoutParticle(longer);
		StringBuilder words = new StringBuilder();
		for (String word : longer.split(" ")) {
			if (!words.isEmpty() || !NAME_PARTICLES.contains(word)) {
				words.append(word);
			}
		}
		// the shorter as written (Dupont) or without a particle of its own
		for (String main : List.of(compact(shorter), withoutParticle(shorter))) {
			if (main.length() >= 4 && (main.equals(bareLonger) || main.contentEquals(words))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A last name compacted without the particle it begins with, as a word ("le serarol")
	 * or glued ("leferarrol"), when four letters and more are left.
	 */
	private static String withoutParticle(String name) {
		int space = name.indexOf(' ');
		if (space > 0 && NAME_PARTICLES.contains(name.substring(0, space))) {
			return compact(name.substring(space + 1));
		}
		String c = compact(name);
		for (String particle : GLUED_PARTICLES) {
			if (c.startsWith(particle) && c.length() - particle.length() >= 4) {
				return c.substring(particle.length());
			}
		}
		return c;
	}

	// the particles French, Portuguese, Dutch and Arabic last names begin with
	private static final Set<String> NAME_PARTICLES = Set.of("le", "la", "les", "de", "du", "des", "d", "l", "da",
			"dos", "das", "van", "von", "der", "den", "el", "al", "ben");

	private static final List<String> GLUED_PARTICLES = List.of("des", "les", "le", "la", "de", "du", "el");

	/**
	 * Whether two first names are two, as each record's own email spells its name whole
	 * ({@code christine.dumas} for Christine, {@code christian.dumas} for Christian): a
	 * typo is not repeated in an address chosen once. Not an initial, one typo apart or a
	 * name cut short (Jean and Jean-Pierre), which one person writes both ways.
	 */
	private static boolean spelledApart(MatchRecord a, MatchRecord b) {
		String x = compact(a.firstName());
		String y = compact(b.firstName());
		return !x.equals(y) && !oneMember(x, y) && spellsFirstName(a, x) && spellsFirstName(b, y);
	}

	private static boolean spellsFirstName(MatchRecord record, String first) {
		if (first.length() < 3) {
			return false;
		}
		for (String email : record.emails()) {
			String local = email.substring(0, email.lastIndexOf('@'));
			for (String word : NOT_LETTERS.split(local)) {
				if (word.equals(first)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether two records name one member of a household whose email or phone they both
	 * give: the same first name, one typo of it, an initial or the name cut short; not
	 * two names merely alike (Lou and Louis, Jacques and Jacqueline), which the family
	 * rule lets through between strangers.
	 */
	public boolean sameMember(MatchRecord x, MatchRecord y) {
		if (contradicts(x, y)) {
			return false;
		}
		MatchRecord a = aligned(x, y);
		MatchRecord b = a == x ? aligned(y, x) : y;
		Double first = firstNames(a, b);
		if (first == null || first >= FIRST_NAME.closeAt() || oneMember(a.firstName(), b.firstName())) {
			return true;
		}
		// first and last name swapped on one record
		return swapped(a, b);
	}

	/**
	 * Whether two named records giving one email or phone are a child under
	 * {@value #CHILD_UNDER} and another member of the household: one gives a child's
	 * birth date on the day, the other none, and their first names are not written whole
	 * alike ("L." or "A" beside Louise or Audrey, a name cut short). A child gives a
	 * parent's email and phone, so they say nothing of which member a record is, and an
	 * initial is as much the parent's (Léna) as the child's.
	 */
	public boolean childBesideAnother(MatchRecord x, MatchRecord y, LocalDate on) {
		boolean childAndUndated = child(x.birthDate(), on) && y.birthDate() == null
				|| child(y.birthDate(), on) && x.birthDate() == null;
		if (!childAndUndated || x.firstName() == null || y.firstName() == null) {
			// a record naming no first name has rules of its own (emailOwner)
			return false;
		}
		MatchRecord a = aligned(x, y);
		MatchRecord b = a == x ? aligned(y, x) : y;
		if (a.firstName() == null || b.firstName() == null) {
			return true;
		}
		String first = compact(a.firstName());
		String other = compact(b.firstName());
		boolean whole = first.length() >= 3 && other.length() >= 3
				&& (first.equals(other) || Typos.withinOneEdit(first, other));
		return !whole;
	}

	private static boolean oneMember(String x, String y) {
		String cx = compact(x);
		String cy = compact(y);
		String shorter = cx.length() <= cy.length() ? cx : cy;
		String longer = shorter == cx ? cy : cx;
		// an initial, a typo, or a name cut short that keeps most of its letters
		return shorter.length() == 1 || Typos.withinOneEdit(cx, cy)
				|| shorter.length() >= CUT_SHORT_LENGTH && longer.startsWith(shorter);
	}

	/** What the email of a record without a first name says of a customer holding it. */
	public enum EmailOwner {

		/** The email spells the holder's name: the record is the holder's. */
		HOLDER,

		/**
		 * The email spells the holder's last name and another first name, or a family
		 * ({@code famille.martin}): the holder holds another member's email; or it spells
		 * another first name that many bear and none of the holder's names; or the record
		 * gives another birth date or another last name than the holder's.
		 */
		ANOTHER,

		/** A handle, or nothing to compare: the email does not say. */
		UNKNOWN

	}

	/**
	 * Whose the email of a record without a first name is, of a customer holding it: an
	 * email built from a name ({@code anne.legaleles}, {@code a.legaleles},
	 * {@code legaleles.anne}) is the named person's, even when the household shares it;
	 * one built from the holder's last name and another first name
	 * ({@code frederic.haluet} held by Léonie Haluet) or a family's is not the holder's
	 * own.
	 */
	public EmailOwner emailOwner(MatchRecord record, MatchRecord holder) {
		return emailOwner(record, holder, LocalDate.now(ZoneOffset.UTC));
	}

	/**
	 * Whose the email of a record without a first name made on a day is, of a customer
	 * holding it (see {@link #emailOwner(MatchRecord, MatchRecord)}): a child's age is
	 * read on that day.
	 */
	public EmailOwner emailOwner(MatchRecord record, MatchRecord holder, LocalDate on) {
		if (record.birthDate() != null && holder.birthDate() != null
				&& birthDates(record.birthDate(), holder.birthDate()) == Born.DIFFERENT) {
			// a birth date tells which member of a household it is, as a first name does
			return EmailOwner.ANOTHER;
		}
		if (child(record.birthDate(), on)
				&& (holder.birthDate() == null || birthDates(record.birthDate(), holder.birthDate()) == Born.PARTLY)) {
			// a child under 15 gives a parent's email and phone: whose they are says
			// nothing of which member the child is, unless the holder was born that day
			return EmailOwner.ANOTHER;
		}
		if (record.birthDate() == null && child(holder.birthDate(), on)) {
			// and the holder is such a child: a record naming nobody with the email or
			// phone the child gave is the parent's as much as the child's
			return EmailOwner.ANOTHER;
		}
		if (firstNameAsLastName(record, holder) && !otherMobile(record, holder)) {
			// the holder's first name in the last name's field and no first name ("null
			// / Noémie" beside Noémie Le Corelis): a form filled the other way round
			return EmailOwner.HOLDER;
		}
		if (record.lastName() != null && holder.lastName() != null
				&& LAST_NAME.differs(nameSimilarity(record.lastName(), holder.lastName()))
				&& Collections.disjoint(words(null, record.lastName()), words(null, holder.lastName()))) {
			// and so does a last name: a partner of another name who gives the holder's
			// email
			return EmailOwner.ANOTHER;
		}
		if (otherMobile(record, holder)) {
			// a mobile rings in one pocket: a record giving a mobile of its own beside
			// the
			// holder's is another member's, who gives the holder's or the household's
			// email
			// (even one built from the holder's name)
			return EmailOwner.ANOTHER;
		}
		if (holder.firstName() == null || holder.lastName() == null) {
			return EmailOwner.UNKNOWN;
		}
		String first = compact(holder.firstName());
		String last = compact(holder.lastName());
		EmailOwner said = EmailOwner.UNKNOWN;
		for (String email : record.emails()) {
			String local = email.substring(0, email.lastIndexOf('@'));
			String letters = DIGIT.matcher(keep(local, false)).replaceAll("");
			int at = last.length() >= 3 ? letters.indexOf(last) : -1;
			if (at < 0) {
				for (String token : NOT_LETTERS.split(local)) {
					if (token.length() >= 3 && token.equals(first)) {
						return EmailOwner.HOLDER;
					}
				}
				// an email spelling another first name that many bear, and none of the
				// holder's names: another person's (juliette.viles held by Amine)
				for (String token : NOT_LETTERS.split(local)) {
					if (token.length() >= 3 && !words(holder.firstName(), holder.lastName()).contains(token)
							&& !oneMember(token, first)
							&& this.frequencies.count(Field.FIRST_NAME, token) >= NAMED_BY_EMAIL) {
						said = EmailOwner.ANOTHER;
					}
				}
				continue;
			}
			String rest = letters.substring(0, at) + letters.substring(at + last.length());
			if (rest.isEmpty()) {
				continue;
			}
			if (rest.length() <= 2) {
				// an initial, or a compound's initials: several members may bear them
				if (!rest.equals(initials(holder.firstName())) && rest.charAt(0) != first.charAt(0)) {
					said = EmailOwner.ANOTHER;
				}
				continue;
			}
			// the holder's first name, or a typo of it; not another alike (julie for
			// Jules)
			Double named = firstNameSimilarity(rest, first);
			if (named >= FIRST_NAME.closeAt() || !FIRST_NAME.differs(named) && oneMember(rest, first)) {
				return EmailOwner.HOLDER;
			}
			said = EmailOwner.ANOTHER;
		}
		return said;
	}

	/**
	 * Whether a record without a first name holds in its last name's field the holder's
	 * first name, not the holder's last name, and a name that the store's customers bear
	 * as a first name twenty times more than as a last name (Noémie, Adrien; not Henry
	 * nor Laurent, which are last names too).
	 */
	private boolean firstNameAsLastName(MatchRecord record, MatchRecord holder) {
		if (record.firstName() != null || record.lastName() == null || holder.firstName() == null
				|| holder.lastName() == null) {
			return false;
		}
		Double first = nameSimilarity(record.lastName(), holder.firstName());
		if (first == null || first < FIRST_NAME.closeAt()
				|| !LAST_NAME.differs(nameSimilarity(record.lastName(), holder.lastName()))) {
			return false;
		}
		long asFirst = this.frequencies.count(Field.FIRST_NAME, holder.firstName());
		return asFirst >= NAMED_BY_EMAIL
				&& this.frequencies.count(Field.LAST_NAME, record.lastName()) * CUT_SHORT_RATIO <= asFirst;
	}

	/**
	 * The words of a record without a first name's emails that may be first names
	 * ({@code juliette} of {@code juliette.viles69@…}): whose their counts say.
	 */
	public static List<String> emailWords(MatchRecord record) {
		if (record.firstName() != null) {
			return List.of();
		}
		return localWords(record).stream().filter(word -> word.length() >= 3).toList();
	}

	/** The words of the local parts of a record's emails, in order. */
	private static List<String> localWords(MatchRecord record) {
		List<String> words = new ArrayList<>();
		for (String email : record.emails()) {
			words.addAll(List.of(NOT_LETTERS.split(email.substring(0, email.lastIndexOf('@')))));
		}
		return words;
	}

	/**
	 * Of the customers holding the identifiers of a record without a first name, those it
	 * can be attributed to: the holders its email names if any, otherwise the unambiguous
	 * holders (no two people of a household hold the identifier) whose own the email is
	 * not said to be another's.
	 */
	public <K> List<K> attributable(MatchRecord record, LocalDate on, Collection<K> holders,
			Function<K, MatchRecord> profiles, Collection<K> unambiguous) {
		List<K> named = new ArrayList<>();
		List<K> kept = new ArrayList<>();
		for (K holder : holders) {
			MatchRecord profile = profiles.apply(holder);
			EmailOwner owner = profile == null ? EmailOwner.UNKNOWN : emailOwner(record, profile, on);
			if (owner == EmailOwner.HOLDER) {
				named.add(holder);
			}
			else if (owner == EmailOwner.UNKNOWN && unambiguous.contains(holder)) {
				kept.add(holder);
			}
		}
		return named.isEmpty() ? kept : named;
	}

	/**
	 * Whether a phone (E.164) is a fixed line: it rings in a home, and says which
	 * household, not which of its members.
	 */
	public static boolean fixedLine(String phone) {
		return numberType(phone) == PhoneNumberUtil.PhoneNumberType.FIXED_LINE;
	}

	private static PhoneNumberUtil.PhoneNumberType numberType(String phone) {
		try {
			PhoneNumberUtil util = PhoneNumberUtil.getInstance();
			return util.getNumberType(util.parse(phone, null));
		}
		catch (NumberParseException ex) {
			return PhoneNumberUtil.PhoneNumberType.UNKNOWN;
		}
	}

	/**
	 * Whether the record gives a mobile the holder does not hold, while the holder holds
	 * one.
	 */
	private static boolean otherMobile(MatchRecord record, MatchRecord holder) {
		boolean holderMobile = false;
		for (String phone : holder.phones()) {
			holderMobile |= mobile(phone);
		}
		if (!holderMobile) {
			return false;
		}
		for (String phone : record.phones()) {
			if (!holder.phones().contains(phone) && mobile(phone)) {
				return true;
			}
		}
		return false;
	}

	private static boolean mobile(String phone) {
		return numberType(phone) == PhoneNumberUtil.PhoneNumberType.MOBILE;
	}

	private static String initials(String name) {
		StringBuilder out = new StringBuilder();
		for (String word : name.split(" ")) {
			if (!word.isEmpty()) {
				out.append(word.charAt(0));
			}
		}
		return out.toString();
	}

	/**
	 * The family rule as scoring applies it: a pair whose first names differ is not
	 * scored, unless both give the same birth date and share no email or phone (a first
	 * name mistyped beyond recognition): then the score weighs it. Twins sharing their
	 * parents' email or phone stay two people.
	 */
	public boolean rulesOut(MatchRecord a, MatchRecord b) {
		return otherFirstNames(a, b)
				&& (a.birthDate() == null || b.birthDate() == null || dateSimilarity(a.birthDate(), b.birthDate()) < 1.0
						|| shares(a.emails(), b.emails()) || shares(a.phones(), b.phones()));
	}

	/**
	 * Compares the names as given and, when both records carry both names, also swapped;
	 * keeps the better.
	 */
	private double names(MatchRecord a, MatchRecord b, boolean household, Map<String, Double> fields,
			Map<String, Double> weights) {
		Double first = firstNames(a, b);
		Double last = nameSimilarity(a.lastName(), b.lastName());
		if (last != null && LAST_NAME.differs(last) && mainWordOf(a.lastName(), b.lastName())) {
			// Jouier for Du Jouier, Fontaine for De La Fontaine: alike, as a typo is, not
			// another name; the name itself may be another family's (Roux, Le Roux)
			last = LAST_NAME.fuzzyAt();
		}
		double firstWeight = first == null ? 0
				: nameWeight(FIRST_NAME, Field.FIRST_NAME, a.firstName(), b.firstName(), first);
		double lastWeight = last == null ? 0 : nameWeight(LAST_NAME, Field.LAST_NAME, a.lastName(), b.lastName(), last);
		if (first != null && last != null) {
			double crossFirst = nameSimilarity(a.firstName(), b.lastName());
			double crossLast = nameSimilarity(a.lastName(), b.firstName());
			// each crossed name weighed as a first and as a last name, so that the score
			// is the same whichever record comes first
			double swapped = (nameWeight(FIRST_NAME, Field.FIRST_NAME, a.firstName(), b.lastName(), crossFirst)
					+ nameWeight(LAST_NAME, Field.LAST_NAME, a.firstName(), b.lastName(), crossFirst)
					+ nameWeight(FIRST_NAME, Field.FIRST_NAME, a.lastName(), b.firstName(), crossLast)
					+ nameWeight(LAST_NAME, Field.LAST_NAME, a.lastName(), b.firstName(), crossLast)) / 2;
			if (swapped - SWAP_PENALTY > firstWeight + lastWeight) {
				first = crossFirst;
				last = crossLast;
				firstWeight = swapped / 2 - SWAP_PENALTY;
				lastWeight = swapped / 2;
			}
		}
		if (household) {
			lastWeight = Math.min(lastWeight, HOUSEHOLD_LAST_NAME);
		}
		double total = 0;
		if (first != null) {
			total += put(fields, weights, "firstName", first, firstWeight);
		}
		if (last != null) {
			total += put(fields, weights, "lastName", last, lastWeight);
		}
		if (!household && first != null && last != null && first >= 1.0 && last >= 1.0) {
			double together = fullNameExcess(a, b);
			if (together > 0) {
				total += put(weights, "fullName", -together);
			}
		}
		return total;
	}

	/**
	 * The first names of two records compared as {@link #firstNameSimilarity} does,
	 * except that a name nearly nobody bears is read as the name it mistypes
	 * ({@link #readAs}).
	 */
	private Double firstNames(MatchRecord a, MatchRecord b) {
		Double similarity = firstNameSimilarity(a.firstName(), b.firstName());
		if (similarity == null || !FIRST_NAME.differs(similarity) || similarity == OTHER_GENDER) {
			return similarity;
		}
		String x = readAs(a);
		String y = readAs(b);
		if (x == null && y == null) {
			return similarity;
		}
		Double read = firstNameSimilarity(x == null ? a.firstName() : x, y == null ? b.firstName() : y);
		return FIRST_NAME.differs(read) || read == OTHER_GENDER ? similarity : Math.min(read, FIRST_NAME.closeAt());
	}

	/**
	 * What a record's first name, borne by nearly nobody, mistypes: the word of its own
	 * email it is one letter from ({@link #spelledByEmail}), or else the one name many
	 * customers bear it is one letter from ("Cirinne", Corinne), not its other gender;
	 * null when nothing says.
	 */
	private String readAs(MatchRecord record) {
		String spelled = spelledByEmail(record);
		if (spelled != null || record.firstName() == null) {
			return spelled;
		}
		String name = compact(record.firstName());
		if (name.length() < 4 || this.frequencies.count(Field.FIRST_NAME, record.firstName()) >= NAME_BEARERS) {
			return null;
		}
		List<String> near = this.frequencies.common(Field.FIRST_NAME).oneEditFrom(name);
		return near.size() == 1 && !otherGender(compact(near.get(0)), name) ? near.get(0) : null;
	}

	/**
	 * The word of four letters and more of a record's own email that its first name
	 * mistypes by one letter ("Qlodie", "ucas" with {@code elodie.d@…},
	 * {@code lucas.berenange93@…}): the name the person chose for their address, which a
	 * till or a form mistyped. Null when the first name is borne by many (a name,
	 * whatever the email spells: Mario with {@code marie.x@…}), when no word is one
	 * letter from it, or when the word is its other gender or the last name.
	 */
	private String spelledByEmail(MatchRecord record) {
		if (record.firstName() == null || record.emails().isEmpty()) {
			return null;
		}
		String name = compact(record.firstName());
		if (name.length() < 2 || this.frequencies.count(Field.FIRST_NAME, record.firstName()) >= NAME_BEARERS) {
			return null;
		}
		String last = record.lastName() == null ? "" : compact(record.lastName());
		for (String word : localWords(record)) {
			if (word.length() >= 4 && !word.equals(name) && !word.equals(last) && Typos.withinOneEdit(word, name)
					&& !otherGender(word, name)) {
				return word;
			}
		}
		return null;
	}

	/**
	 * Two first names compared as {@link #nameSimilarity} does, except that a name which
	 * begins another and which nearly nobody bears beside it ("Catherin" beside
	 * "Catherine") is that name cut short by a form or a till, not its other gender
	 * (Louis and Louise are both borne by many).
	 */
	private Double firstNameSimilarity(String x, String y) {
		Double similarity = nameSimilarity(x, y);
		if (similarity == null || similarity >= 1.0) {
			return similarity;
		}
		if (similarity >= FIRST_NAME.fuzzyAt() && Typos.withinOneEdit(compact(x), compact(y))
				&& transliterated(compact(x), compact(y)) == null) {
			// Léna and Lina, Tom and Tim: a letter apart, and each borne by many, two
			// names; a typo is borne by few beside the name it mistypes. Mikhail and
			// mihail (Михаил) are one name in two scripts, however many bear each
			long xs = this.frequencies.count(Field.FIRST_NAME, x);
			long ys = this.frequencies.count(Field.FIRST_NAME, y);
			boolean bothBorne = Math.min(xs, ys) >= NAME_BEARERS
					&& Math.min(xs, ys) * CUT_SHORT_RATIO >= Math.max(xs, ys);
			return bothBorne ? OTHER_GENDER : similarity;
		}
		if (FIRST_NAME.differs(similarity) && similarity != OTHER_GENDER && headless(x, y)) {
			// "idier" for Didier, "ola" for Lola: the first letter dropped, which
			// Jaro–Winkler reads as another name; a name borne by many beside the other
			// stays a name (Yann and Ann, Alison and Lison)
			return TYPO;
		}
		if (similarity != OTHER_GENDER) {
			return similarity;
		}
		String cx = compact(x);
		String cy = compact(y);
		String shorter = cx.length() <= cy.length() ? x : y;
		String longer = shorter == x ? y : x;
		long bearers = this.frequencies.count(Field.FIRST_NAME, longer);
		if (compact(longer).startsWith(compact(shorter)) && compact(shorter).length() >= CUT_SHORT_LENGTH
				&& bearers >= CUT_SHORT_RATIO
				&& this.frequencies.count(Field.FIRST_NAME, shorter) * CUT_SHORT_RATIO <= bearers) {
			return JARO_WINKLER.apply(cx, cy);
		}
		return similarity;
	}

	/**
	 * Whether one first name is the other without its first letter, two letters and more
	 * left, borne by at most one in twenty of those who bear the whole name, as a typo
	 * is.
	 */
	private boolean headless(String x, String y) {
		String cx = compact(x);
		String cy = compact(y);
		String shorter = cx.length() <= cy.length() ? x : y;
		String longer = shorter == x ? y : x;
		String cs = compact(shorter);
		String cl = compact(longer);
		if (cs.length() < 2 || cl.length() != cs.length() + 1 || !cl.endsWith(cs)) {
			return false;
		}
		long bearers = this.frequencies.count(Field.FIRST_NAME, longer);
		return bearers >= CUT_SHORT_RATIO
				&& this.frequencies.count(Field.FIRST_NAME, shorter) * CUT_SHORT_RATIO <= bearers;
	}

	// a name cut short keeps most of its letters, and is borne by at most one in twenty
	// of those who bear the whole name (a typo's rate); a name and its other gender are
	// both common
	private static final int CUT_SHORT_LENGTH = 5;

	private static final long CUT_SHORT_RATIO = 20;

	// a first name borne by this many people of the store is a name, not a typo
	private static final long NAME_BEARERS = 5;

	// a word of an email borne as a first name by this many people of the store is a
	// first name
	private static final long NAMED_BY_EMAIL = 20;

	// the age under which a child's contact details are a parent's
	private static final int CHILD_UNDER = 15;

	private static final double OTHER_GENDER = 0.5;

	/**
	 * How much more common a full name is than its first and last names' shares make it
	 * (log2): names borne together within one community (Ирина Иванова, Wang Wei) are
	 * shared by more people than two independent names would be. The full name's share
	 * counts every bearer, the two compared among them, as the shares of the first and
	 * the last name do.
	 */
	private double fullNameExcess(MatchRecord a, MatchRecord b) {
		// of two spellings that differ only by spaces, the more common
		String x = TermFrequencies.fullName(a);
		String y = TermFrequencies.fullName(b);
		long bearers = Math.max(this.frequencies.count(Field.FULL_NAME, x), this.frequencies.count(Field.FULL_NAME, y));
		if (bearers < FULL_NAME_SHARED) {
			return 0;
		}
		double together = this.frequencies.share(Field.FULL_NAME,
				this.frequencies.count(Field.FULL_NAME, x) == bearers ? x : y);
		double apart = Math.max(this.frequencies.share(Field.FIRST_NAME, a.firstName()),
				this.frequencies.share(Field.FIRST_NAME, b.firstName()))
				* Math.max(this.frequencies.share(Field.LAST_NAME, a.lastName()),
						this.frequencies.share(Field.LAST_NAME, b.lastName()));
		return together > apart ? log2(together / apart) : 0;
	}

	// customers bearing one full name that make it shared by several people, not one
	// person's records kept apart (names and place alone are never merged automatically):
	// of 2 to 10, the count whose scores were the most honest on the generated population
	private static final long FULL_NAME_SHARED = 6;

	private double nameWeight(Levels levels, Field field, String x, String y, double similarity) {
		if (similarity >= 1.0) {
			// of two spellings that differ only by spaces, the more common: the weaker
			// evidence
			return levels.weight(1.0, Math.max(this.frequencies.share(field, x), this.frequencies.share(field, y)));
		}
		if (compact(x).length() == 1 || compact(y).length() == 1) {
			// an initial that agrees (one that does not is a different name)
			return similarity > 0 ? INITIAL_AGREES : levels.weight(similarity, 1);
		}
		return levels.weight(similarity, 1);
	}

	/** Whether the place compared agrees: the same postcode, or the same town. */
	private static boolean samePlace(Map<String, Double> fields) {
		Double postcode = fields.get("postcode");
		Double town = fields.get("locality");
		return postcode != null && postcode >= 1.0 || town != null && town >= 1.0;
	}

	/**
	 * Whether the records give two places: postcodes that differ by more than a digit in
	 * two towns, or (without postcodes) two towns.
	 */
	private static boolean otherPlace(MatchRecord a, MatchRecord b) {
		String pa = compactPostcode(a.postcode());
		String pb = compactPostcode(b.postcode());
		Double town = a.locality() == null || b.locality() == null ? null
				: JARO_WINKLER.apply(compact(a.locality()), compact(b.locality()));
		if (pa != null && pb != null) {
			return editSimilarity(pa, pb) < 0.75 && (town == null || town < 0.95);
		}
		return town != null && town < 0.95;
	}

	/**
	 * Postcode and town as one piece of evidence (they say the same thing): the postcode
	 * when both have one, the town otherwise or when the postcodes differ.
	 */
	private double place(MatchRecord a, MatchRecord b, Map<String, Double> fields, Map<String, Double> weights) {
		String pa = compactPostcode(a.postcode());
		String pb = compactPostcode(b.postcode());
		Double town = a.locality() == null || b.locality() == null ? null
				: JARO_WINKLER.apply(compact(a.locality()), compact(b.locality()));
		if (pa != null && pb != null) {
			double s = editSimilarity(pa, pb);
			fields.put("postcode", s);
			if (town != null) {
				fields.put("locality", town);
			}
			if (s >= 1.0) {
				return put(weights, "postcode", log2(POSTCODE_EXACT_M / this.frequencies.share(Field.POSTCODE, pa)));
			}
			if (town != null && town >= 1.0) {
				// another district of the same town, or a typo in the postcode
				return put(weights, "locality",
						log2(LOCALITY_EXACT_M / this.frequencies.share(Field.LOCALITY, a.locality())));
			}
			return put(weights, "postcode", s >= 0.75 ? 0 : POSTCODE_DIFFER);
		}
		if (town != null) {
			fields.put("locality", town);
			double w = town >= 1.0 ? log2(POSTCODE_EXACT_M / this.frequencies.share(Field.LOCALITY, a.locality()))
					: town >= 0.95 ? LOCALITY_CLOSE : PLACE_DIFFER;
			return put(weights, "locality", w);
		}
		return 0;
	}

	/**
	 * Two different addresses whose local parts are the same and say more than the names:
	 * "marie.martin87" at two providers is one person, "marie.martin" is not evidence
	 * beyond the names.
	 */
	private static boolean sameTellingLocalPart(MatchRecord a, MatchRecord b) {
		for (String x : a.emails()) {
			String lx = keep(x.substring(0, x.lastIndexOf('@')), false);
			for (String y : b.emails()) {
				if (lx.equals(keep(y.substring(0, y.lastIndexOf('@')), false)) && telling(lx)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether a local part tells more than the names: digits of one's own (a birth year,
	 * a number) beside a few letters. Letters alone are most often the names, spelled
	 * another way (a transliteration: "kouznetsova" for Кузнецова), mistyped on a record,
	 * shortened to an initial, or a family's ("lambert.famille"): namesakes write them
	 * alike at two providers.
	 */
	static boolean telling(String localPart) {
		String letters = keep(localPart, false);
		String digits = digits(letters);
		return !digits.isEmpty() && (letters.length() - digits.length() >= 2 || letters.length() >= 6);
	}

	private static final double INITIAL = 0.9;

	/**
	 * A record with one name only ("Garenuet" on one line, read as a first name) whose
	 * name is the other's last name: that is what it is.
	 */
	private static MatchRecord aligned(MatchRecord a, MatchRecord b) {
		if (a.firstName() == null || b.lastName() == null) {
			return a;
		}
		// the same words split elsewhere: "Le Berotte Stephanie" on one line is
		// Stéphanie Le Berotte, "Le Pelesse" on one line is a last name
		List<String> words = words(a.firstName(), a.lastName());
		if (words.equals(words(b.firstName(), b.lastName()))) {
			return a.withNames(b.firstName(), b.lastName());
		}
		if (words(null, b.lastName()).containsAll(words)) {
			// the last name alone, or part of a compound one
			return a.withNames(null, b.lastName());
		}
		if (a.lastName() != null) {
			return a;
		}
		Double asLast = nameSimilarity(a.firstName(), b.lastName());
		Double asFirst = nameSimilarity(a.firstName(), b.firstName());
		if (!FIRST_NAME.differs(asLast) && (asFirst == null || asFirst < asLast)) {
			return a.withNames(null, a.firstName());
		}
		return a;
	}

	private static List<String> words(String first, String last) {
		List<String> words = new ArrayList<>();
		for (String name : new String[] { first, last }) {
			if (name != null) {
				words.addAll(List.of(name.split(" ")));
			}
		}
		Collections.sort(words);
		return words;
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
			return cx.equals(cy) ? 1.0 : cx.charAt(0) == cy.charAt(0) ? INITIAL : 0.0;
		}
		Double transliterated = transliterated(cx, cy);
		if (transliterated != null) {
			return transliterated;
		}
		if (otherGender(cx, cy)) {
			// Louis and Louise, Jean and Jeanne, Marie and Maria: close letters, another
			// name (and, in a household, another person)
			return OTHER_GENDER;
		}
		double similarity = JARO_WINKLER.apply(cx, cy);
		if (similarity < TYPO && oneTypo(cx, cy)) {
			// one letter mistyped in a short name ("Fom" for "Tom"): not another name;
			// but the last letter often makes one (Marie, Maria; Louis, Louise)
			return TYPO;
		}
		return similarity;
	}

	/**
	 * {@link #ABJAD} or {@link #CYRILLIC} when two compacted names are one name written
	 * in two scripts, as the transliterations of each script agree; null otherwise.
	 */
	private static Double transliterated(String cx, String cy) {
		if (vowelless(cx) != vowelless(cy)) {
			// a name written in Arabic script comes out of transliteration without its
			// short vowels ("hmdy" for Hamdi, "ʿmr" for Omar, "rshyd" for Rachid): beside
			// a Latin spelling, the same consonants are the same name
			String sx = consonants(cx);
			if (sx.equals(consonants(cy)) && (sx.length() >= 2 || sx.length() == 1 && ayinAsVowel(cx, cy))) {
				return ABJAD;
			}
		}
		if (frenchSpelling(cx) != frenchSpelling(cy)) {
			// a Russian name as French writes it (Iouri, Kouznetsova, Mikhaïlov) beside
			// the same name transliterated from Cyrillic (urij, kuznecova, mihajlov)
			String kx = cyrillicKey(cx);
			if (kx.length() >= 3 && kx.equals(cyrillicKey(cy))) {
				return CYRILLIC;
			}
		}
		return null;
	}

	/**
	 * Whether one name begins with the letter ʿayn as transliterated ("ʿly") and the
	 * other with the vowel a Latin spelling writes for it ("Ali"): the one consonant left
	 * of a short name is then enough.
	 */
	private static boolean ayinAsVowel(String cx, String cy) {
		String arabic = cx.startsWith(AYIN) ? cx : cy;
		String latin = arabic == cx ? cy : cx;
		return arabic.startsWith(AYIN) && !latin.isEmpty() && "aeiou".indexOf(latin.charAt(0)) >= 0;
	}

	// ʿayn, as ICU transliterates it
	private static final String AYIN = "\u02bf";

	private static final double TYPO = 0.88;

	/** A name and its transliteration from Arabic script: as close as one typo apart. */
	private static final double ABJAD = 0.94;

	/**
	 * A name written the French way and its transliteration from Cyrillic: as close as
	 * one typo apart.
	 */
	private static final double CYRILLIC = 0.94;

	/**
	 * Whether a name holds what French writes for sounds Cyrillic writes with one letter:
	 * ou (у), kh (х), ts (ц), x (кс), gu for a hard g before e or i (Sergueï); tch (ч) is
	 * read once one of them says the name is written the French way (Tchoukovski).
	 */
	private static boolean frenchSpelling(String s) {
		return s.contains("ou") || s.contains("kh") || s.contains("ts") || s.indexOf('x') >= 0 || s.contains("gue")
				|| s.contains("gui");
	}

	/**
	 * A name as both spellings of a Russian name agree on: French digraphs as the letter
	 * transliteration writes (tch c, kh h, ts c, x ks, ou u, gu before e or i g), j and y
	 * as i, iu as u (ю), a doubled letter once (Iouri and urij, Kouznetsova and
	 * kuznecova, Mikhaïlov and mihajlov, Sergueï and sergej all agree), and without the
	 * mute e French ends a name with after a consonant (Maxime and maksim, Aliokhine and
	 * aliohin), but after an s (Louise is not Luis).
	 */
	static String cyrillicKey(String s) {
		String key = keep(s, false).replace("tch", "c")
			.replace("kh", "h")
			.replace("ts", "c")
			.replace("x", "ks")
			.replace("ou", "u")
			.replace("gue", "ge")
			.replace("gui", "gi")
			.replace('j', 'i')
			.replace('y', 'i')
			.replace("iu", "u");
		int last = key.length() - 1;
		if (last >= 3 && key.charAt(last) == 'e' && "aeious".indexOf(key.charAt(last - 1)) < 0) {
			key = key.substring(0, last);
		}
		return once(key, "");
	}

	/** The letters of a name but those left out, a doubled letter once. */
	private static String once(String letters, String leftOut) {
		StringBuilder out = new StringBuilder(letters.length());
		for (int i = 0; i < letters.length(); i++) {
			char c = letters.charAt(i);
			if (leftOut.indexOf(c) < 0 && (out.isEmpty() || out.charAt(out.length() - 1) != c)) {
				out.append(c);
			}
		}
		return out.toString();
	}

	/** Whether a name has at least two letters and none of a, e, i, o, u. */
	private static boolean vowelless(String s) {
		int letters = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
				return false;
			}
			if (c >= 'a' && c <= 'z') {
				letters++;
			}
		}
		return letters >= 2;
	}

	/**
	 * A name's consonants, as a transliteration from Arabic script writes them: ch as sh,
	 * q as k, c as s before e, i or y and as k elsewhere, vowels, y and w left out (the
	 * letters و and ي are vowels as often as consonants), a doubled letter once
	 * (Mohammed, mhmd; Rachid, rshyd; Kacem, qʾsm; Mansour, mnswr).
	 */
	static String consonants(String s) {
		String letters = keep(s, false).replace("ch", "sh").replace('q', 'k');
		StringBuilder spelled = new StringBuilder(letters.length());
		for (int i = 0; i < letters.length(); i++) {
			char c = letters.charAt(i);
			if (c == 'c') {
				char next = i + 1 < letters.length() ? letters.charAt(i + 1) : ' ';
				c = next == 'e' || next == 'i' || next == 'y' ? 's' : 'k';
			}
			spelled.append(c);
		}
		return once(spelled.toString(), "aeiouyw");
	}

	private static final Pattern GENDER_ENDING = Pattern.compile("(?:[aeo]|[nlt]e)");

	/**
	 * Two first names one of which is the other with a feminine or masculine ending, or
	 * with another final vowel.
	 */
	private static boolean otherGender(String x, String y) {
		String shorter = x.length() <= y.length() ? x : y;
		String longer = shorter == x ? y : x;
		if (shorter.length() < 3 || shorter.equals(longer)) {
			return false;
		}
		if (shorter.length() == longer.length()) {
			int last = shorter.length() - 1;
			return shorter.regionMatches(0, longer, 0, last) && isVowel(shorter.charAt(last))
					&& isVowel(longer.charAt(last));
		}
		return longer.startsWith(shorter) && GENDER_ENDING.matcher(longer.substring(shorter.length())).matches();
	}

	private static boolean isVowel(char c) {
		return "aeiouy".indexOf(c) >= 0;
	}

	/**
	 * One typo ({@link Typos#withinOneEdit}) that leaves a name the name: a letter
	 * mistyped (not the last), a letter dropped inside the name (not at either end), or
	 * two neighbouring letters swapped. The last letter often makes another name (Marie,
	 * Maria; Jo, Jon).
	 */
	private static boolean oneTypo(String x, String y) {
		if (x.equals(y) || !Typos.withinOneEdit(x, y)) {
			return false;
		}
		int lx = x.length();
		int ly = y.length();
		if (lx != ly) {
			// "Lo" for "Léo", "Ne" for "Noé"
			return Math.min(lx, ly) >= 2 && x.charAt(0) == y.charAt(0) && x.charAt(lx - 1) == y.charAt(ly - 1);
		}
		// "Fom" for "Tom"; "Lae" for "Léa"
		return lx >= 3 && (x.charAt(lx - 1) == y.charAt(lx - 1)
				|| x.charAt(lx - 2) == y.charAt(lx - 1) && x.charAt(lx - 1) == y.charAt(lx - 2));
	}

	private static double put(Map<String, Double> fields, Map<String, Double> weights, String name, double similarity,
			double weight) {
		fields.put(name, similarity);
		return put(weights, name, weight);
	}

	private static double put(Map<String, Double> weights, String name, double weight) {
		weights.put(name, Math.round(weight * 100) / 100.0);
		return weight;
	}

	/**
	 * One address: the same number on the same street (way type and name, one typo at
	 * most), in a place the records do not tell apart.
	 */
	private static boolean sameAddress(MatchRecord a, MatchRecord b) {
		return a.street() != null && b.street() != null && a.streetNumber() != null && b.streetNumber() != null
				&& editSimilarity(a.streetNumber(), b.streetNumber()) >= 1.0
				&& Streets.compare(a.street(), b.street()) == Streets.Agreement.SAME && !otherPlace(a, b);
	}

	private static boolean shares(Set<String> x, Set<String> y) {
		for (String value : x) {
			if (y.contains(value)) {
				return true;
			}
		}
		return false;
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
	 * Whether a birth date (as written, year first) is a child's under
	 * {@value #CHILD_UNDER} on a day: the age under which, in France, a child's data is
	 * given with a parent's consent, and so with a parent's email and phone.
	 */
	static boolean child(String birthDate, LocalDate on) {
		if (birthDate == null) {
			return false;
		}
		String d = keep(birthDate, true);
		if (d.length() != 8) {
			return false;
		}
		try {
			LocalDate born = LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
					Integer.parseInt(d.substring(6, 8)));
			return !born.isAfter(on) && born.plusYears(CHILD_UNDER).isAfter(on);
		}
		catch (DateTimeException ex) {
			return false;
		}
	}

	/** How two birth dates compare. */
	private enum Born {

		/** The same date. */
		SAME,

		/**
		 * One typo: a digit wrong, two neighbouring digits swapped, day and month
		 * swapped.
		 */
		CLOSE,

		/**
		 * The same year, and the same month or day: neither agreement nor disagreement.
		 */
		PARTLY,

		/** Another year, or another day and month: two people. */
		DIFFERENT

	}

	/**
	 * Birth dates as digit strings (year, month, day); dates not written with eight
	 * digits agree or are one typo apart, or say nothing.
	 */
	private static Born birthDates(String x, String y) {
		String dx = keep(x, true);
		String dy = keep(y, true);
		if (dx.isEmpty() || dy.isEmpty()) {
			dx = x;
			dy = y;
		}
		if (dx.equals(dy)) {
			return Born.SAME;
		}
		if (Typos.withinOneEdit(dx, dy) || daySwappedWithMonth(dx, dy) || yearOneApart(dx, dy)) {
			return Born.CLOSE;
		}
		if (dx.length() != 8 || dy.length() != 8) {
			return Born.PARTLY;
		}
		boolean year = dx.regionMatches(0, dy, 0, 4);
		boolean month = dx.regionMatches(4, dy, 4, 2);
		boolean day = dx.regionMatches(6, dy, 6, 2);
		return !year || !month && !day ? Born.DIFFERENT : Born.PARTLY;
	}

	/**
	 * The same day and month, the years one apart: a year typed one off is one typo
	 * whether it changes one digit (1985, 1986) or several (1989, 1990, a decade
	 * crossed).
	 */
	private static boolean yearOneApart(String dx, String dy) {
		return dx.length() == 8 && dy.length() == 8 && dx.regionMatches(4, dy, 4, 4) && digits(dx).equals(dx)
				&& digits(dy).equals(dy)
				&& Math.abs(Integer.parseInt(dx.substring(0, 4)) - Integer.parseInt(dy.substring(0, 4))) == 1;
	}

	private static boolean daySwappedWithMonth(String dx, String dy) {
		return dx.length() == 8 && dy.length() == 8 && dx.startsWith(dy.substring(0, 4))
				&& dx.substring(4, 6).equals(dy.substring(6, 8)) && dx.substring(6, 8).equals(dy.substring(4, 6));
	}

	/**
	 * Birth dates as digit strings, for the record of what was compared: a day/month swap
	 * counts as one typo; impossible dates compare like text.
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

	/** A postcode without its spaces; null when none. */
	static String compactPostcode(String postcode) {
		return postcode == null ? null : compact(postcode);
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

	private static double log2(double x) {
		return Math.log(x) / Math.log(2);
	}

}

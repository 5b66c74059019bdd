package com.venuehub.customer.population;

import java.util.List;
import java.util.Locale;

/**
 * The parameters of a generated venue population: names and their frequencies, where
 * people live, who lives together, which contact details they have and give, the sources
 * they appear in and how their records are mistyped. {@link #defaults()} is the
 * population a matcher is tuned on, {@link #heldOut()} a clearly different one to check
 * it on.
 *
 * @param name what the shape is called in reports
 * @param seed everything generated follows from it
 * @param people how many people
 * @param venue the venue code records carry
 */
public record PopulationShape(String name, long seed, int people, String venue, Names names, Places places,
		Households households, Neighbours neighbours, Contacts contacts, Records records, Noise noise) {

	/**
	 * Name frequencies.
	 *
	 * @param lastNameSkew exponent applied to every last name's frequency: 1 keeps
	 * INSEE's shape, above 1 puts more people on the frequent names
	 * @param rareLastNames generated rare last names continuing the ranked list
	 * (last-names.csv), which covers about a tenth of people
	 * @param rareExponent Zipf exponent of the decline along those rare names
	 * @param firstNameSkew exponent applied to first names' weights
	 * @param cohortWidth years (one standard deviation) around a first name's peak year
	 * where it is given
	 * @param nonLatin people whose names are written in another script (Cyrillic, Greek,
	 * Arabic, Chinese, Japanese, Korean)
	 * @param transliterated share of those people's records typed in Latin letters
	 */
	public record Names(double lastNameSkew, int rareLastNames, double rareExponent, double firstNameSkew,
			double cohortWidth, double nonLatin, double transliterated) {
	}

	/**
	 * Where people live (places.csv).
	 *
	 * @param area the venue's own area: most visitors live there
	 * @param region the region around it
	 * @param areaShare households in the venue's area
	 * @param regionShare households in the region (the rest live anywhere in France)
	 */
	public record Places(String area, String region, double areaShare, double regionShare) {
	}

	/**
	 * Who lives together; households share an address, and often a phone or an email.
	 *
	 * @param singles share of households of one adult
	 * @param couples share of households of two adults
	 * @param families share of households of one or two adults with children; the rest
	 * are two to three adults sharing a flat
	 * @param maxChildren most children in a family (a household has at most 5 people)
	 * @param coupleNamesDiffer couples where each keeps their own last name
	 * @param sharedLandline households whose members give a shared landline
	 * @param familyEmail families with a family email (famille.martin@…) that members
	 * give
	 * @param partnerEmail couples where one partner often gives the other's email
	 * @param twins families with twins: same last name, same birth date
	 * @param namedAfterParent families where a son has his father's first name
	 * @param movers households that move during the period: later records give the new
	 * address
	 */
	public record Households(double singles, double couples, double families, int maxChildren, double coupleNamesDiffer,
			double sharedLandline, double familyEmail, double partnerEmail, double twins, double namedAfterParent,
			double movers) {
	}

	/**
	 * People of one town easy to take for one another: a venue's visitors come from a few
	 * towns, where every common street name is borne by a rue, an avenue and a boulevard,
	 * and common full names by several people.
	 *
	 * @param sameNameStreets households living in the town of an earlier household, on a
	 * street bearing that household's street name with another way type (rue Jean Jaurès,
	 * boulevard Jean Jaurès), now and then at the same number
	 * @param townNamesakes households whose first adult bears the full name of an adult
	 * of an earlier household in the same town: another birth date (another year, another
	 * day and month), given on the forms that ask for it, their own emails and phones,
	 * and a street of the same name with another way type, or of the same way type with
	 * another name
	 * @param sameFirstNameNeighbours households whose first adult bears the first name of
	 * an adult of an earlier household of the same town, with another last name, on such
	 * a street
	 */
	public record Neighbours(double sameNameStreets, double townNamesakes, double sameFirstNameNeighbours) {
	}

	/**
	 * The contact details people have and give.
	 *
	 * @param email adults with a personal email
	 * @param secondEmail adults who also give a second email (work, old address)
	 * @param mobile adults with a mobile phone
	 * @param secondPhone adults who also give a second phone
	 * @param givesBirthDate people who give their birth date when a form asks for it
	 * @param loyaltyMembers people who enrol in the loyalty programme
	 */
	public record Contacts(double email, double secondEmail, double mobile, double secondPhone, double givesBirthDate,
			double loyaltyMembers) {
	}

	/**
	 * How many records each person has, in which sources.
	 *
	 * @param perPerson relative weights of 1, 2, … 6 records per person (a child has one
	 * or two)
	 * @param boxOffice relative weight of a box-office sale among a person's records
	 * @param online relative weight of an online order
	 * @param kiosk relative weight of a kiosk answer; a loyalty member's records include
	 * one enrolment
	 * @param anonymousSales box-office sales made without any contact detail
	 * @param scanned tickets later scanned at a turnstile (a record without contact)
	 */
	public record Records(List<Double> perPerson, double boxOffice, double online, double kiosk, double anonymousSales,
			double scanned) {
	}

	/**
	 * Rates at which a record is mistyped; each applies per record and field.
	 *
	 * @param typo one edit in a name (substitution, deletion, insertion, transposition)
	 * @param accentDropped accents left out (box-office systems drop them twice as often)
	 * @param upperCase a name in capitals (box office three times as often)
	 * @param swappedNames first and last name given the other way round
	 * @param truncated a name cut short: the first part of a compound, an initial
	 * @param extraSpaces spaces around or doubled inside a value
	 * @param missingField an optional field left empty (first name, postcode, address)
	 * @param compoundVariant a compound name written with a space, or joined, instead of
	 * its hyphen
	 * @param placeholderEmail a placeholder instead of the email (x@x.com, test@test.com,
	 * pas.de.mail@…)
	 * @param placeholderPhone a placeholder instead of the phone (0000000000,
	 * 0123456789…)
	 * @param invalidPhone a phone libphonenumber rejects (unassigned range, a digit
	 * missing or too many)
	 * @param invalidEmail an email that is no address (no domain suffix, no @, a space)
	 * @param birthDateTypo a birth date with day and month swapped or a digit wrong
	 */
	public record Noise(double typo, double accentDropped, double upperCase, double swappedNames, double truncated,
			double extraSpaces, double missingField, double compoundVariant, double placeholderEmail,
			double placeholderPhone, double invalidPhone, double invalidEmail, double birthDateTypo) {

		/** Every rate multiplied by the factor. */
		public Noise scaled(double f) {
			return new Noise(this.typo * f, this.accentDropped * f, this.upperCase * f, this.swappedNames * f,
					this.truncated * f, this.extraSpaces * f, this.missingField * f, this.compoundVariant * f,
					this.placeholderEmail * f, this.placeholderPhone * f, this.invalidPhone * f, this.invalidEmail * f,
					this.birthDateTypo * f);
		}

	}

	/** A venue near Lyon: the population matchers are tuned on. */
	public static PopulationShape defaults() {
		return new PopulationShape("default", 20260301L, 50_000, "parc-lyon",
				new Names(1.0, 22_000, 0.5, 1.0, 12, 0.03, 0.5), new Places("LYON", "RHONE_ALPES", 0.6, 0.25),
				new Households(0.40, 0.25, 0.30, 3, 0.35, 0.30, 0.20, 0.15, 0.02, 0.02, 0.08),
				new Neighbours(0.05, 0.04, 0.04), new Contacts(0.92, 0.15, 0.90, 0.10, 0.85, 0.35),
				new Records(List.of(35.0, 25.0, 17.0, 11.0, 7.0, 5.0), 35, 40, 25, 0.04, 0.6),
				new Noise(0.03, 0.15, 0.08, 0.02, 0.03, 0.05, 0.05, 0.2, 0.03, 0.02, 0.02, 0.01, 0.02));
	}

	/**
	 * A held-out population, clearly different: another seed, a venue near Marseille,
	 * names concentrated on the frequent ones, more non-Latin names, more and larger
	 * families sharing more, twice the noise.
	 */
	public static PopulationShape heldOut() {
		PopulationShape d = defaults();
		return new PopulationShape("heldout", 77001L, d.people(), "aquarium-marseille",
				new Names(1.25, 30_000, 0.6, 1.2, 9, 0.06, 0.6), new Places("MARSEILLE", "PACA", 0.5, 0.3),
				new Households(0.25, 0.25, 0.45, 3, 0.45, 0.45, 0.35, 0.30, 0.04, 0.05, 0.15),
				new Neighbours(0.08, 0.06, 0.06), new Contacts(0.88, 0.25, 0.85, 0.20, 0.75, 0.45),
				new Records(List.of(25.0, 25.0, 20.0, 14.0, 9.0, 7.0), 40, 30, 30, 0.06, 0.5), d.noise().scaled(2));
	}

	/** {@code default} or {@code heldout}. */
	public static PopulationShape named(String name) {
		return switch (name.toLowerCase(Locale.ROOT).replace("-", "")) {
			case "default" -> defaults();
			case "heldout" -> heldOut();
			default -> throw new IllegalArgumentException("no population shape '" + name + "': default or heldout");
		};
	}

	public PopulationShape withPeople(int count) {
		return new PopulationShape(this.name, this.seed, count, this.venue, this.names, this.places, this.households,
				this.neighbours, this.contacts, this.records, this.noise);
	}

	public PopulationShape withSeed(long other) {
		return new PopulationShape(this.name, other, this.people, this.venue, this.names, this.places, this.households,
				this.neighbours, this.contacts, this.records, this.noise);
	}

}

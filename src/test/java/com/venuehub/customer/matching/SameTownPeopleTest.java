package com.venuehub.customer.matching;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People of one town whom names, a town and streets alike would make one: namesakes with
 * other birth dates, neighbours bearing one first name on streets alike, a father and his
 * son named after him. A venue's towns have several of each; a merged profile would mix
 * two people's tickets and consents. Each pair is checked in a venue of 100,000 customers
 * and in a small venue of 150 (where every name and postcode is weighed as a typical
 * one), and both ways round.
 */
class SameTownPeopleTest {

	private final MatchSettings settings = MatchSettings.defaults();

	/** A venue that knows nothing of its population yet: every value is typical. */
	private static final PersonMatcher NEW_VENUE = new PersonMatcher();

	/** A small venue: 150 customers in four towns. */
	private static final PersonMatcher SMALL_VENUE = new PersonMatcher(TermFrequencies
		.of(Map.ofEntries(Map.entry("tf|fn|camille", 6L), Map.entry("tf|fn|louis", 5L), Map.entry("tf|fn|hugo", 7L),
				Map.entry("tf|fn|pierre", 5L), Map.entry("tf|fn|emma", 6L), Map.entry("tf|fn|lea", 6L),
				Map.entry("tf|fn|jean", 8L), Map.entry("tf|ln|bernard", 9L), Map.entry("tf|ln|dubois", 12L),
				Map.entry("tf|ln|robert", 8L), Map.entry("tf|ln|petit", 11L), Map.entry("tf|ln|martin", 14L),
				Map.entry("tf|ln|richard", 10L), Map.entry("tf|ln|vandenberghe", 6L), Map.entry("tf|ln|kowalczyk", 9L),
				Map.entry("tf|pc|13002", 38L), Map.entry("tf|pc|69001", 37L), Map.entry("tf|pc|75011", 38L),
				Map.entry("tf|lc|marseille", 38L), Map.entry("tf|lc|lyon", 37L), Map.entry("tf|lc|paris", 38L)), 150));

	/** A venue of 100,000 customers near Marseille. */
	private static final PersonMatcher LARGE_VENUE = new PersonMatcher(TermFrequencies
		.of(Map.ofEntries(Map.entry("tf|fn|camille", 900L), Map.entry("tf|fn|louis", 800L),
				Map.entry("tf|fn|hugo", 700L), Map.entry("tf|fn|pierre", 1200L), Map.entry("tf|fn|emma", 900L),
				Map.entry("tf|fn|lea", 800L), Map.entry("tf|fn|jean", 1500L), Map.entry("tf|ln|bernard", 500L),
				Map.entry("tf|ln|dubois", 400L), Map.entry("tf|ln|robert", 350L), Map.entry("tf|ln|petit", 450L),
				Map.entry("tf|ln|martin", 1000L), Map.entry("tf|ln|richard", 400L), Map.entry("tf|ln|vandenberghe", 3L),
				Map.entry("tf|ln|kowalczyk", 5L), Map.entry("tf|pc|13002", 2500L), Map.entry("tf|pc|69001", 300L),
				Map.entry("tf|pc|75011", 400L), Map.entry("tf|lc|marseille", 40_000L), Map.entry("tf|lc|lyon", 900L),
				Map.entry("tf|lc|paris", 2000L)), 100_000));

	private static final List<PersonMatcher> VENUES = List.of(NEW_VENUE, SMALL_VENUE, LARGE_VENUE);

	/** Someone of Marseille 13002, with their own email. */
	private static MatchRecord marseillais(String first, String last, String born, String number, String street,
			String email) {
		return MatchRecord.of(first, last, born, number, street, "Marseille", "13002", null)
			.withContacts(email == null ? List.of() : List.of(email), List.of());
	}

	/** Never merged, in any venue, whichever record comes first. */
	private void neverMerged(MatchRecord a, MatchRecord b) {
		for (PersonMatcher venue : VENUES) {
			assertThat(this.settings.decide(venue.score(a, b))).as("%s / %s", a, b)
				.isNotEqualTo(MatchSettings.Decision.MERGE);
			assertThat(this.settings.decide(venue.score(b, a))).as("%s / %s", b, a)
				.isNotEqualTo(MatchSettings.Decision.MERGE);
		}
	}

	/** Merged in every venue, whichever record comes first. */
	private void mergedEverywhere(MatchRecord a, MatchRecord b) {
		for (PersonMatcher venue : VENUES) {
			assertThat(this.settings.decide(venue.score(a, b))).as("%s / %s", a, b)
				.isEqualTo(MatchSettings.Decision.MERGE);
			assertThat(this.settings.decide(venue.score(b, a))).as("%s / %s", b, a)
				.isEqualTo(MatchSettings.Decision.MERGE);
		}
	}

	static List<MatchRecord[]> namesakes() {
		return List.of(
				new MatchRecord[] {
						marseillais("Camille", "Bernard", "1968-07-03", "12", "rue Jean Jaurès",
								"camille.bernard68@example.fr"),
						marseillais("Camille", "Bernard", "2004-03-03", "45", "boulevard Jean Jaurès",
								"camille.bernard2004@exemple.com") },
				new MatchRecord[] {
						marseillais("Louis", "Dubois", "1967-04-12", "3", "allée Voltaire", "louis.dubois@example.fr"),
						marseillais("Louis", "Dubois", "1989-11-30", "28", "place Voltaire",
								"louis.dubois89@courriel.fr") },
				new MatchRecord[] {
						marseillais("Hugo", "Dubois", "1996-05-14", "7", "avenue Pasteur", "hugo.dubois96@example.fr"),
						marseillais("Hugo", "Dubois", "1995-09-02", "61", "chemin Pasteur",
								"hugo.dubois@courriel.fr") },
				new MatchRecord[] {
						marseillais("Pierre", "Robert", "1982-06-21", "18", "rue de la Gare",
								"pierre.robert82@example.fr"),
						marseillais("Pierre", "Robert", "1989-01-08", "40", "avenue de la Gare",
								"probert@exemple.com") },
				new MatchRecord[] {
						marseillais("Emma", "Petit", "1965-10-27", "9", "boulevard Gambetta",
								"emma.petit65@example.fr"),
						marseillais("Emma", "Petit", "1978-02-15", "22", "boulevard Voltaire",
								"emma.petit@courriel.fr") });
	}

	@ParameterizedTest
	@MethodSource("namesakes")
	void namesakesOfOneTownWithOtherBirthDatesEmailsAndStreetsAreNeverMerged(MatchRecord a, MatchRecord b) {
		neverMerged(a, b);
		MatchScore score = SMALL_VENUE.score(a, b);
		// a person has one birth date; a street of the same name with another way type,
		// or of the same way type with another name, is another street
		assertThat(score.weights().get("birthDate")).isLessThan(-8);
		assertThat(score.weights().get("street")).isNegative();
		assertThat(score.corroborated()).isFalse();
		// nor on the same street: two birth dates are two people
		MatchRecord sameStreet = MatchRecord
			.of(b.firstName(), b.lastName(), b.birthDate(), null, a.street(), "Marseille", "13002", null)
			.withContacts(b.emails(), List.of());
		neverMerged(a, sameStreet);
	}

	@Test
	void camilleBernardBornIn1968IsNotCamilleBernardBornIn2004() {
		// as the small venue's stream showed them: one record has an email, the other
		// only a street alike
		MatchRecord mother = marseillais("Camille", "Bernard", "1968-07-03", "12", "rue Jean Jaurès",
				"camille.bernard68@example.fr");
		MatchRecord other = marseillais("Camille", "Bernard", "2004-03-03", "45", "boulevard Jean Jaurès",
				"camille.bernard2004@exemple.com");
		MatchScore score = SMALL_VENUE.score(mother, other);
		assertThat(score.score()).isLessThan(this.settings.reviewThreshold());
		assertThat(this.settings.decide(score)).isEqualTo(MatchSettings.Decision.DISTINCT);
	}

	static List<MatchRecord[]> neighbours() {
		return List.of(
				new MatchRecord[] { marseillais("Emma", "Martin", "2006-08-02", "14", "boulevard Gambetta", null),
						marseillais("Emma", "Bernard", null, "37", "boulevard Voltaire", null) },
				new MatchRecord[] { marseillais("Léa", "Richard", null, "5", "rue Jean Jaurès", null),
						marseillais("Léa", "Petit", "1991-12-09", "5", "boulevard Jean Jaurès", null) },
				new MatchRecord[] { marseillais("Hugo", "Petit", null, "30", "rue Pasteur", null),
						marseillais("Hugo", "Vandenberghe", null, "31", "rue Pasteur", null) },
				// the same first name and birth date (a one-digit typo apart) in one town
				new MatchRecord[] {
						marseillais("Jean", "Kowalczyk", "1990-04-24", "37", "avenue de la République", null),
						marseillais("Jean", "Petit", "1990-04-21", "27", "avenue Voltaire", null) });
	}

	@ParameterizedTest
	@MethodSource("neighbours")
	void neighboursOfOneFirstNameAndOtherLastNamesAreNotMerged(MatchRecord a, MatchRecord b) {
		neverMerged(a, b);
		MatchScore score = SMALL_VENUE.score(a, b);
		// no shared address: their last names count in full
		assertThat(score.weights().get("lastName")).isLessThan(-4);
		assertThat(score.corroborated()).isFalse();
	}

	@Test
	void emmaMartinOfBoulevardGambettaIsNotEmmaBernardOfBoulevardVoltaire() {
		MatchRecord martin = marseillais("Emma", "Martin", "2006-08-02", "14", "boulevard Gambetta", null);
		MatchRecord bernard = marseillais("Emma", "Bernard", "1987-09-20", "37", "boulevard Voltaire", null);
		MatchScore score = SMALL_VENUE.score(martin, bernard);
		assertThat(this.settings.decide(score)).isEqualTo(MatchSettings.Decision.DISTINCT);
		assertThat(score.weights().get("street")).isNegative();
		assertThat(score.weights().get("birthDate")).isLessThan(-8);
	}

	@Test
	void otherLastNamesAreOnePersonOnlyWithAnEmailOrAPhoneOrTheFirstNameBirthDateAndHomeBothGive() {
		// married since: the same first name, birth date and home, another last name
		MatchRecord before = marseillais("Marie", "Dupont", "1984-05-17", "12", "rue Paradis", null);
		MatchRecord after = marseillais("Marie", "Lambert", "1984-05-17", "12", "rue Paradis", null);
		mergedEverywhere(before, after);
		// the same street at another number, or the number left out, is still her home
		mergedEverywhere(before, marseillais("Marie", "Lambert", "1984-05-17", "21", "rue Paradis", null));
		mergedEverywhere(before, marseillais("Marie", "Lambert", "1984-05-17", null, "r. Paradis", null));
		// a neighbour of one first name born another day, or the same day on another
		// street, or of the same town without a street, is someone else
		neverMerged(before, marseillais("Marie", "Lambert", "1991-02-08", "12", "rue Paradis", null));
		neverMerged(before, marseillais("Marie", "Lambert", "1984-05-17", "12", "boulevard Paradis", null));
		neverMerged(before, marseillais("Marie", "Lambert", "1984-05-17", "12", "rue Breteuil", null));
		neverMerged(before, marseillais("Marie", "Lambert", "1984-05-17", null, null, null));
		neverMerged(before,
				MatchRecord.of("Marie", "Lambert", "1984-05-17", "12", "rue Paradis", "Lyon", "69002", null));
		// nor is the first name alike only: Maria is another name
		neverMerged(before, marseillais("Maria", "Lambert", "1984-05-17", "12", "rue Paradis", null));
		// her email on both records says it is her, wherever she lives now
		mergedEverywhere(before.withContacts(List.of("marie.dupont84@example.fr"), List.of()),
				marseillais("Marie", "Lambert", "1984-05-17", "3", "cours Julien", "marie.dupont84@example.fr"));
	}

	@Test
	void aFatherAndTheSonNamedAfterHimAtOneAddressAreTwoPeople() {
		MatchRecord father = MatchRecord.of("Jean", "Martin", "1958-03-14", "12", "rue Victor Hugo", "Lyon", "69001",
				null);
		MatchRecord son = MatchRecord.of("Jean", "Martin", "1987-11-02", "12", "rue Victor Hugo", "Lyon", "69001",
				null);
		neverMerged(father, son);
		assertThat(SMALL_VENUE.score(father, son).corroborated()).isFalse();
	}

	@Test
	void aHouseholdSharesTheNumberAndTheStreetNotAStreetAlike() {
		MatchRecord father = MatchRecord.of("Louis", "Vandenberghe", null, "25", "chemin des Lilas", "Lyon", "69001",
				null);
		// another member of the household: the last name says little more
		MatchRecord household = MatchRecord.of("Louis", "Vandenberghe", null, "25", "ch. des Lilas", "Lyon", "69001",
				null);
		assertThat(SMALL_VENUE.score(father, household).weights().get("lastName")).isLessThan(1.2);
		// the same number on a street of the same name with another way type is another
		// address: the last name weighs in full
		MatchRecord neighbour = MatchRecord.of("Louis", "Vandenberghe", null, "25", "boulevard des Lilas", "Lyon",
				"69001", null);
		assertThat(SMALL_VENUE.score(father, neighbour).weights().get("lastName")).isGreaterThan(5);
		assertThat(SMALL_VENUE.score(father, neighbour).weights().get("street")).isNegative();
	}

	@Test
	void oneTypoInABirthDateOrAStreetIsStillOnePerson() {
		MatchRecord chloe = marseillais("Chloé", "Richard", "1990-03-14", "8", "avenue Victor Hugo", null);
		for (String[] typed : new String[][] { { "1990-03-14", "av. Victor Hugi" },
				{ "1990-03-41", "avenue Victor Hugo" }, { "1990-14-03", "avenue Victor Hugo" },
				{ "1990-03-15", "AVENUE VICTOR HUGO" }, { "1909-03-14", "avenue Victor Hugo" } }) {
			MatchRecord again = marseillais("Chloe", "RICHARD", typed[0], "8", typed[1], null);
			mergedEverywhere(chloe, again);
		}
	}

	@Test
	void birthDatesAgreeAreOneTypoApartSayNothingOrSayTwoPeople() {
		MatchRecord a = MatchRecord.of("Chloé", "Richard", "1985-03-12", null, null, null, null, null);
		double exact = birthWeight(a, "1985-03-12");
		assertThat(exact).isGreaterThan(13);
		// a digit wrong, two digits swapped, day and month swapped
		for (String typo : new String[] { "1985-03-13", "1985-03-21", "1985-12-03", "1958-03-12" }) {
			assertThat(birthWeight(a, typo)).as(typo).isBetween(3.0, 5.0);
		}
		// the same year and month, another day: neither
		assertThat(birthWeight(a, "1985-03-28")).isZero();
		// another year, or another day and month: two people
		for (String other : new String[] { "1979-03-12", "1985-07-28", "2004-08-30" }) {
			assertThat(birthWeight(a, other)).as(other).isLessThan(-8);
		}
	}

	private static double birthWeight(MatchRecord a, String other) {
		MatchRecord b = MatchRecord.of("Chloé", "Richard", other, null, null, null, null, null);
		return NEW_VENUE.score(a, b).weights().get("birthDate");
	}

	@Test
	void postcodeAndTownAreOnePieceOfEvidence() {
		MatchRecord a = marseillais("Camille", "Bernard", null, null, null, null);
		MatchScore both = SMALL_VENUE.score(a, marseillais("Camille", "Bernard", null, null, null, null));
		assertThat(both.weights()).containsKey("postcode").doesNotContainKey("locality");
		MatchScore townOnly = SMALL_VENUE.score(a,
				MatchRecord.of("Camille", "Bernard", null, null, null, "Marseille", "13008", null));
		assertThat(townOnly.weights()).containsKey("locality").doesNotContainKey("postcode");
		assertThat(townOnly.weights().get("locality")).isLessThan(both.weights().get("postcode"));
	}

	@Test
	void emailsBuiltFromTheNamesAtTwoProvidersAreNotOnePerson() {
		// the Latin spelling a person chose is not the transliteration of their name
		neverMerged(
				MatchRecord.of("Елена", "Кузнецова", null, null, null, null, null, null)
					.withContacts(List.of("elena.kouznetsova@laposte.fr"), List.of()),
				MatchRecord.of("Елена", "Кузнецова", null, null, null, null, null, null)
					.withContacts(List.of("elena.kouznetsova@outlook.com"), List.of()));
		// a family's address, and a first name given as an initial
		neverMerged(
				MatchRecord.of("Louis", "Lambert", null, null, null, null, null, null)
					.withContacts(List.of("lambert.famille@hotmail.fr"), List.of()),
				MatchRecord.of("L.", "Lambert", null, null, null, null, null, null)
					.withContacts(List.of("lambert.famille@gmail.com"), List.of()));
		neverMerged(
				MatchRecord.of("C.", "Dubois", null, null, null, null, null, null)
					.withContacts(List.of("caroline.dubois@orange.fr"), List.of()),
				MatchRecord.of("C", "Dubois", null, null, null, null, null, null)
					.withContacts(List.of("caroline.dubois@icloud.com"), List.of()));
		// digits of one's own still tell
		mergedEverywhere(
				MatchRecord.of("Camille", "Bernard", null, null, null, null, null, null)
					.withContacts(List.of("camille.bernard68@gmail.com"), List.of()),
				MatchRecord.of("Camille", "Bernard", null, null, null, null, null, null)
					.withContacts(List.of("camille.bernard68@orange.fr"), List.of()));
	}

	@Test
	void aStreetOfTheSameNameInAnotherTownSaysNothing() {
		MatchRecord lyon = MatchRecord.of("Marie", "Martin", null, "12", "rue de la République", "Lyon", "69001", null);
		MatchRecord paris = MatchRecord.of("Marie", "Martin", null, "12", "rue de la République", "Paris", "75011",
				null);
		MatchScore score = LARGE_VENUE.score(lyon, paris);
		assertThat(score.weights().get("street")).isZero();
		assertThat(this.settings.decide(score)).isNotEqualTo(MatchSettings.Decision.MERGE);
	}

}

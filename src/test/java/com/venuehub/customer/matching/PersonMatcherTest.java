package com.venuehub.customer.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersonMatcherTest {

	private final PersonMatcher matcher = new PersonMatcher();

	private final MatchSettings settings = MatchSettings.defaults();

	private static MatchRecord person(String first, String last, String birthDate) {
		return MatchRecord.of(first, last, birthDate, "12", "Rue des Lilas", "Lyon", "69003", null);
	}

	private double score(MatchRecord a, MatchRecord b) {
		double forward = matcher.score(a, b).score();
		assertEquals(forward, matcher.score(b, a).score(), 1e-9, "score must be symmetric");
		return forward;
	}

	@Test
	void normalizesCaseAccentsHyphensAndBlanks() {
		MatchRecord r = MatchRecord.of("  Jean-Pierre ", "O'Brien  Dupré", "1980-01-02", " ", "", null, "69 003",
				"JP.Dupre");
		assertEquals("jean pierre", r.firstName());
		assertEquals("o brien dupre", r.lastName());
		assertEquals("1980-01-02", r.birthDate());
		assertNull(r.streetNumber());
		assertNull(r.street());
		assertNull(r.locality());
		assertEquals("69 003", r.postcode());
		assertEquals("jp.dupre", r.emailLocalPart());
	}

	@Test
	void identicalRecordsMatch() {
		MatchScore s = matcher.score(person("Anna", "Schmidt", "1990-05-17"), person("Anna", "Schmidt", "1990-05-17"));
		assertTrue(s.score() >= settings.mergeThreshold());
		assertEquals(1.0, s.fields().get("lastName"));
	}

	@Test
	void typoVariantsMatch() {
		MatchRecord a = person("Catherine", "Whitfield", "1985-03-12");
		assertTrue(score(a, person("Cathrine", "Whitfeild", "1985-03-12")) >= settings.mergeThreshold());
		assertTrue(score(a, person("Catherine", "Whitfield", "1985-12-03")) >= settings.mergeThreshold());
		assertTrue(score(a, person("Catherine", "Whitfeld", "1985-03-13")) >= settings.mergeThreshold());
		assertTrue(score(a, person("Cath erine", "Whitfield", null)) >= settings.mergeThreshold());
	}

	@Test
	void swappedNamesMatch() {
		assertTrue(score(person("Petreece", "Lusted", "1995-06-20"),
				person("Lusted", "Petreece", "1995-06-20")) >= settings.mergeThreshold());
		assertTrue(score(person("Petreece", "Lusted", null), person("Lusted", "Petrece", null)) >= settings
			.mergeThreshold());
	}

	@Test
	void accentsCaseAndHyphensMatch() {
		MatchRecord a = MatchRecord.of("Jean-Pierre", "Dupond", "1971-09-30", "4", "Avenue Foch", "Nîmes", "30000",
				"Jean-Pierre.Dupond");
		MatchRecord b = MatchRecord.of("jean pierre", "dupont", "1971-09-30", "4", "avenue foch", "NIMES", "30000",
				"jeanpierre.dupond");
		MatchScore s = matcher.score(a, b);
		assertEquals(MatchSettings.Decision.MERGE, settings.decide(s));
		assertEquals(1.0, s.fields().get("firstName"));
		assertEquals(1.0, s.fields().get("locality"));
		assertEquals(1.0, s.fields().get("emailLocalPart"));
	}

	@Test
	void familyMembersAtTheSameAddressDoNotMatch() {
		MatchRecord father = person("Michel", "Lefebvre", "1962-04-08");
		assertTrue(score(father, person("Camille", "Lefebvre", "1994-11-23")) < settings.reviewThreshold());
		assertTrue(score(father, person("Louise", "Lefebvre", "1965-02-14")) < settings.reviewThreshold());
	}

	@Test
	void differentFirstNamesWithoutBirthDateAreTwoPeople() {
		MatchRecord michel = person("Michel", "Lefebvre", null);
		MatchRecord camille = person("Camille", "Lefebvre", "1994-11-23");
		assertTrue(matcher.contradicts(michel, camille));
		assertTrue(matcher.contradicts(camille, michel));
		assertNotEquals(MatchSettings.Decision.MERGE, settings.decide(matcher.score(michel, camille)));
		// a typo or swapped names are not another first name
		assertFalse(matcher.contradicts(michel, person("Michell", "Lefebvre", null)));
		assertFalse(matcher.contradicts(michel, person("Lefebvre", "Michel", null)));
	}

	@Test
	void aNameInArabicScriptIsTheNameOfItsLatinSpelling() {
		// transliterated without short vowels: "hmdy" for Hamdi, "ʿmr" for Omar
		MatchRecord arabic = person("\u0639\u0645\u0631", "\u062d\u0645\u062f\u064a", null);
		MatchRecord latin = person("Omar", "Hamdi", null);
		assertFalse(matcher.contradicts(arabic, latin));
		assertTrue(matcher.sameMember(arabic, latin));
		assertFalse(matcher.contradicts(person("\u0631\u0634\u064a\u062f", "Hamdi", null),
				person("Rachid", "Hamdi", null)));
		// another member of the household is still another person
		assertTrue(matcher.contradicts(person("\u0633\u0644\u0645\u0649", "Hamdi", null), latin));
		assertTrue(matcher.contradicts(arabic, person("Salma", "Hamdi", null)));
	}

	@Test
	void aRussianNameWrittenTheFrenchWayIsTheNameOfItsCyrillicSpelling() {
		// ICU writes Юрий Михайлов "urij mihajlov", French "Iouri Mikhaïlov"
		MatchRecord cyrillic = person("\u042e\u0440\u0438\u0439", "\u041c\u0438\u0445\u0430\u0439\u043b\u043e\u0432",
				null);
		MatchRecord french = person("Iouri", "Mikha\u00eflov", null);
		assertFalse(matcher.contradicts(cyrillic, french));
		assertTrue(matcher.sameMember(cyrillic, french));
		// Юлия Кузнецова, Ioulia Kouznetsova
		assertFalse(matcher.contradicts(
				person("\u042e\u043b\u0438\u044f", "\u041a\u0443\u0437\u043d\u0435\u0446\u043e\u0432\u0430", null),
				person("Ioulia", "Kouznetsova", null)));
		// another member of the household is still another person
		assertTrue(matcher.contradicts(
				person("\u042e\u043b\u0438\u044f", "\u041c\u0438\u0445\u0430\u0439\u043b\u043e\u0432\u0430", null),
				french));
		// г kept hard as French writes it, before e or i (Сергей Sergueï), whether the
		// other
		// record is in Cyrillic or spelled as a passport does (Sergei), however many bear
		// each spelling; ю and я as iou and ia, so that an initial I stands for Юлия
		PersonMatcher venue = new PersonMatcher(TermFrequencies
			.of(Map.of("tf|fn|serguei", 40L, "tf|fn|sergei", 30L, "tf|fn|evgueni", 40L, "tf|fn|evgeni", 30L), 20_000));
		assertEquals("serguei", MatchRecord.of("Сергей", null, null, null, null, null, null, null).firstName());
		assertEquals("ioulia", MatchRecord.of("Юлия", null, null, null, null, null, null, null).firstName());
		assertEquals("lioubov", MatchRecord.of("Любовь", null, null, null, null, null, null, null).firstName());
		assertEquals("maria", MatchRecord.of("Мария", null, null, null, null, null, null, null).firstName());
		assertFalse(venue.contradicts(person("Сергей", "Иванов", null), person("Sergueï", "Ivanov", null)));
		assertTrue(venue.sameMember(person("Сергей", "Иванов", null), person("Sergueï", "Ivanov", null)));
		assertFalse(venue.contradicts(person("Sergei", "Ivanov", null), person("Sergueï", "Ivanov", null)));
		assertFalse(venue.contradicts(person("Евгений", "Попов", null), person("Evgeni", "Popov", null)));
		assertFalse(matcher.contradicts(person("Юлия", "Волкова", null), person("I.", "Volkova", null)));
		assertTrue(matcher.contradicts(person("Юлия", "Волкова", null), person("O.", "Volkova", null)));
		// and French names the rules bring closer stay apart
		assertTrue(venue.contradicts(person("Guillaume", "Martin", null), person("Gilles", "Martin", null)));
		assertTrue(matcher.contradicts(person("Louis", "Martin", null), person("Lucas", "Martin", null)));
		assertTrue(matcher.contradicts(person("Alexis", "Martin", null), person("Alexandre", "Martin", null)));
	}

	@Test
	void namesAreTransliteratedAsTheyAreSpelledInFrench() {
		// a silent final tāʾ marbūṭa, an alif that is no vowel of its own, q and c as k
		assertFalse(matcher.contradicts(person("فاطمة", "منصور", null), person("Fatima", "Mansour", null)));
		assertTrue(matcher.sameMember(person("خديجة", "قاسم", null), person("Khadija", "Kacem", null)));
		assertFalse(matcher.contradicts(person("إبراهيم", "حداد", null), person("Ibrahim", "Haddad", null)));
		assertFalse(matcher.contradicts(person("ياسين", "حداد", null), person("Yassine", "Haddad", null)));
		assertFalse(matcher.contradicts(person("قاسم", "حداد", null), person("Kacem", "Haddad", null)));
		assertFalse(matcher.contradicts(person("منصور", "حداد", null), person("Mansour", "Haddad", null)));
		assertFalse(matcher.contradicts(person("عائشة", "حداد", null), person("Aïcha", "Haddad", null)));
		// ё as io, or as e after ч; a mute e at the end of the French spelling
		assertTrue(matcher.sameMember(person("Максим", "Фёдоров", null), person("Maxime", "Fiodorov", null)));
		assertFalse(matcher.contradicts(person("Пётр", "Алёхин", null), person("Piotr", "Aliokhine", null)));
		assertFalse(matcher.contradicts(person("Пётр", "Горбачёв", null), person("Piotr", "Gorbatchev", null)));
		// й as i, and nothing after и: however many bear Nikolaï and Николай, one name
		PersonMatcher venue = new PersonMatcher(TermFrequencies.of(Map.of("tf|fn|nikolai", 40L, "tf|fn|nikolaj", 30L,
				"tf|fn|andrei", 40L, "tf|fn|andrej", 30L, "tf|fn|dmitri", 40L, "tf|fn|dmitrij", 30L), 20_000));
		assertFalse(venue.contradicts(person("Николай", "Смирнов", null), person("Nikolaï", "Smirnov", null)));
		assertFalse(venue.contradicts(person("Андрей", "Попов", null), person("Andreï", "Popov", null)));
		assertFalse(venue.contradicts(person("Дмитрий", "Попов", null), person("Dmitri", "Popov", null)));
		assertEquals("nikolai", MatchRecord.of("Николай", null, null, null, null, null, null, null).firstName());
		assertEquals("dmitri", MatchRecord.of("Дмитрий", null, null, null, null, null, null, null).firstName());
		// another member of the household is still another person
		assertTrue(matcher.contradicts(person("فاطمة", "منصور", null), person("Amina", "Mansour", null)));
		assertTrue(matcher.contradicts(person("خديجة", "قاسم", null), person("Karim", "Kacem", null)));
		assertTrue(matcher.contradicts(person("Максим", "Фёдоров", null), person("Maria", "Fiodorova", null)));
		// and names written in one script compare as before
		assertTrue(matcher.contradicts(person("Maxime", "Martin", null), person("Maxence", "Martin", null)));
		assertTrue(matcher.contradicts(person("Cécile", "Martin", null), person("Céline", "Martin", null)));
	}

	@Test
	void namesAloneAreNotMergedAutomatically() {
		MatchRecord a = MatchRecord.of("Jean-Pierre", "Dupond", null, null, null, null, null, null);
		MatchRecord b = MatchRecord.of("jean pierre", "DUPOND", null, null, null, "Lyon", "69003", null);
		MatchScore s = matcher.score(a, b);
		// likely on names alone, and still not merged without a birth date, an address,
		// an email or a phone
		assertTrue(s.score() >= settings.mergeThreshold());
		assertFalse(s.corroborated());
		assertEquals(MatchSettings.Decision.REVIEW, settings.decide(s));
	}

	@Test
	void unrelatedPeopleDoNotMatch() {
		MatchRecord a = MatchRecord.of("Anna", "Schmidt", "1990-05-17", "3", "Hauptstrasse", "Berlin", "10115", null);
		MatchRecord b = MatchRecord.of("Paul", "Meyer", "1971-01-02", "8", "Ringweg", "Bonn", "53111", null);
		assertTrue(score(a, b) < settings.reviewThreshold());
	}

	@Test
	void missingValuesDoNotCrashAndAreNotCompared() {
		MatchRecord empty = MatchRecord.of(null, null, null, null, null, null, null, null);
		MatchScore s = matcher.score(empty, person("Anna", "Schmidt", "1990-05-17"));
		assertTrue(s.score() >= 0 && s.score() <= 1);
		assertTrue(s.fields().isEmpty());
		assertTrue(score(empty, empty) < settings.reviewThreshold());

		MatchScore partial = matcher.score(MatchRecord.of("Anna", null, null, null, null, null, "69003", null),
				person(null, "Schmidt", "1990-05-17"));
		assertEquals(List.of("postcode"), List.copyOf(partial.fields().keySet()));
	}

	@Test
	void impossibleOrMalformedBirthDatesAreTolerated() {
		MatchRecord a = person("Anna", "Schmidt", "1990-02-31");
		assertTrue(score(a, person("Anna", "Schmidt", "1990-02-31")) >= settings.mergeThreshold());
		double s = score(a, person("Anna", "Schmidt", "unknown"));
		assertTrue(s >= 0 && s <= 1);
	}

	@Test
	void swappedNamesShareABlockingKey() {
		BlockingKeys keys = new BlockingKeys();
		MatchRecord a = MatchRecord.of("Petreece", "Lusted", null, null, null, null, null, null);
		MatchRecord b = MatchRecord.of("Lusted", "Petreece", null, null, null, null, null, null);
		assertFalse(keys.keys(a).isEmpty());
		assertEquals(keys.keys(a), keys.keys(b));
	}

	@Test
	void candidateIndexListsPairsOnceAndSkipsOversizedBlocks() {
		List<MatchRecord> records = List.of(person("Anna", "Schmidt", "1990-05-17"),
				person("Anna", "Schmidt", "1990-05-17"), person("Paul", "Meyer", "1971-01-02"));
		List<CandidateIndex.Pair> pairs = new CandidateIndex(new BlockingKeys(), 10, records).pairsWithin();
		assertTrue(pairs.contains(new CandidateIndex.Pair(0, 1)));
		assertEquals(pairs.size(), pairs.stream().distinct().count());
		assertTrue(pairs.stream().allMatch(p -> p.left() < p.right()));

		assertTrue(new CandidateIndex(new BlockingKeys(), 1, records).pairsWithin().isEmpty());
		List<CandidateIndex.Pair> links = new CandidateIndex(new BlockingKeys(), 10, records.subList(1, 3))
			.pairsWith(records.subList(0, 1));
		assertTrue(links.contains(new CandidateIndex.Pair(0, 0)));
	}

	@Test
	void agreeingOnACommonNameSaysLessThanOnARareOne() {
		List<MatchRecord> population = new java.util.ArrayList<>();
		for (int i = 0; i < 400; i++) {
			population.add(MatchRecord.of(i % 2 == 0 ? "Marie" : "Paul", "Martin", null, null, null, null, null, null));
		}
		population.add(MatchRecord.of("Anastasia", "Vandenberghe", null, null, null, null, null, null));
		PersonMatcher counted = new PersonMatcher(TermFrequencies.counting(population));
		MatchRecord marie = MatchRecord.of("Marie", "Martin", null, null, null, "Lyon", null, null);
		MatchRecord anastasia = MatchRecord.of("Anastasia", "Vandenberghe", null, null, null, "Lyon", null, null);
		MatchScore common = counted.score(marie, marie);
		MatchScore rare = counted.score(anastasia, anastasia);
		assertTrue(rare.weights().get("lastName") > common.weights().get("lastName") + 5);
		assertTrue(rare.weights().get("firstName") > common.weights().get("firstName") + 3);
		assertTrue(rare.score() > common.score());
	}

	@Test
	void twoMariesOfOneTownWithOtherLastNamesAndEmailsAreTwoPeople() {
		MatchRecord dupont = MatchRecord.of("Marie", "Dupont", null, null, null, "Lyon", "69001", null)
			.withContacts(List.of("marie.dupont@example.fr"), List.of());
		MatchRecord martin = MatchRecord.of("Marie", "Martin", null, null, null, "Lyon", "69001", null)
			.withContacts(List.of("marie.martin@example.org"), List.of());
		assertEquals(MatchSettings.Decision.DISTINCT, settings.decide(matcher.score(dupont, martin)));
		assertTrue(matcher.score(dupont, martin).weights().get("lastName") < 0);
		assertTrue(matcher.score(dupont, martin).weights().get("email") < 0);
	}

	@Test
	void namesakesWithOtherBirthDatesEmailsPhonesAndPostcodesAreNeverMerged() {
		List<MatchRecord> chloes = List.of(
				MatchRecord.of("Chloé", "Richard", "1990-03-14", null, null, null, "69003", null)
					.withContacts(List.of("chloe.richard12@gmail.com"), List.of("+33612345678")),
				MatchRecord.of("Chloe", "RICHARD", "1985-11-02", null, null, null, "69008", null)
					.withContacts(List.of("chloe.richard87@orange.fr"), List.of("+33698765432")),
				MatchRecord.of("Chloé", "Richard", "2001-07-25", null, null, null, "38000", null)
					.withContacts(List.of("crichard@free.fr"), List.of("+33755512345")),
				MatchRecord.of("Chloé", "Richard", "1978-01-30", null, null, null, "69100", null)
					.withContacts(List.of("chloe.richard@laposte.net"), List.of("+33478123456")));
		// a venue of 100,000 customers where, as in France, Chloé and Richard are common
		PersonMatcher venue = new PersonMatcher(TermFrequencies.of(Map.of("tf|fn|chloe", 700L, "tf|ln|richard", 400L,
				"tf|pc|69003", 4000L, "tf|pc|69008", 3000L, "tf|pc|69100", 2500L, "tf|pc|38000", 800L), 100_000));
		for (MatchRecord a : chloes) {
			for (MatchRecord b : chloes) {
				if (a != b) {
					assertEquals(MatchSettings.Decision.DISTINCT, settings.decide(venue.score(a, b)), a + " / " + b);
					assertNotEquals(MatchSettings.Decision.MERGE, settings.decide(matcher.score(a, b)));
				}
			}
		}
	}

	@Test
	void aFullNameManyBearTogetherIsWeakerEvidenceThanItsTwoNamesApart() {
		MatchRecord a = MatchRecord.of("Ирина", "Иванова", null, null, null, "Paris", "75011", null);
		MatchRecord b = MatchRecord.of("Irina", "Ivanova", null, null, null, "Paris", "75011", null);
		String first = a.firstName();
		String last = a.lastName();
		assertEquals(first, b.firstName());
		// a venue of 100,000 where 12 bear each name: each one rare, the two apart
		PersonMatcher apart = new PersonMatcher(TermFrequencies.of(
				Map.of("tf|fn|" + first, 12L, "tf|ln|" + last, 12L, "tf|pc|75011", 900L, "tf|lc|paris", 20_000L),
				100_000));
		// the same venue where the 12 bear them together: one community's common name
		PersonMatcher together = new PersonMatcher(TermFrequencies.of(Map.of("tf|fn|" + first, 12L, "tf|ln|" + last,
				12L, "tf|nm|" + first + "|" + last, 12L, "tf|pc|75011", 900L, "tf|lc|paris", 20_000L), 100_000));
		MatchScore told = apart.score(a, b);
		MatchScore shared = together.score(a, b);
		assertNull(told.weights().get("fullName"));
		// 12 in 100,000 bear the name where the two names apart make it one in 51 million
		// (each share smoothed towards a typical one by 1,000 people)
		assertEquals(-Math.log(12.0016 / 101_000 / (16.0 / 101_000 * 12.4 / 101_000)) / Math.log(2),
				shared.weights().get("fullName"), 0.01);
		assertTrue(told.score() > 0.999, "names rare apart: " + told.score());
		assertTrue(shared.score() < 0.95, "a common full name: " + shared.score());
		// names and place alone: at most a duplicate to review, either way
		assertNotEquals(MatchSettings.Decision.MERGE, settings.decide(shared));
		// five bearers may be one person's records, kept apart for want of more than
		// names
		// and place: no community's name yet
		PersonMatcher few = new PersonMatcher(TermFrequencies.of(Map.of("tf|fn|" + first, 12L, "tf|ln|" + last, 12L,
				"tf|nm|" + first + "|" + last, 5L, "tf|pc|75011", 900L, "tf|lc|paris", 20_000L), 100_000));
		assertEquals(told.score(), few.score(a, b).score(), 1e-12);
		// a typo in one name: the full names are not the same, and weigh as before
		MatchRecord typo = MatchRecord.of("Irina", "Ivanowa", null, null, null, "Paris", "75011", null);
		assertNull(together.score(a, typo).weights().get("fullName"));
	}

	@Test
	void anEmailLocalPartWithDigitsAtTwoProvidersIsEvidenceButOneRepeatingTheNamesIsNot() {
		MatchRecord a = MatchRecord.of("Marie", "Martin", null, null, null, null, null, null)
			.withContacts(List.of("marie.martin87@gmail.com"), List.of());
		MatchRecord sameDigits = MatchRecord.of("Marie", "Martin", null, null, null, null, null, null)
			.withContacts(List.of("marie.martin87@hotmail.fr"), List.of());
		MatchRecord otherDigits = MatchRecord.of("Marie", "Martin", null, null, null, null, null, null)
			.withContacts(List.of("marie.martin12@hotmail.fr"), List.of());
		MatchRecord nameOnlyA = MatchRecord.of("Marie", "Martin", null, null, null, null, null, null)
			.withContacts(List.of("marie.martin@gmail.com"), List.of());
		MatchRecord nameOnlyB = MatchRecord.of("Marie", "Martin", null, null, null, null, null, null)
			.withContacts(List.of("marie.martin@hotmail.fr"), List.of());
		assertTrue(matcher.score(a, sameDigits).corroborated());
		assertTrue(matcher.score(a, sameDigits).weights().get("email") > 5);
		assertFalse(matcher.score(a, otherDigits).corroborated());
		assertTrue(matcher.score(a, otherDigits).weights().get("email") < 0);
		assertFalse(matcher.score(nameOnlyA, nameOnlyB).corroborated());
		assertNotEquals(MatchSettings.Decision.MERGE, settings.decide(matcher.score(nameOnlyA, nameOnlyB)));
	}

	@Test
	void namesAndEmailsInOtherScriptsAreComparedTransliterated() {
		MatchRecord cyrillic = MatchRecord.of("Дмитрий", "Иванов", null, null, null, null, null, null);
		MatchRecord latin = MatchRecord.of("Dmitri", "Ivanov", null, null, null, null, null, null);
		assertEquals(latin.firstName(), cyrillic.firstName());
		assertEquals(latin.lastName(), cyrillic.lastName());
		// modern Greek, as Ioannis writes his name in Latin letters
		assertEquals("ioannis", MatchRecord.of("Ιωάννης", null, null, null, null, null, null, null).firstName());
		// two different names in another script are not equal for want of Latin letters
		MatchRecord ivan = MatchRecord.of("Иван", "Петров", null, null, null, null, null, null)
			.withContacts(List.of("иван@почта.рф"), List.of());
		MatchRecord piotr = MatchRecord.of("Пётр", "Сидоров", null, null, null, null, null, null)
			.withContacts(List.of("пётр@почта.рф"), List.of());
		assertTrue(matcher.contradicts(ivan, piotr));
		MatchScore s = matcher.score(ivan, piotr);
		assertTrue(s.fields().get("firstName") < 0.88);
		assertTrue(s.weights().get("email") < 0);
		assertEquals(MatchSettings.Decision.DISTINCT, settings.decide(s));
	}

	@Test
	void initialsTyposOfOneLetterAndNamesSplitElsewhereAreNotAnotherPerson() {
		MatchRecord valerie = MatchRecord.of("Valérie", "Le Cabeland", null, null, null, null, null, null);
		assertFalse(
				matcher.contradicts(valerie, MatchRecord.of("V.", "Le Cabeland", null, null, null, null, null, null)));
		assertFalse(matcher.contradicts(MatchRecord.of("Tom", "Lamenette", null, null, null, null, null, null),
				MatchRecord.of("Fom", "Lamenette", null, null, null, null, null, null)));
		// a one-line name read first word first
		MatchRecord stephanie = MatchRecord.of("Stéphanie", "Le Berotte", null, null, null, null, null, null);
		assertFalse(matcher.contradicts(stephanie,
				MatchRecord.of("Le", "Berotte Stephanie", null, null, null, null, null, null)));
		assertFalse(
				matcher.contradicts(stephanie, MatchRecord.of("Le", "Berotte", null, null, null, null, null, null)));
		assertFalse(
				matcher.contradicts(stephanie, MatchRecord.of("Berotte", null, null, null, null, null, null, null)));
		// but the last letter makes another name
		assertTrue(matcher.contradicts(MatchRecord.of("Marie", "Lefort", null, null, null, null, null, null),
				MatchRecord.of("Maria", "Lefort", null, null, null, null, null, null)));
		assertTrue(matcher.contradicts(MatchRecord.of("Louis", "Lefort", null, null, null, null, null, null),
				MatchRecord.of("Louise", "Lefort", null, null, null, null, null, null)));
		assertTrue(matcher.contradicts(MatchRecord.of("Jean", "Lefort", null, null, null, null, null, null),
				MatchRecord.of("Jeanne", "Lefort", null, null, null, null, null, null)));
	}

	@Test
	void twinsSharingTheirParentsEmailAreTwoPeople() {
		MatchRecord jordan = MatchRecord.of("Jordan", "Barares", "2013-02-03", null, null, null, "13014", null)
			.withContacts(List.of("zaza82@gmail.com"), List.of());
		MatchRecord aaron = MatchRecord.of("Aaron", "Barares", "2013-02-03", null, null, null, "13014", null)
			.withContacts(List.of("zaza82@gmail.com"), List.of());
		assertTrue(matcher.contradicts(jordan, aaron));
		assertTrue(matcher.rulesOut(jordan, aaron));
		assertEquals(0.0, matcher.score(jordan, aaron).weights().get("email"));
		// the same birth date, another first name and nothing shared: a first name
		// mistyped beyond recognition is left to the score
		assertFalse(
				matcher.rulesOut(jordan.withContacts(List.of(), List.of()), aaron.withContacts(List.of(), List.of())));
	}

	@Test
	void aFirstNameCutShortIsNotAnotherName() {
		// a venue where many bear Catherine and Louise, a few Louis, and one record says
		// Catherin: a form that cut the name at eight letters
		PersonMatcher venue = new PersonMatcher(TermFrequencies.of(
				Map.of("tf|fn|catherine", 300L, "tf|fn|catherin", 2L, "tf|fn|louise", 300L, "tf|fn|louis", 40L),
				20_000));
		MatchRecord catherine = MatchRecord.of("Catherine", "Du Cabaruet", null, null, null, null, null, null);
		MatchRecord catherin = MatchRecord.of("Catherin", "DU CABARUET", null, null, null, null, null, null);
		assertFalse(venue.contradicts(catherine, catherin));
		assertTrue(venue.contradicts(MatchRecord.of("Louise", "Lefort", null, null, null, null, null, null),
				MatchRecord.of("Louis", "Lefort", null, null, null, null, null, null)));
		// a store that knows nothing of its names keeps them apart
		assertTrue(matcher.contradicts(catherine, catherin));
	}

	@Test
	void aLetterDroppedInsideAShortNameOrTwoLettersSwappedIsOneName() {
		assertFalse(matcher.contradicts(person("Lo", "Guiez", null), person("Léo", "Guiez", null)));
		assertFalse(matcher.contradicts(person("Ne", "Serarieu", null), person("Noé", "Serarieu", null)));
		assertFalse(matcher.contradicts(person("Lae", "Corarelle", null), person("Léa", "Corarelle", null)));
		assertFalse(matcher.contradicts(person("Fom", "Corarelle", null), person("Tom", "Corarelle", null)));
		// the last letter still makes another name
		assertTrue(matcher.contradicts(person("Léa", "Corarelle", null), person("Léo", "Corarelle", null)));
		// Ali written in Arabic script, whose one consonant left follows a ʿayn
		assertFalse(matcher.contradicts(person("علي", "عمر", null), person("Ali", "Omar", null)));
		assertTrue(matcher.contradicts(person("علي", "عمر", null), person("Lou", "Omar", null)));
	}

	@Test
	void aChildUnderFifteenGivesAParentsEmailAndPhone() {
		// records made on a day of 2026, by or for a boy born in 2018
		LocalDate on = LocalDate.of(2026, 3, 20);
		String eight = "2018-01-12";
		MatchRecord paul = MatchRecord.of("Paul", "Martin", "1980-02-02", null, null, null, null, null)
			.withContacts(List.of("paul.martin@orange.fr"), List.of("+33612345678"));
		// the boy's enrolment with his father's email, naming no first name: not Paul's,
		// though the email spells Paul's name
		MatchRecord enrolment = MatchRecord.of(null, "Martin", eight, null, null, null, null, null)
			.withContacts(List.of("paul.martin@orange.fr"), List.of());
		assertEquals(PersonMatcher.EmailOwner.ANOTHER, matcher.emailOwner(enrolment, paul, on));
		// nor the holder's when the holder's birth date is not known
		MatchRecord paulUnborn = MatchRecord.of("Paul", "Martin", null, null, null, null, null, null)
			.withContacts(List.of("paul.martin@orange.fr"), List.of("+33612345678"));
		assertEquals(PersonMatcher.EmailOwner.ANOTHER, matcher.emailOwner(enrolment, paulUnborn, on));
		// the boy's own record, born that day, may be: the email does not say
		MatchRecord leo = MatchRecord.of("Léo", "Martin", eight, null, null, null, null, null)
			.withContacts(List.of("soleil.bleu@orange.fr"), List.of("+33612345678"));
		assertEquals(PersonMatcher.EmailOwner.UNKNOWN,
				matcher.emailOwner(MatchRecord.of(null, "Martin", eight, null, null, null, null, null)
					.withContacts(List.of("soleil.bleu@orange.fr"), List.of()), leo, on));
		// a record naming nobody with the phone the boy gave is his mother's as much as
		// his
		MatchRecord answer = MatchRecord.of(null, null, null, null, null, null, null, null)
			.withContacts(List.of(), List.of("+33612345678"));
		assertEquals(PersonMatcher.EmailOwner.ANOTHER, matcher.emailOwner(answer, leo, on));
		// the age is read on the day of the record: at fifteen, one's phone is one's own
		assertEquals(PersonMatcher.EmailOwner.UNKNOWN, matcher.emailOwner(answer, leo, LocalDate.of(2033, 1, 12)));
		assertEquals(PersonMatcher.EmailOwner.ANOTHER, matcher.emailOwner(answer, leo, LocalDate.of(2033, 1, 11)));
		// and past fifteen, an email spelling Paul's name on a record naming no first
		// name is Paul's again
		assertEquals(PersonMatcher.EmailOwner.HOLDER,
				matcher.emailOwner(enrolment, paulUnborn, LocalDate.of(2034, 1, 1)));
		// a date not written whole says no age
		assertEquals(PersonMatcher.EmailOwner.UNKNOWN,
				matcher.emailOwner(answer, MatchRecord.of("Léo", "Martin", "2019", null, null, null, null, null)
					.withContacts(List.of(), List.of("+33612345678")), on));
	}

	@Test
	void anInitialBesideAChildsBirthDateNamesNoOneMember() {
		LocalDate on = LocalDate.of(2026, 3, 20);
		// a girl of three's ticket with her mother's email, the till keeping an initial
		MatchRecord girl = MatchRecord.of("A", "Du Lanand", "2022-12-23", null, null, null, "38000", null)
			.withContacts(List.of("doudou.kiki92@laposte.net"), List.of());
		MatchRecord audrey = MatchRecord.of("Audrey", "Du Lanand", null, null, null, null, null, null)
			.withContacts(List.of("doudou.kiki92@laposte.net"), List.of("+33660407316"));
		assertTrue(matcher.childBesideAnother(girl, audrey, on));
		assertTrue(matcher.childBesideAnother(audrey, girl, on));
		// the mother's initial beside her daughter's card
		MatchRecord louise = MatchRecord.of("Louise", "Talarain", "2022-08-01", null, null, null, null, null)
			.withContacts(List.of("lena.talarain@gmail.com"), List.of());
		MatchRecord initial = MatchRecord.of("L.", "Talarain", null, null, null, null, "74000", null)
			.withContacts(List.of("lena.talarain@gmail.com"), List.of());
		assertTrue(matcher.childBesideAnother(initial, louise, on));
		// the child's first name written whole, or mistyped, on both: the child
		assertFalse(matcher.childBesideAnother(louise,
				MatchRecord.of("Louise", "Talarain", null, null, null, null, null, null), on));
		assertFalse(matcher.childBesideAnother(louise,
				MatchRecord.of("Louisse", "Talarain", null, null, null, null, null, null), on));
		// both birth dates given: the family rule tells them apart, not this
		assertFalse(matcher.childBesideAnother(
				MatchRecord.of("L.", "Talarain", "1990-05-04", null, null, null, null, null), louise, on));
		// past fifteen, a record's email and phone are its person's own
		assertFalse(matcher.childBesideAnother(initial, louise, LocalDate.of(2037, 8, 1)));
		// a record naming no first name is left to the rules of its email
		assertFalse(matcher.childBesideAnother(MatchRecord.of(null, "Talarain", null, null, null, null, null, null),
				louise, on));
	}

	@Test
	void theEmailOfARecordWithoutAFirstNameSaysWhoseItIs() {
		MatchRecord anne = MatchRecord.of("Anne", "Le Galeles", "1961-04-13", null, null, null, null, null);
		MatchRecord leonie = MatchRecord.of("Léonie", "Haluet", "2008-01-29", null, null, null, null, null);
		MatchRecord hugo = MatchRecord.of("Hugo", "Le Galeles", null, null, null, null, null, null);
		MatchRecord kiosk = MatchRecord.of(null, null, null, null, null, null, null, null)
			.withContacts(List.of("anne.legaleles@orange.fr"), List.of());
		assertEquals(PersonMatcher.EmailOwner.HOLDER, matcher.emailOwner(kiosk, anne));
		assertEquals(PersonMatcher.EmailOwner.ANOTHER, matcher.emailOwner(kiosk, hugo));
		// her father's email on Léonie's record: a record with it and no first name is
		// not hers
		MatchRecord father = MatchRecord.of(null, "Haluet", null, null, null, null, null, null)
			.withContacts(List.of("frederic.haluet@icloud.com"), List.of());
		assertEquals(PersonMatcher.EmailOwner.ANOTHER, matcher.emailOwner(father, leonie));
		// a family's email, an initial, a handle: not the holder's own, or nothing said
		assertEquals(PersonMatcher.EmailOwner.ANOTHER,
				matcher.emailOwner(MatchRecord.of(null, null, null, null, null, null, null, null)
					.withContacts(List.of("famille.legaleles@orange.fr"), List.of()), anne));
		assertEquals(PersonMatcher.EmailOwner.UNKNOWN,
				matcher.emailOwner(MatchRecord.of(null, null, null, null, null, null, null, null)
					.withContacts(List.of("a.legaleles@orange.fr"), List.of()), anne));
		assertEquals(PersonMatcher.EmailOwner.UNKNOWN,
				matcher.emailOwner(MatchRecord.of(null, null, null, null, null, null, null, null)
					.withContacts(List.of("lapin.bleu69@orange.fr"), List.of()), anne));
		// another birth date says another member of the household
		assertEquals(PersonMatcher.EmailOwner.ANOTHER,
				matcher.emailOwner(MatchRecord.of(null, "Le Galeles", "2012-06-01", null, null, null, null, null)
					.withContacts(List.of("lapin.bleu69@orange.fr"), List.of()), anne));
		// and so does another last name: a partner who gives Anne's email
		assertEquals(PersonMatcher.EmailOwner.ANOTHER,
				matcher.emailOwner(MatchRecord.of(null, "Halenange", null, null, null, null, null, null)
					.withContacts(List.of("anne.legaleles@orange.fr"), List.of()), anne));
		assertEquals(PersonMatcher.EmailOwner.HOLDER,
				matcher.emailOwner(MatchRecord.of(null, "LE GALELES", null, null, null, null, null, null)
					.withContacts(List.of("anne.legaleles@orange.fr"), List.of()), anne));
		// a mobile of its own beside Anne's: another member who gives the household's
		// email, or even Anne's
		MatchRecord anneWithMobile = anne.withContacts(List.of("lapin.bleu69@orange.fr"), List.of("+33612345678"));
		assertEquals(PersonMatcher.EmailOwner.ANOTHER,
				matcher.emailOwner(MatchRecord.of(null, null, null, null, null, null, null, null)
					.withContacts(List.of("lapin.bleu69@orange.fr"), List.of("+33698765432")), anneWithMobile));
		assertEquals(PersonMatcher.EmailOwner.UNKNOWN,
				matcher.emailOwner(MatchRecord.of(null, null, null, null, null, null, null, null)
					.withContacts(List.of("lapin.bleu69@orange.fr"), List.of("+33612345678")), anneWithMobile));
		assertEquals(PersonMatcher.EmailOwner.ANOTHER,
				matcher.emailOwner(kiosk.withContacts(List.of("anne.legaleles@orange.fr"), List.of("+33698765432")),
						anneWithMobile.withContacts(List.of("anne.legaleles@orange.fr"), List.of("+33612345678"))));
		// a landline is a home's: it says nothing of the member
		assertEquals(PersonMatcher.EmailOwner.UNKNOWN,
				matcher.emailOwner(MatchRecord.of(null, null, null, null, null, null, null, null)
					.withContacts(List.of("lapin.bleu69@orange.fr"), List.of("+33478123456")), anneWithMobile));
		// the household shares the email: the record is attributed to the member it names
		assertEquals(List.of("anne"), matcher.attributable(kiosk, LocalDate.of(2026, 3, 20), List.of("hugo", "anne"),
				Map.of("anne", anne, "hugo", hugo)::get, List.of()));
	}

	@Test
	void twoBirthDatesAreTwoPeopleWhateverNameAndIdentifierTheyShare() {
		// a father and the son named after him, sharing the father's email
		MatchRecord father = MatchRecord.of("Jérémy", "Thootte", "1961-04-13", null, null, null, null, null)
			.withContacts(List.of("jeremythootte@hotmail.com"), List.of());
		MatchRecord son = MatchRecord.of("Jérémy", "Thootte", "1990-09-30", null, null, null, null, null)
			.withContacts(List.of("jeremythootte@hotmail.com"), List.of());
		assertTrue(matcher.contradicts(father, son));
		// one typo, a day swapped with the month, or a date on one record only: one
		// person
		assertFalse(matcher.contradicts(father,
				MatchRecord.of("Jérémy", "Thootte", "1961-04-18", null, null, null, null, null)));
		assertFalse(matcher.contradicts(father,
				MatchRecord.of("Jérémy", "Thootte", "1961-13-04", null, null, null, null, null)));
		assertFalse(
				matcher.contradicts(father, MatchRecord.of("Jérémy", "Thootte", null, null, null, null, null, null)));
		// the score still weighs the pair: the family rule of scoring is the first names'
		assertFalse(matcher.rulesOut(father, son));
	}

	@Test
	void firstNamesMerelyAlikeUnderOtherLastNamesAreTwoPeople() {
		// a couple on one email: Patricia kept her name, Patrick bears his
		MatchRecord patricia = MatchRecord.of("Patricia", "Salarine", null, null, null, null, null, null)
			.withContacts(List.of("p.duflaiere@laposte.net"), List.of());
		MatchRecord patrick = MatchRecord.of("Patrick", "Du Flaière", null, null, null, null, null, null)
			.withContacts(List.of("p.duflaiere@laposte.net"), List.of());
		assertTrue(matcher.contradicts(patricia, patrick));
		// one who changed last names keeps the first name, typed right, one letter off
		// or as an initial; a last name without its particle is the same name
		assertFalse(matcher.contradicts(patrick,
				MatchRecord.of("Patrick", "Salarine", null, null, null, null, null, null)));
		assertFalse(
				matcher.contradicts(patrick, MatchRecord.of("Patrik", "Salarine", null, null, null, null, null, null)));
		assertFalse(matcher.contradicts(patrick, MatchRecord.of("P.", "Salarine", null, null, null, null, null, null)));
		assertFalse(matcher.contradicts(patricia,
				MatchRecord.of("Patrick", "SALARINE", null, null, null, null, null, null)));
		assertFalse(matcher.contradicts(MatchRecord.of("Patricia", "Du Flaière", null, null, null, null, null, null),
				MatchRecord.of("Patrick", "Flaière", null, null, null, null, null, null)));
	}

	@Test
	void aYearTypedOneOffIsOneTypoEvenAcrossADecade() {
		// Théo gives his email at the loyalty desk with 1990 for 1989: a year one off
		// changes two digits when it crosses a decade, as 1985 for 1986 changes one
		MatchRecord online = MatchRecord.of("Théo", "Monaret", "1989-09-20", null, null, null, null, null)
			.withContacts(List.of("theo.monaret89@orange.fr"), List.of());
		MatchRecord loyalty = MatchRecord.of("Théo", "Monaret", "1990-09-20", null, null, null, null, null)
			.withContacts(List.of("theo.monaret89@orange.fr"), List.of());
		assertFalse(matcher.contradicts(online, loyalty));
		MatchScore score = matcher.score(online, loyalty);
		assertEquals(Math.log(0.05 / 0.004) / Math.log(2), score.weights().get("birthDate"), 0.01);
		assertTrue(score.corroborated());
		assertEquals(MatchSettings.Decision.MERGE, MatchSettings.defaults().decide(score));
		assertFalse(matcher.contradicts(MatchRecord.of("Théo", "Monaret", "2000-01-05", null, null, null, null, null),
				MatchRecord.of("Théo", "Monaret", "1999-01-05", null, null, null, null, null)));
		// two years apart, or a year off beside another day: two people
		assertTrue(matcher.contradicts(online,
				MatchRecord.of("Théo", "Monaret", "1991-09-20", null, null, null, null, null)));
		assertTrue(matcher.contradicts(online,
				MatchRecord.of("Théo", "Monaret", "1990-09-21", null, null, null, null, null)));
	}

	@Test
	void firstNamesMerelyAlikeAreTwoMembersOfAHousehold() {
		MatchRecord louis = MatchRecord.of("Louis", "Verelac", null, null, null, null, null, null);
		MatchRecord jacques = MatchRecord.of("Jacques", "Rocarange", null, null, null, null, null, null);
		// alike enough for the family rule between strangers, not for one member
		assertFalse(matcher.contradicts(louis, MatchRecord.of("Lou", "Verelac", null, null, null, null, null, null)));
		assertFalse(matcher.sameMember(louis, MatchRecord.of("Lou", "Verelac", null, null, null, null, null, null)));
		assertFalse(matcher.sameMember(jacques,
				MatchRecord.of("Jacqueline", "Rocarange", null, null, null, null, null, null)));
		// a typo, an initial, names swapped: one member
		assertTrue(matcher.sameMember(louis, MatchRecord.of("Loius", "VERELAC", null, null, null, null, null, null)));
		assertTrue(matcher.sameMember(louis, MatchRecord.of("L.", "Verelac", null, null, null, null, null, null)));
		assertTrue(matcher.sameMember(louis, MatchRecord.of("Verelac", "Louis", null, null, null, null, null, null)));
		// an email spelling a first name alike the holder's is another member's
		MatchRecord jules = MatchRecord.of("Jules", "Le Valenot", null, null, null, null, null, null);
		assertEquals(PersonMatcher.EmailOwner.ANOTHER,
				matcher.emailOwner(MatchRecord.of(null, null, null, null, null, null, null, null)
					.withContacts(List.of("julie.levalenot@yahoo.fr"), List.of()), jules));
		assertEquals(PersonMatcher.EmailOwner.HOLDER,
				matcher.emailOwner(MatchRecord.of(null, null, null, null, null, null, null, null)
					.withContacts(List.of("jules.levalenot@yahoo.fr"), List.of()), jules));
	}

	@Test
	void firstNamesAlikeEachSpeltWholeByTheRecordsOwnEmailAreTwoNames() {
		MatchRecord christine = MatchRecord
			.of("Christine", "Du Masès", null, "110", "rue Gambetta", "Saint-Étienne", "42000", null)
			.withContacts(List.of("christine.dumases62@gmail.com"), List.of());
		MatchRecord christian = MatchRecord
			.of("Christian", "Du-Masès", null, "110", "rue Gambetta", "St-Étienne", "42000", null)
			.withContacts(List.of("christian.du-mases@renault.com"), List.of());
		// one home, names and place agree: the score alone would merge them
		assertTrue(matcher.score(christine, christian).score() > 0.99);
		assertTrue(matcher.contradicts(christine, christian));
		assertTrue(matcher.rulesOut(christine, christian));
		// an email that does not spell the name says nothing of a typo in it
		assertFalse(matcher.contradicts(christine,
				MatchRecord.of("Christian", "Du Masès", null, "110", "rue Gambetta", "Saint-Étienne", "42000", null)
					.withContacts(List.of("cdm42@gmail.com"), List.of())));
		// one person writes a name with one letter more or less, both ways
		assertFalse(matcher.contradicts(
				MatchRecord.of("Mathieu", "Roux", null, null, null, null, null, null)
					.withContacts(List.of("mathieu.roux@gmail.com"), List.of()),
				MatchRecord.of("Matthieu", "Roux", null, null, null, null, null, null)
					.withContacts(List.of("matthieu.roux@orange.fr"), List.of())));
	}

	@Test
	void twoNamesALetterApartBorneByManyAreTwoNames() {
		PersonMatcher venue = new PersonMatcher(TermFrequencies
			.of(Map.of("tf|fn|lena", 60L, "tf|fn|lina", 40L, "tf|fn|camille", 300L, "tf|fn|camile", 3L), 20_000));
		assertTrue(venue.contradicts(MatchRecord.of("Léna", "Gouot", null, null, null, null, null, null),
				MatchRecord.of("Lina", "Gouot", null, null, null, null, null, null)));
		assertFalse(venue.contradicts(MatchRecord.of("Camille", "Guiour", null, null, null, null, null, null),
				MatchRecord.of("Camile", "Guiour", null, null, null, null, null, null)));
	}

	@Test
	void aFirstNameWithoutItsFirstLetterIsATypoUnlessManyBearIt() {
		PersonMatcher venue = new PersonMatcher(
				TermFrequencies.of(
						Map.of("tf|fn|didier", 120L, "tf|fn|idier", 1L, "tf|fn|lola", 200L, "tf|fn|ola", 2L,
								"tf|fn|alison", 90L, "tf|fn|lison", 30L, "tf|fn|yann", 150L, "tf|fn|ann", 12L),
						20_000));
		assertTrue(venue.sameMember(person("Didier", "Pelaud", null), person("idier", "PELAUD", null)));
		assertTrue(venue.sameMember(person("Lola", "Cheenc", null), person("ola", "Cheenc", null)));
		// two names each borne by many stay two names
		assertTrue(venue.contradicts(person("Alison", "Martin", null), person("Lison", "Martin", null)));
		assertTrue(venue.contradicts(person("Yann", "Martin", null), person("Ann", "Martin", null)));
		// a store that knows nothing of its names keeps them apart
		assertTrue(new PersonMatcher().contradicts(person("Didier", "Pelaud", null), person("idier", "Pelaud", null)));
	}

	@Test
	void namesSwappedWithALastNameCutShortOrWithoutItsParticleAreOneMember() {
		assertTrue(matcher.sameMember(person("Clara", "Serarol", null), person("LE SERAROL", "Clara", null)));
		assertTrue(matcher.sameMember(person("Kevin", "Du Palois", null), person("Du", "Kevin", null)));
		assertTrue(matcher.sameMember(person("Delphine", "De Mararine", null), person("DEMARARI", "Delphine", null)));
		assertTrue(matcher.sameMember(person("Louis", "Du Lacotte", null), person("DU LACOT", "Louis", null)));
		assertTrue(matcher.sameMember(person("Benoît", "Ferarol", null), person("LEFERARROL", "Benoît", null)));
		// another member of the household, whose names are swapped on the record, is not
		assertTrue(matcher.contradicts(person("Louis", "Du Lacotte", null), person("DU LACOT", "Louise", null)));
		assertTrue(matcher.contradicts(person("Louise", "Du Lacotte", null), person("DU LACOTTE", "Louis", null)));
		assertTrue(matcher.contradicts(person("Kevin", "Du Palois", null), person("Du", "Karim", null)));
		// nor a name one letter longer than the other taken for a last name cut short
		assertTrue(matcher.contradicts(person("Louis", "Martin", null), person("Martin", "Louise", null)));
		assertTrue(matcher.contradicts(person("Martin", "Louis", null), person("Louise", "Martin", null)));
	}

	@Test
	void aLastNameWithoutItsParticlesIsAlikeAndOneNameOfACompoundIsAnother() {
		// one birth date in one postcode, no street: the last name decides whether the
		// birth date corroborates
		MatchRecord du = MatchRecord.of("Thierry", "Du Jouier", "1975-12-07", null, null, "Paris", "75018", null);
		MatchRecord bare = MatchRecord.of("Thierry", "JOUIER", "1975-12-07", null, null, "Paris", "75018", null);
		assertEquals(MatchSettings.Decision.MERGE, settings.decide(matcher.score(du, bare)));
		score(du, bare);
		MatchRecord fontaine = MatchRecord.of("Agnès", "De La Fontaine", "1961-02-03", null, null, "Lyon", "69003",
				null);
		assertEquals(MatchSettings.Decision.MERGE, settings.decide(matcher.score(fontaine,
				MatchRecord.of("Agnes", "Fontaine", "1961-02-03", null, null, "Lyon", "69003", null))));
		assertEquals(MatchSettings.Decision.MERGE,
				settings.decide(matcher.score(
						MatchRecord.of("Christophe", "DuRibic", "1965-05-20", null, null, "Marseille", "13008", null),
						MatchRecord.of("Christophe", "Ribic", "1965-05-20", null, null, "Marseille", "13008", null))));
		// one name of a compound is another name: a son named after his father, at his
		// address, bears both his parents' names
		MatchRecord father = MatchRecord.of("Julien", "Queneland", null, "89", "rue des Coquelicots", "Paris", "75010",
				null);
		MatchRecord son = MatchRecord.of("Julien", "De Chees-Queneland", "2013-02-19", "89", "rue des Coquelicots",
				"Paris", "75010", null);
		assertNotEquals(MatchSettings.Decision.MERGE, settings.decide(matcher.score(father, son)));
		// another last name stays another, and a particle alone is no main word
		assertNotEquals(MatchSettings.Decision.MERGE, settings.decide(matcher.score(du,
				MatchRecord.of("Thierry", "Jouvet", "1975-12-07", null, null, "Paris", "75018", null))));
		assertNotEquals(MatchSettings.Decision.MERGE, settings.decide(
				matcher.score(du, MatchRecord.of("Thierry", "Du", "1975-12-07", null, null, "Paris", "75018", null))));
	}

	@Test
	void anInitialWhoseEmailSpellsAnotherFirstNameIsThatNamesBearer() {
		// "L. Gorigoux" writing lea.gorigoux@ is Léa, not her sister Laura of one street
		MatchRecord lea = MatchRecord.of("L.", "Gorigoux", null, "42", "rue Marie Robert", "Lyon", "69008", null)
			.withContacts(List.of("lea.gorigoux@orange.fr"), List.of());
		MatchRecord laura = MatchRecord
			.of("Laura", "Gorigoux", "1996-10-28", null, "rue Marie Robert", "Lyon", "69008", null)
			.withContacts(List.of("laura.gorigoux@gmail.com"), List.of());
		assertTrue(matcher.contradicts(lea, laura));
		assertTrue(matcher.rulesOut(lea, laura));
		// the same initial with Laura's name in the email, or Léa's whole name, is one
		// person; an initial glued to a last name's particle spells no first name
		assertFalse(matcher.contradicts(lea.withContacts(List.of("gorigoux.laura96@orange.fr"), List.of()), laura));
		assertFalse(
				matcher.contradicts(lea, MatchRecord.of("Léa", "Gorigoux", null, null, null, "Lyon", "69008", null)));
		assertFalse(matcher.contradicts(
				MatchRecord.of("A.", "Du Lamenon", null, null, null, null, "51100", null)
					.withContacts(List.of("adu-lamenon@gmail.com"), List.of()),
				MatchRecord.of("Anthony", "Du Lamenon", null, null, null, null, "51100", null)));
	}

	@Test
	void twoTyposOfTheFirstNameTheirEmailSpellsAreThatName() {
		// a form's "Élodiie" and a till's "Qlodie", both giving elodie.d@: two typos of
		// Élodie, one person, not two members of a household
		PersonMatcher venue = new PersonMatcher(TermFrequencies
			.of(Map.of("tf|fn|elodie", 300L, "tf|fn|mario", 40L, "tf|fn|maria", 90L, "tf|fn|marie", 900L), 20_000));
		MatchRecord form = MatchRecord.of("Élodiie", "Dupré", "1976-06-14", null, null, null, null, null)
			.withContacts(List.of("elodie.d@hotmail.fr"), List.of());
		MatchRecord till = MatchRecord.of("Qlodie", "Dupré", null, null, null, null, "13187", null)
			.withContacts(List.of("elodie.d@hotmail.fr"), List.of());
		assertFalse(venue.contradicts(form, till));
		assertTrue(venue.sameMember(form, till));
		assertTrue(venue.score(form, till).corroborated());
		// without the email that spells the name, in a store that knows none of its
		// names, two names two letters apart
		assertTrue(matcher.contradicts(form.withContacts(List.of("tigre.zebre78@gmail.com"), List.of()),
				till.withContacts(List.of("tigre.zebre78@gmail.com"), List.of())));
		// names that many bear are names, whatever the email spells
		assertTrue(venue.contradicts(
				MatchRecord.of("Mario", "Dupré", null, null, null, null, null, null)
					.withContacts(List.of("marie.dupre@free.fr"), List.of()),
				MatchRecord.of("Maria", "Dupré", null, null, null, null, null, null)
					.withContacts(List.of("marie.dupre@free.fr"), List.of())));
	}

	@Test
	void aRareFirstNameOneLetterFromAWordOfItsOwnEmailIsReadAsThatWord() {
		// "ucas" writing lucas.berenange93@ is Lucas, whom "L." of his phone names too
		PersonMatcher venue = new PersonMatcher(
				TermFrequencies.of(Map.of("tf|fn|lucas", 400L, "tf|fn|lina", 40L, "tf|fn|lena", 60L), 20_000));
		MatchRecord ucas = MatchRecord.of("ucas", "Berenange", null, null, null, null, null, null)
			.withContacts(List.of("lucas.berenange93@gmail.com"), List.of("+33799645027"));
		MatchRecord initial = MatchRecord.of("L.", "BERENANGE", null, null, null, null, null, null)
			.withContacts(List.of(), List.of("+33799645027"));
		assertFalse(venue.contradicts(ucas, initial));
		assertTrue(venue.sameMember(ucas, initial));
		// another initial is another member
		assertTrue(venue.contradicts(ucas, MatchRecord.of("M.", "Berenange", null, null, null, null, null, null)
			.withContacts(List.of(), List.of("+33799645027"))));
		// Lina, whom many bear, giving her sister Léna's email, is still Lina
		assertTrue(venue.contradicts(
				MatchRecord.of("Lina", "Berenange", null, null, null, null, null, null)
					.withContacts(List.of("lena.berenange@gmail.com"), List.of()),
				MatchRecord.of("Léna", "Berenange", null, null, null, null, null, null)
					.withContacts(List.of("lena.berenange@gmail.com"), List.of())));
	}

	@Test
	void aRareFirstNameOneLetterFromTheOneCommonNameNearItIsReadAsThatName() {
		// "Cirinne" and "Corinnne", a letter each from Corinne whom many bear and from no
		// other common name: Corinne, mistyped twice
		PersonMatcher venue = new PersonMatcher(TermFrequencies.of(Map.of("tf|fn|corinne", 300L, "tf|fn|cirinne", 1L,
				"tf|fn|corinnne", 1L, "tf|fn|lina", 40L, "tf|fn|lena", 60L, "tf|fn|liana", 1L), 20_000));
		MatchRecord online = MatchRecord.of("Cirinne", "Pereloux", "1976-01-17", null, null, null, null, null)
			.withContacts(List.of("famille.monieu@gmail.com"), List.of());
		MatchRecord till = MatchRecord.of("CORINNNE", "PERELOUX", null, null, null, null, null, null)
			.withContacts(List.of("famille.monieu@gmail.com"), List.of());
		assertFalse(venue.contradicts(online, till));
		assertTrue(venue.sameMember(online, till));
		// a store that knows nothing of its names reads them as two
		assertTrue(matcher.contradicts(online, till));
		// Liana, read as Lina, is no more Léna than Lina is: both borne by many
		assertTrue(venue.contradicts(person("Liana", "Pereloux", null), person("Léna", "Pereloux", null)));
	}

	@Test
	void aFirstNameInTheLastNamesFieldAndNoFirstNameNamesTheHolderOfThatFirstName() {
		// "null / NOÉMIE" giving Noémie Le Corelis's email: a form filled the other way
		// round, hers
		PersonMatcher venue = new PersonMatcher(TermFrequencies
			.of(Map.of("tf|fn|noemie", 300L, "tf|fn|henry", 40L, "tf|ln|henry", 200L, "tf|ln|le corelis", 3L), 20_000));
		MatchRecord noemie = MatchRecord.of("Noémie", "Le Corelis", "2000-09-24", null, null, "Grenoble", "38000", null)
			.withContacts(List.of("noemie_lecorelis@free.fr"), List.of());
		MatchRecord reversed = MatchRecord.of(null, "NOÉMIE", null, null, null, null, null, null)
			.withContacts(List.of("noemie_lecorelis@free.fr"), List.of("+33759396114"));
		assertEquals(PersonMatcher.EmailOwner.HOLDER, venue.emailOwner(reversed, noemie, LocalDate.of(2026, 3, 14)));
		// in a store that knows none of its names, a last name like any other
		assertEquals(PersonMatcher.EmailOwner.ANOTHER, matcher.emailOwner(reversed, noemie, LocalDate.of(2026, 3, 14)));
		// Henry, a last name as often as a first name: a partner named Henry, maybe
		MatchRecord henry = MatchRecord.of("Henry", "Dupont", null, null, null, null, null, null)
			.withContacts(List.of("famille.dupont@free.fr"), List.of());
		assertEquals(PersonMatcher.EmailOwner.ANOTHER,
				venue.emailOwner(
						MatchRecord.of(null, "HENRY", null, null, null, null, null, null)
							.withContacts(List.of("famille.dupont@free.fr"), List.of()),
						henry, LocalDate.of(2026, 3, 14)));
	}

	@Test
	void oneNameInTwoScriptsIsOneNameHoweverManyBearEachSpelling() {
		// a venue with many Russian visitors: Mikhail (Latin records) and mihail
		// (Михаил transliterated) are both common, and still one name
		PersonMatcher venue = new PersonMatcher(TermFrequencies
			.of(Map.of("tf|fn|mikhail", 40L, "tf|fn|mihail", 30L, "tf|fn|lena", 60L, "tf|fn|lina", 40L), 20_000));
		assertFalse(venue.contradicts(person("\u041c\u0438\u0445\u0430\u0438\u043b", "Bondarenko", null),
				person("Mikhail", "Bondarenko", null)));
		// Léna and Lina, as common, are still two names
		assertTrue(venue.contradicts(person("L\u00e9na", "Gouot", null), person("Lina", "Gouot", null)));
	}

	@Test
	void greekAndCyrillicNamesAreReadAsTheirPeopleWriteThemInLatinLetters() {
		// Ελένη Ιωάννου and Δημήτρης are Eleni Ioannou and Dimitris, not Elene and
		// Demetres
		assertEquals("eleni ioannou",
				MatchRecord.normalize("\u0395\u03bb\u03ad\u03bd\u03b7 \u0399\u03c9\u03ac\u03bd\u03bd\u03bf\u03c5"));
		assertEquals("dimitris", MatchRecord.normalize("\u0394\u03b7\u03bc\u03ae\u03c4\u03c1\u03b7\u03c2"));
		// the soft sign: an i before я (Дарья Daria, Татьяна Tatiana), nothing elsewhere
		// (Ольга Olga, Игорь Igor)
		assertEquals("daria", MatchRecord.normalize("\u0414\u0430\u0440\u044c\u044f"));
		assertEquals("tatiana", MatchRecord.normalize("\u0422\u0430\u0442\u044c\u044f\u043d\u0430"));
		assertEquals("olga", MatchRecord.normalize("\u041e\u043b\u044c\u0433\u0430"));
		assertEquals("igor", MatchRecord.normalize("\u0418\u0433\u043e\u0440\u044c"));
		assertTrue(matcher.sameMember(person("\u0414\u0430\u0440\u044c\u044f", "Kovalenko", null),
				person("Daria", "Kovalenko", null)));
		// й is not written after и, as French writes Дмитрий
		assertEquals("dmitri", MatchRecord.normalize("\u0414\u043c\u0438\u0442\u0440\u0438\u0439"));
	}

	@Test
	void koreanSurnamesAreWrittenAsTheirBearersWriteThem() {
		// the transliteration writes 김 "gim", 박 "bag", 윤 "yun": passports say Kim, Park,
		// Yoon
		assertEquals("kim", MatchRecord.normalize("김"));
		assertEquals("jimin yoon", MatchRecord.normalize("지민 윤"));
		assertTrue(matcher.sameMember(person("민준", "박", null), person("Minjun", "Park", null)));
		// a syllable inside a word is no surname: 지윤 (Jiyun), 윤지민 written as one word
		assertEquals("jiyun", MatchRecord.normalize("지윤"));
		assertEquals("yunjimin", MatchRecord.normalize("윤지민"));
	}

	@Test
	void aFixedLineIsAHomes() {
		assertTrue(PersonMatcher.fixedLine("+33472000000"));
		assertFalse(PersonMatcher.fixedLine("+33612345678"));
		assertFalse(PersonMatcher.fixedLine("not a phone"));
	}

}

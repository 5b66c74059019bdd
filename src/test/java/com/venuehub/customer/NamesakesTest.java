package com.venuehub.customer;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.TermFrequencies;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Namesakes of a real venue stay apart: people sharing a common first and last name, and
 * often a town, are not one person for that.
 */
class NamesakesTest extends HubTestSupport {

	private static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	@Autowired
	Merges merges;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	StoreFrequencies frequencies;

	@Test
	void twoMariesOfOnePostcodeWithOtherLastNamesAndEmailsAreTwoCustomers() {
		String t = unique();
		long dupont = order("Marie", "Dupont", "marie.dupont" + t + "@example.fr", "69001", "Lyon");
		long martin = order("Marie", "Martin", "marie.martin" + t + "@example.org", "69001", "Lyon");
		assertThat(martin).isNotEqualTo(dupont);
		assertThat(live(dupont)).isEqualTo(dupont);
		assertThat(live(martin)).isEqualTo(martin);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from duplicate_pair where least(customer_a, customer_b) = ? and greatest(customer_a, "
						+ "customer_b) = ?",
				Integer.class, Math.min(dupont, martin), Math.max(dupont, martin)))
			.isZero();
	}

	@Test
	void aFullNameManyOfTheVenueBearTogetherWeighsAsACommonOneInTheReviewScore() {
		String t = unique();
		String w = NameBearers.word(t);
		// a store where 30 bear "Irina… Ivanova…" together, one community's common name;
		// and 30 bear "Olga…" and 30 "Petrova…", each with other names
		for (int i = 0; i < 30; i++) {
			NameBearers.addBearing(this.jdbc, "Irina" + w, "Ivanova" + w);
			NameBearers.addBearing(this.jdbc, "Olga" + w, "Autre" + w + NameBearers.word(String.valueOf(i)));
			NameBearers.addBearing(this.jdbc, "Autre" + w + NameBearers.word(String.valueOf(i)), "Petrova" + w);
		}
		long irina = order("Irina" + w, "Ivanova" + w, "irina.1" + t + "@example.fr", "75011", "Paris");
		long again = order("Irina" + w, "Ivanova" + w, "i.ivanova" + t + "@example.org", "75011", "Paris");
		long olga = order("Olga" + w, "Petrova" + w, "olga.1" + t + "@example.fr", "75011", "Paris");
		long olgaAgain = order("Olga" + w, "Petrova" + w, "o.petrova" + t + "@example.org", "75011", "Paris");
		// names and place alone: two customers, at most a duplicate to review
		assertThat(live(again)).isNotEqualTo(live(irina));
		assertThat(live(olgaAgain)).isNotEqualTo(live(olga));
		// the customers unify wrote hold the key their full name is counted under
		assertThat(this.jdbc.queryForObject("select count(*) from customer_match_key where customer_id = ? and key = ?",
				Integer.class, irina, ("tf|nm|irina" + w + "|ivanova" + w).toLowerCase(Locale.ROOT)))
			.isOne();
		// compared once the orders are applied: the later pair's proposal comes last
		double apart = await().atMost(Duration.ofSeconds(20)).until(() -> reviewScore(olga, olgaAgain), x -> x > 0);
		// as many bear each name, but together: 32 bearers of the full name where Olga
		// Petrova has 2, odds 16 times lower, if still worth a review at all
		double together = reviewScore(irina, again);
		assertThat(together / (1 - together)).isLessThan(apart / (1 - apart) / 12);
	}

	/** The score of the pair proposed for review, or 0 when it was not proposed. */
	private double reviewScore(long a, long b) {
		return this.jdbc
			.queryForList("select score from duplicate_pair where customer_a = ? and customer_b = ?", Double.class,
					Math.min(a, b), Math.max(a, b))
			.stream()
			.findFirst()
			.orElse(0.0);
	}

	@Test
	void aCoupleOfFirstNamesAlikeAtOneAddressEachWithTheirOwnEmailAreTwoCustomers() {
		String t = unique();
		String family = "Du Masès " + cyrillic(t);
		String street = "110 rue Gambetta";
		long christine = order("Christine", family, "christine.dumases." + t + "@gmail.com", street, "42000",
				"Saint-Étienne");
		long christian = order("Christian", family, "christian.du-mases." + t + "@renault.com", street, "42000",
				"St-Étienne");
		assertThat(live(christian)).isNotEqualTo(live(christine));
		// the same woman again, her first name mistyped: still hers
		long again = order("Chritine", family, "christine.dumases." + t + "@gmail.com", street, "42000",
				"Saint-Étienne");
		assertThat(live(again)).isEqualTo(live(christine));
	}

	@Test
	void twoChildrenOfNamesALetterApartThatManyBearGivingTheirParentsEmailAreTwoCustomers() {
		String t = unique();
		String w = NameBearers.word(t);
		// a store where many bear each name: five of other families each
		NameBearers.add(this.jdbc, "Léna" + w, "lena" + w, 5, t);
		NameBearers.add(this.jdbc, "Lina" + w, "lina" + w, 5, t + "l");
		String parents = "coralie.gouot." + t + "@gmail.com";
		long lena = sell("Léna" + w, "Gouot" + w, parents, "", "69700", "");
		long lina = sell("Lina" + w, "Gouot" + w, parents, "", "69700", "");
		// a letter apart, each borne by many: two names, not one mistyped
		assertThat(live(lina)).isNotEqualTo(live(lena));
	}

	@Test
	void fourBoxOfficeBuyersNamedChloeRichardAreFourCustomers() {
		String t = unique();
		List<Long> chloes = List.of(
				sell("Chloé", "Richard", "chloe.richard12." + t + "@gmail.com", "06 12 34 56 78", "69003",
						"14/03/1990"),
				sell("Chloe", "RICHARD", "chloe.richard87." + t + "@orange.fr", "06 98 76 54 32", "69008",
						"02/11/1985"),
				sell("Chloé", "Richard", "crichard." + t + "@free.fr", "07 55 51 23 45", "38000", "25/07/2001"),
				sell("Chloé", "Richard", "chloe.richard." + t + "@laposte.net", "04 78 12 34 56", "69100",
						"30/01/1978"));
		assertThat(chloes.stream().map(this::live).distinct()).hasSize(4);
	}

	@Test
	void theMatchKeysOfTheStoreAreWrittenAgainAsTheCurrentModelReadsTheProfiles() {
		String t = unique();
		long id = sell("Eleni", "Ioannou" + t.replaceAll("[^a-z]", ""), "eleni." + t + "@example.gr", "06 31 42 53 64",
				"69002", "03/03/1983");
		List<String> keys = this.jdbc
			.queryForList("select key from customer_match_key where customer_id = ? order by key", String.class, id);
		assertThat(keys).isNotEmpty();
		// the keys an earlier model wrote: one the current model does not write (Ελένη
		// read as ancient Greek), one it writes missing
		this.jdbc.update("delete from customer_match_key where customer_id = ? and key = ?", id, keys.get(0));
		this.jdbc.update("insert into customer_match_key (customer_id, key) values (?, 'tf|fn|elene')", id);

		var refreshed = post("/api/v1/customers/match-keys/refresh", OPERATOR_KEY, "application/json", "");
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		JsonNode result = readJson(refreshed.body());
		assertThat(result.path("customers").asInt()).isPositive();
		assertThat(result.path("keysAdded").asInt()).isPositive();
		assertThat(result.path("keysRemoved").asInt()).isPositive();
		assertThat(this.jdbc.queryForList("select key from customer_match_key where customer_id = ? order by key",
				String.class, id))
			.isEqualTo(keys);
		// run again, nothing left to write
		JsonNode again = readJson(
				post("/api/v1/customers/match-keys/refresh", OPERATOR_KEY, "application/json", "").body());
		assertThat(again.path("keysAdded").asInt()).isZero();
		assertThat(again.path("keysRemoved").asInt()).isZero();
	}

	@Test
	void aMergeTheFormerModelMadeBetweenNamesakesIsFoundAndUndone() {
		String t = unique();
		long first = sell("Chloé", "Richard", "chloe.richard21." + t + "@gmail.com", "06 21 43 65 87", "69003",
				"11/09/1992");
		long second = sell("Chloé", "Richard", "chloe.richard64." + t + "@orange.fr", "06 64 53 42 31", "69003",
				"05/05/1964");
		assertThat(second).isNotEqualTo(first);
		// the merge an earlier model made of these two (names, place and a name-derived
		// email)
		long wrong = this.transaction
			.execute(
					status -> this.merges.merge(
							Math.min(first, second), Math.max(first, second), new Merges.Explanation("PROBABILISTIC",
									null, null, 0.978, Map.of("firstName", 1.0, "lastName", 1.0)),
							"former-model:" + t));
		// one person with a typo, merged rightly
		String u = unique();
		long right = sell("Aurélien", "Vandenberghe", "av." + u + "@mail.example.org", "", "59000", "17/02/1971");
		long typo = sell("Aurelien", "Vandenbergue", "aurelien.v" + u + "@mail.example.org", "", "59000", "17/02/1971");
		assertThat(typo).isEqualTo(right);
		long rightMerge = this.jdbc.queryForObject(
				"select id from merge_log where survivor_id = ? and rule = 'PROBABILISTIC' and unmerged_at is null",
				Long.class, right);

		JsonNode review = getJson("/api/v1/merges/review");
		JsonNode finding = findingOf(review, wrong);
		assertThat(finding).as(review.toString()).isNotNull();
		assertThat(finding.path("reason").asText()).isNotBlank().doesNotContain("Chlo").doesNotContain(t);
		assertThat(findingOf(review, rightMerge)).isNull();
		// a dry run changes nothing
		assertThat(live(Math.max(first, second))).isEqualTo(Math.min(first, second));

		var repaired = post("/api/v1/merges/repair", OPERATOR_KEY, "application/json",
				"{\"mergeIds\": [" + wrong + ", " + rightMerge + "]}");
		assertThat(repaired.statusCode()).as(repaired.body()).isEqualTo(200);
		JsonNode result = readJson(repaired.body());
		assertThat(result.path("undone").findValuesAsText("mergeId")).containsExactly(String.valueOf(wrong));
		assertThat(result.path("skipped").findValuesAsText("mergeId")).containsExactly(String.valueOf(rightMerge));
		assertThat(live(first)).isEqualTo(first);
		assertThat(live(second)).isEqualTo(second);
		assertThat(live(typo)).isEqualTo(right);
		assertThat(findingOf(getJson("/api/v1/merges/review"), wrong)).isNull();
		// each keeps their own ticket
		assertThat(this.jdbc.queryForObject("select count(*) from ticket where customer_id = ?", Integer.class, first))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from ticket where customer_id = ?", Integer.class, second))
			.isEqualTo(1);

		var empty = post("/api/v1/merges/repair", OPERATOR_KEY, "application/json", "{}");
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(empty.body()).contains("mergeIds");
		var malformed = post("/api/v1/merges/repair", OPERATOR_KEY, "application/json", "{\"mergeIds\": [\"x\"");
		assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
	}

	@Test
	void anInitialWhoseOwnEmailSpellsAnotherFirstNameIsAnotherCustomer() {
		String t = unique();
		String family = "Gorigoux " + cyrillic(t);
		// the last name as the email writes it: letters only, the token transliterated
		String last = MatchRecord.of(null, family, null, null, null, null, null, null).lastName().replace(" ", "");
		long laura = order("Laura", family, "laura." + last + "@gmail.com", "42 rue Marie Robert", "69008", "Lyon");
		// her sister, named by an initial, at her address: her email says Léa
		long lea = order("L.", family, "lea." + last + "@orange.fr", "42 rue Marie Robert", "69008", "Lyon");
		assertThat(live(lea)).isNotEqualTo(live(laura));
		// the same initial with Laura's email is Laura
		long again = order("L.", family, "laura." + last + "@gmail.com", "42 rue Marie Robert", "69008", "Lyon");
		assertThat(live(again)).isEqualTo(live(laura));
	}

	@Test
	void aLastNameWrittenWithoutItsParticleIsTheSameName() {
		// names no other test gives, short enough that Jaro–Winkler reads Jouier and Du
		// Jouier as two names: one man, born one day, of one postcode, whose last name
		// the till kept the main word of
		String t = unique();
		long du = sell("Thierry", "Du Jouier", "thierry." + t + "@mail.example.org", "", "75018", "07/12/1975");
		long bare = sell("THIERRY", "JOUIER", "", "", "75018", "07/12/1975");
		assertThat(live(bare)).isEqualTo(live(du));
		// a son bearing both his parents' names beside his father at his address is not
		long father = order("Julien", "Queneland", "julien." + t + "@mail.example.org", "89 rue des Coquelicots",
				"75010", "Paris");
		long son = order("Julien", "De Chees-Queneland", "chees." + t + "@mail.example.org", "89 rue des Coquelicots",
				"75010", "Paris");
		assertThat(live(son)).isNotEqualTo(live(father));
	}

	@Test
	void aBirthYearTypedOneOffAcrossADecadeIsOneCustomer() {
		// Théo's sale online with 1989, his loyalty-desk sale with 1990: one year off,
		// two digits changed
		String t = unique();
		String email = "theo.monaret." + t + "@mail.example.org";
		long first = sell("Théo", "Monaret", email, "", "13010", "20/09/1989");
		long second = sell("THEO", "MONARET", email, "", "13010", "20/09/1990");
		assertThat(live(second)).isEqualTo(live(first));
		// born in 1978, neither a digit nor a year from either, with that email: another
		// Théo of the household
		long other = sell("Théo", "Monaret", email, "", "13010", "20/09/1978");
		assertThat(live(other)).isNotEqualTo(live(first));
	}

	@Test
	void firstNamesMerelyAlikeUnderOtherLastNamesWithOneEmailAreTwoCustomers() {
		// a couple giving his address: Patricia kept her name, Patrick bears his
		String t = unique();
		String email = "p.duflaiere." + t + "@mail.example.org";
		long patrick = order("Patrick", "Du Flaière", email, "96 rue des Vignes", "66000", "Perpignan");
		long patricia = order("Patricia", "Salarine", email, null, "66000", "Perpignan");
		assertThat(live(patricia)).isNotEqualTo(live(patrick));
		// the same first name under another last name with that email: Patrick, renamed
		long renamed = sell("PATRICK", "SALARINE", email, "", "66000", "");
		assertThat(live(renamed)).isEqualTo(live(patrick));
	}

	@Test
	void twoTyposOfTheFirstNameTheEmailSpellsAreOneCustomer() {
		// a form's "Élodiie" and a till's "Qlodie", both with elodie's address: Élodie,
		// mistyped twice
		String t = unique();
		long form = order("Élodiie", "Pelletaud", "elodie." + t + "@mail.example.org", "13006", "Marseille");
		long till = sell("QLODIE", "PELLETAUD", "elodie." + t + "@mail.example.org", "", "13006", "");
		assertThat(live(till)).isEqualTo(live(form));
		// the same names with a household's address that spells neither: two members
		String u = unique();
		long one = order("Élodiie", "Pelletaud", "famille." + u + "@mail.example.org", "13006", "Marseille");
		long other = sell("QLODIE", "PELLETAUD", "famille." + u + "@mail.example.org", "", "13006", "");
		assertThat(live(other)).isNotEqualTo(live(one));
	}

	@Test
	void twoTyposOfAFirstNameManyCustomersBearAreThatName() {
		// twenty customers named Corinne: the venue's own names say what a typo mistypes
		bearers("Corinne", "corinne");
		// a hub just started reads them in the background, none until then
		StoreFrequencies started = new StoreFrequencies(this.jdbc);
		await().atMost(Duration.ofSeconds(30)).until(() -> !started.common(TermFrequencies.Field.FIRST_NAME).isEmpty());
		this.frequencies.readAgainNow();
		// an online "Cirinne" and a till's "CORINNNE" with one family address: Corinne
		String t = unique();
		long online = order("Cirinne", "Pereloux", "famille." + t + "@mail.example.org", "06000", "Nice");
		long till = sell("CORINNNE", "PERELOUX", "famille." + t + "@mail.example.org", "", "06000", "");
		assertThat(live(till)).isEqualTo(live(online));
	}

	@Test
	void aFirstNameInTheLastNamesFieldIsTheFirstNameOfTheEmailsHolder() {
		// at a venue where twenty customers are named Noémie and none so by last name, a
		// sale naming only "NOÉMIE", in the last name's field, with Noémie's own email
		bearers("Noémie", "noemie");
		this.frequencies.readAgainNow();
		String t = unique();
		long noemie = order("Noémie", "Le Corelis", "noemie_lecorelis." + t + "@mail.example.org", "38000", "Grenoble");
		long reversed = sell("", "NOÉMIE", "noemie_lecorelis." + t + "@mail.example.org", "", "", "");
		assertThat(live(reversed)).isEqualTo(live(noemie));
	}

	/**
	 * Twenty customers of this first name, each of a last name no other test gives,
	 * counted in the store's match keys.
	 */
	private void bearers(String first, String key) {
		StringBuilder rows = new StringBuilder(HEADER);
		for (int i = 0; i < TermFrequencies.COMMON; i++) {
			String s = "S" + unique();
			rows.append('\n')
				.append(String.join(";", s, "14/03/2026 10:30", "zoo", "ADULT", "Adulte", "T" + s, "14/03/2026",
						"13/03/2027", "20,00", first, "Aubrac" + cyrillic(unique()), "", "", "13006", "", "", "", ""));
		}
		var answer = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv", rows.toString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from customer_match_key where key = ?", Long.class,
					TermFrequencies.Field.FIRST_NAME.key(key)), n -> n >= TermFrequencies.COMMON);
	}

	@Test
	void namesInAnotherScriptAreMatchedOnceTransliterated() {
		assertThat(MatchRecord.of("Дмитрий", null, null, null, null, null, null, null).firstName())
			.isEqualTo(MatchRecord.of("Dmitri", null, null, null, null, null, null, null).firstName());
		String t = unique();
		long cyrillic = sell("Дмитрий", "Иванов" + cyrillic(t), "dmitri." + t + "@mail.example.org", "", "75011",
				"08/08/1988");
		long other = sell("Пётр", "Иванов" + cyrillic(t), "piotr." + t + "@mail.example.org", "", "75011",
				"01/02/1990");
		assertThat(other).isNotEqualTo(cyrillic);
	}

	@Test
	void anAnswerGivenWithAHouseholdsEmailAndNoNameIsNotPutOnOneOfThem() {
		String t = unique();
		String family = "famille." + t + "@mail.example.org";
		long mother = sell("Marie", "Lefort", family, "06 11 22 33 44", "69003", "12/04/1975");
		long son = sell("Lucas", "Lefort", family, "", "69003", "30/09/2005");
		assertThat(son).isNotEqualTo(mother);
		// the same email, no name: either of them, or another member of the household
		answer("KA-" + t, "\"email\": \"" + family + "\"");
		// with the mother's own phone too: hers
		answer("KB-" + t, "\"email\": \"" + family + "\", \"phone\": \"0611223344\"");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from feedback_response where response_id in (?, ?)",
					Integer.class, "KA-" + t, "KB-" + t), n -> n == 2);
		assertThat(this.jdbc.queryForObject("select customer_id from feedback_response where response_id = ?",
				Long.class, "KA-" + t))
			.isNull();
		assertThat(this.jdbc.queryForObject("select customer_id from feedback_response where response_id = ?",
				Long.class, "KB-" + t))
			.isEqualTo(mother);
		assertThat(live(son)).isEqualTo(son);
	}

	@Test
	void anAnswerWithAHouseholdsEmailThatNamesOneOfThemIsTheirs() {
		String digits = String.valueOf(Math.abs((long) unique().hashCode()));
		String hers = "marie.lefort" + digits + "@mail.example.org";
		long mother = sell("Marie", "Lefort", hers, "", "69003", "12/04/1975");
		// her son gives his mother's email
		long son = sell("Lucas", "Lefort", hers, "", "69003", "30/09/2005");
		assertThat(son).isNotEqualTo(mother);
		String t = unique();
		answer("KC-" + t, "\"email\": \"" + hers + "\"");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from feedback_response where response_id = ?",
					Integer.class, "KC-" + t), n -> n == 1);
		assertThat(this.jdbc.queryForObject("select customer_id from feedback_response where response_id = ?",
				Long.class, "KC-" + t))
			.isEqualTo(mother);
		assertThat(live(son)).isEqualTo(son);
	}

	@Test
	void anAnswerWithOnlyAHomesLandlineIsNotPutOnTheOneWhoGaveIt() {
		String t = unique();
		// a Lyon landline of this test's own: 04 78 and six digits
		String landline = "04 78 " + String.format("%06d", Math.abs((long) t.hashCode()) % 1_000_000L);
		long father = sell("Paul", "Lefort", "paul." + t + "@mail.example.org", landline, "69003", "02/02/1970");
		// the home's phone, no name: anyone of the household answered
		answer("KD-" + t, "\"phone\": \"" + landline + "\"");
		// with his own email too: his
		answer("KE-" + t, "\"email\": \"paul." + t + "@mail.example.org\", \"phone\": \"" + landline + "\"");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from feedback_response where response_id in (?, ?)",
					Integer.class, "KD-" + t, "KE-" + t), n -> n == 2);
		assertThat(this.jdbc.queryForObject("select customer_id from feedback_response where response_id = ?",
				Long.class, "KD-" + t))
			.isNull();
		assertThat(this.jdbc.queryForObject("select customer_id from feedback_response where response_id = ?",
				Long.class, "KE-" + t))
			.isEqualTo(father);
	}

	private void answer(String responseId, String contact) {
		var answer = post("/api/v1/ingest/kiosk", "dev-kiosk-key", "application/json", """
				{"response_id": "%s", "kiosk_id": "exit", "venue": "zoo", "answered_at": "2026-03-20T17:00:00+01:00",
				 "score": 8, %s}""".formatted(responseId, contact));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
	}

	private JsonNode findingOf(JsonNode review, long mergeId) {
		for (JsonNode finding : review.path("wouldNotMerge")) {
			if (finding.path("mergeId").asLong() == mergeId) {
				return finding;
			}
		}
		return null;
	}

	private long live(long id) {
		return this.jdbc.queryForObject("select coalesce(merged_into, id) from customer where id = ?", Long.class, id);
	}

	/** A paid online order; answers the customer it resolved to. */
	private long order(String given, String family, String email, String zipcode, String city) {
		return order(given, family, email, null, zipcode, city);
	}

	private long order(String given, String family, String email, String street, String zipcode, String city) {
		String code = "O" + unique();
		String body = """
				{"code": "%s", "status": "p", "email": "%s", "datetime": "2026-05-02T14:12:00+02:00", "event": "zoo",
				 "invoice_address": {"street": %s, "zipcode": "%s", "city": "%s",
				                     "name_parts": {"given_name": "%s", "family_name": "%s"}},
				 "positions": [{"positionid": 1, "item": 7, "price": "19.90", "secret": "T%s"}]}""".formatted(code,
				email, street == null ? "null" : "\"" + street + "\"", zipcode, city, given, family, code);
		var answer = post("/api/v1/ingest/online", "dev-online-key", "application/json", body);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return holderOf("T" + code);
	}

	/** A box-office sale; answers the customer it resolved to. */
	private long sell(String first, String last, String email, String phone, String postcode, String birthDate) {
		String sale = "S" + unique();
		String row = String.join(";", sale, "14/03/2026 10:30", "zoo", "ADULT", "Adulte", "T" + sale, "14/03/2026",
				"13/03/2027", "20,00", first, last, email, phone, postcode, birthDate, "", "", "");
		var answer = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv", HEADER + "\n" + row);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return holderOf("T" + sale);
	}

	/** A token in Cyrillic letters: a last name no other test uses. */
	private static String cyrillic(String token) {
		StringBuilder out = new StringBuilder();
		for (char c : token.toCharArray()) {
			out.append((char) ('а' + (Character.isDigit(c) ? c - '0' : 10 + (c - 'a') % 20)));
		}
		return out.toString();
	}

}

package com.venuehub.customer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import com.venuehub.ingest.IdentityProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same person behind typos is one customer, two people are never one: typo variants
 * merge, a family sharing a phone stays two customers, placeholders link nobody, merges
 * can be undone, and possible duplicates wait for a person's decision.
 */
class IdentityResolutionTest extends HubTestSupport {

	private static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	private static final Random RANDOM = new Random();

	@Test
	void typoVariantsOfOnePersonAreMergedWithTheirExplanation() {
		Person p = new Person();
		long boxOffice = sell(p, "Jean-Pierre", "Dupond" + p.name, p.email, p.phone, "75011", "03/02/1980");
		long online = order(p, "jean pierre", "DUPONT" + p.name.toUpperCase(), "jp" + p.token + "@mail.example.org",
				null, "18 rue de la Roquette", "75011", "Paris", "1980-02-03");
		assertThat(online).isEqualTo(boxOffice);
		JsonNode profile = getJson("/api/v1/customers/" + boxOffice);
		assertThat(profile.path("tickets")).hasSize(2);
		assertThat(profile.path("street").asText()).isEqualTo("rue de la Roquette");
		assertThat(profile.path("streetNumber").asText()).isEqualTo("18");
		assertThat(profile.path("locality").asText()).isEqualTo("Paris");
		JsonNode merge = profile.path("merges").get(0);
		assertThat(merge.path("rule").asText()).isEqualTo("PROBABILISTIC");
		assertThat(merge.path("score").asDouble()).isGreaterThanOrEqualTo(0.85);
		assertThat(this.jdbc.queryForObject("select fields::text from merge_log where id = ?", String.class,
				merge.path("id").asLong()))
			.contains("firstName", "lastName", "birthDate", "postcode");
	}

	@Test
	void aProfileCompletedByALaterEventIsComparedAgainAndMerges() {
		Person p = new Person();
		long known = sell(p, "Marie-Claire", "Lambert" + p.name, p.email, p.phone, "13002", "17/06/1969");
		// the same names and nothing else: a possible duplicate, not a merge
		Person q = new Person();
		long namesOnly = sell(q, "Marie-Claire", "Lambert" + p.name, null, q.phone, "", "");
		assertThat(namesOnly).isNotEqualTo(known);
		assertThat(this.jdbc.queryForObject("select status from duplicate_pair where customer_a = ? and customer_b = ?",
				String.class, known, namesOnly))
			.isEqualTo("OPEN");
		// the birth date and postcode arrive: compared again, and one person
		assertThat(sell(q, "Marie-Claire", "Lambert" + p.name, null, q.phone, "13002", "17/06/1969")).isEqualTo(known);
		assertThat(this.jdbc.queryForObject("select merged_into from customer where id = ?", Long.class, namesOnly))
			.isEqualTo(known);
	}

	@Test
	void aFamilySharingAPhoneStaysTwoCustomersWithThePhoneOnBoth() {
		Person p = new Person();
		long mother = sell(p, "Marie", "Lefort" + p.name, p.email, p.phone, "69003", "12/04/1975");
		Person son = new Person();
		long child = sell(son, "Lucas", "Lefort" + p.name, son.email, p.phone, "69003", "30/09/2005");
		assertThat(child).isNotEqualTo(mother);
		JsonNode holders = getJson("/api/v1/customers?phone=" + p.phone);
		assertThat(holders.path("items").findValuesAsText("id")).containsExactlyInAnyOrder(String.valueOf(mother),
				String.valueOf(child));
		// the mother buying again with only the phone stays the mother
		assertThat(sell(p, "Marie", "Lefort" + p.name, null, p.phone, "69003", "12/04/1975")).isEqualTo(mother);
	}

	@Test
	void aSonNamedAfterHisFatherGivingHisEmailStaysAnotherCustomer() {
		Person p = new Person();
		long father = sell(p, "Jérémy", "Thootte" + p.name, p.email, null, "30000", "13/04/1961");
		long son = sell(p, "Jérémy", "Thootte" + p.name, p.email, null, "30000", "30/09/1990");
		assertThat(son).isNotEqualTo(father);
		// the father again, his birth date given with a typo: still the father
		assertThat(sell(p, "Jeremy", "THOOTTE" + p.name.toUpperCase(), p.email, null, "30000", "13/04/1962"))
			.isEqualTo(father);
	}

	@Test
	void membersOfAHouseholdWithFirstNamesAlikeStayTwoCustomersOnTheirLandline() {
		Person p = new Person();
		String landline = "0472" + String.format("%06d", RANDOM.nextInt(1_000_000));
		long louis = sell(p, "Louis", "Verelac" + p.name, p.email, landline, "69110", "");
		// Lou, alike enough for strangers, is another member of the home the landline
		// rings in
		long lou = sell(p, "Lou", "Verelac" + p.name, null, landline, "69110", "");
		assertThat(lou).isNotEqualTo(louis);
		// Louis again on the landline, his first name mistyped: Louis
		assertThat(sell(p, "Loius", "Verelac" + p.name, null, landline, "69110", "")).isEqualTo(louis);
	}

	@Test
	void anAutomaticMergeUndoneRestoresBothCustomers() {
		Person p = new Person();
		long first = sell(p, "Hélène", "Marchal" + p.name, p.email, p.phone, "44000", "21/11/1988");
		JsonNode before = getJson("/api/v1/customers/" + first);
		String otherEmail = "h.marchal" + p.token + "@mail.example.org";
		long merged = order(p, "Helene", "Marechal" + p.name, otherEmail, null, "3 place Royale", "44000", "Nantes",
				"1988-11-21");
		assertThat(merged).isEqualTo(first);
		long second = this.jdbc.queryForObject("select max(merged_id) from merge_log where survivor_id = ?", Long.class,
				first);

		var answer = post("/api/v1/customers/" + first + "/unmerge?mergedId=" + second, OPERATOR_KEY,
				"application/json", "");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

		JsonNode restored = getJson("/api/v1/customers/" + first);
		for (String field : List.of("firstName", "lastName", "birthDate", "postcode", "identifiers", "tickets")) {
			assertThat(restored.path(field)).as(field).isEqualTo(before.path(field));
		}
		assertThat(restored.has("street")).isFalse();
		JsonNode other = getJson("/api/v1/customers/" + second);
		assertThat(other.path("id").asLong()).isEqualTo(second);
		assertThat(other.path("identifiers").findValuesAsText("value")).containsExactly(otherEmail);
		assertThat(other.path("tickets")).hasSize(1);
		assertThat(other.path("locality").asText()).isEqualTo("Nantes");
		assertThat(getJson("/api/v1/customers?email=" + otherEmail).at("/items/0/id").asLong()).isEqualTo(second);
		// undone means undone: the same order again does not merge them back
		assertThat(order(p, "Helene", "Marechal" + p.name, otherEmail, null, "3 place Royale", "44000", "Nantes",
				"1988-11-21"))
			.isEqualTo(second);
	}

	@Test
	void aPersonErasedAfterTheirMergeWasUndoneLeavesNothingInTheSnapshotsOfTheCustomerTheyHadJoined() {
		Person p = new Person();
		long first = sell(p, "Solène", "Brochard" + p.name, p.email, p.phone, "49000", "07/06/1979");
		JsonNode before = getJson("/api/v1/customers/" + first);
		// another person's order, merged: her first name, street and town become the
		// survivor's
		String herEmail = "s.brocard" + p.token + "@mail.example.org";
		assertThat(order(p, "Solene", "Brocard" + p.name, herEmail, null, "5 rue Plantagenet", "49000", "Angers",
				"1979-06-07"))
			.isEqualTo(first);
		long her = this.jdbc.queryForObject("select max(merged_id) from merge_log where survivor_id = ?", Long.class,
				first);
		// a third record merged later: the snapshot kept to undo that merge holds her
		// values
		assertThat(order(p, "Solène", "Brochard" + p.name, "sb3" + p.token + "@mail.example.org", null, "", "49000", "",
				"1979-06-07"))
			.isEqualTo(first);
		long third = this.jdbc.queryForObject("select max(merged_id) from merge_log where survivor_id = ?", Long.class,
				first);
		assertThat(third).isNotEqualTo(her);
		String laterSnapshot = "select survivor_before::text from merge_log where survivor_id = ? and merged_id = ?";
		assertThat(this.jdbc.queryForObject(laterSnapshot, String.class, first, third)).contains("rue Plantagenet",
				"Angers", "Brocard" + p.name);

		assertThat(post("/api/v1/customers/" + first + "/unmerge?mergedId=" + her, OPERATOR_KEY, "application/json", "")
			.statusCode()).isEqualTo(200);
		var erased = delete("/api/v1/customers/" + her, OPERATOR_KEY);
		assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
		assertThat(readJson(erased.body()).at("/summary/otherSnapshotsCleaned").asInt()).isEqualTo(1);

		// nothing of hers in any snapshot of the customer she had joined; its own values
		// stay
		for (String snapshot : this.jdbc.queryForList(
				"select survivor_before::text from merge_log where survivor_id = ? and survivor_before is not null",
				String.class, first)) {
			assertThat(snapshot).doesNotContain("rue Plantagenet", "Angers", "Brocard" + p.name, herEmail)
				.contains("Brochard" + p.name, "Solène", "1979-06-07", "49000");
		}
		// undoing the later merge gives the survivor back its own profile, not hers
		assertThat(
				post("/api/v1/customers/" + first + "/unmerge?mergedId=" + third, OPERATOR_KEY, "application/json", "")
					.statusCode())
			.isEqualTo(200);
		JsonNode restored = getJson("/api/v1/customers/" + first);
		for (String field : List.of("firstName", "lastName", "birthDate", "postcode", "identifiers", "tickets")) {
			assertThat(restored.path(field)).as(field).isEqualTo(before.path(field));
		}
		assertThat(restored.has("street")).isFalse();
		assertThat(restored.has("locality")).isFalse();
	}

	@Test
	void aPossibleDuplicateConfirmedMergesAndARejectedOneNeverReturns() {
		Person a = new Person();
		long a1 = sell(a, "Sophie", "Lemaire" + a.name, a.email, a.phone, "75011", "12/03/1985");
		Person b = new Person();
		// the same names in the same postcode, nothing else to tell: for a person to
		// decide
		long a2 = sell(b, "Sophie", "Lemaire" + a.name, b.email, "", "75011", "");
		assertThat(a2).isNotEqualTo(a1);
		JsonNode pair = duplicateOf(a1);
		assertThat(pair.path("customerB").asLong()).isEqualTo(a2);
		var confirmed = post("/api/v1/duplicates/" + pair.path("id").asLong() + "/confirm", OPERATOR_KEY,
				"application/json", "");
		assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
		assertThat(getJson("/api/v1/customers/" + a2).path("id").asLong()).isEqualTo(a1);
		assertThat(getJson("/api/v1/customers/" + a1).path("tickets")).hasSize(2);

		Person c = new Person();
		long c1 = sell(c, "Thomas", "Garnier" + c.name, c.email, c.phone, "33000", "05/06/1991");
		Person d = new Person();
		long c2 = sell(d, "Thomas", "Garnier" + c.name, d.email, "", "33000", "");
		JsonNode rejected = duplicateOf(c1);
		assertThat(post("/api/v1/duplicates/" + rejected.path("id").asLong() + "/reject", OPERATOR_KEY,
				"application/json", "")
			.statusCode()).isEqualTo(200);
		// the second person buys again: compared again, never proposed again
		assertThat(sell(d, "Thomas", "Garnier" + c.name, d.email, "", "33000", "")).isEqualTo(c2);
		assertThat(getJson("/api/v1/duplicates?customerId=" + c1)).isEmpty();
		assertThat(this.jdbc.queryForList("select status from duplicate_pair where customer_a = ? and customer_b = ?",
				String.class, c1, c2))
			.containsExactly("REJECTED");
	}

	@Test
	void aPlaceholderEmailLinksNobody() {
		Person p = new Person();
		String placeholder = "noemail@zoo-" + p.token + ".fr";
		long first = sell(p, "Paul", "Bernard" + p.name, placeholder, null, "69001", "");
		Person q = new Person();
		long second = sell(q, "Nadia", "Haddad" + q.name, placeholder, null, "13001", "");
		assertThat(second).isNotEqualTo(first);
		// kept on each record as an unverified value, never as an identifier
		JsonNode profile = getJson("/api/v1/customers/" + second);
		assertThat(profile.path("identifiers")).isEmpty();
		assertThat(profile.path("unverifiedContacts").findValuesAsText("value")).containsExactly(placeholder);
		assertThat(profile.at("/unverifiedContacts/0/problem").asText()).isEqualTo("PLACEHOLDER");
	}

	@Test
	void anIdentifierSharedByTooManyPeopleIsFlaggedListedAndLiftedOnlyOnceOnePersonHoldsIt() {
		Person shared = new Person();
		String[] names = { "Alice", "Bruno", "Chloé", "Damien", "Emma", "Fabien" };
		List<Long> holders = new java.util.ArrayList<>();
		for (int i = 0; i < names.length; i++) {
			Person p = new Person();
			holders.add(sell(p, names[i], "Morel" + shared.name, shared.email, null, "31000",
					"0" + (i + 1) + "/0" + (i + 1) + "/19" + (60 + i * 7)));
		}
		assertThat(holders).doesNotHaveDuplicates();
		assertThat(this.jdbc.queryForObject("select holders from identifier_flag where kind = 'EMAIL' and value = ?",
				Integer.class, shared.email))
			.isEqualTo(6);

		// operators see it, with its value as every other operator answer shows
		// identifiers
		JsonNode flagged = flaggedEmail(shared.email);
		assertThat(flagged.path("holders").asInt()).isEqualTo(6);
		assertThat(flagged.path("heldNow").asInt()).isEqualTo(6);
		assertThat(flagged.path("reason").asText()).isEqualTo("held by 6 distinct customers");
		assertThat(getJson("/api/v1/identifiers/flagged?kind=phone&size=500").path("items").findValuesAsText("value"))
			.doesNotContain(shared.email);
		assertThat(get("/api/v1/identifiers/flagged?kind=name", OPERATOR_KEY).statusCode()).isEqualTo(400);
		assertThat(get("/api/v1/identifiers/flagged", "dev-box-office-key").statusCode()).isEqualTo(403);

		// a flagged email links nobody, not even through matching: a sale with only that
		// email is somebody new
		Person anonymous = new Person();
		long alone = sell(anonymous, "", "", shared.email, null, "", "");
		assertThat(holders).doesNotContain(alone);
		// nor does its local part: the six people are still six customers
		for (Long holder : holders) {
			assertThat(getJson("/api/v1/customers/" + holder).path("id").asLong()).isEqualTo(holder);
		}
		holders.add(alone);

		// lifting it while several people hold it would merge them on the next record
		var refused = send("DELETE", "/api/v1/identifiers/flagged/EMAIL/" + shared.email.toUpperCase());
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
		assertThat(readJson(refused.body()).path("detail").asText()).contains("held by 7 customers");
		assertThat(send("DELETE", "/api/v1/identifiers/flagged/EMAIL/nobody" + shared.token + "@mail.example.org")
			.statusCode()).isEqualTo(404);

		// once one person is left holding it, the flag can be lifted, and it links again
		for (Long holder : holders.subList(1, holders.size())) {
			var erased = send("DELETE", "/api/v1/customers/" + holder);
			assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
		}
		assertThat(flaggedEmail(shared.email).path("heldNow").asInt()).isEqualTo(1);
		var lifted = send("DELETE", "/api/v1/identifiers/flagged/email/" + shared.email);
		assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
		assertThat(readJson(lifted.body()).path("heldNow").asInt()).isEqualTo(1);
		assertThat(flaggedEmail(shared.email)).isNull();
		assertThat(sell(anonymous, "", "", shared.email, null, "", "")).isEqualTo(holders.get(0));
	}

	@Test
	void aRejectedPairStaysRejectedAfterOneSideIsMergedIntoAnOlderCustomer() {
		// an older customer known by an email only
		Person older = new Person();
		long c0 = sell(older, "", "", older.email, null, "", "");
		Person c = new Person();
		long c1 = sell(c, "Mathis", "Lacombe" + c.name, c.email, c.phone, "29200", "11/10/1993");
		Person d = new Person();
		long c2 = sell(d, "Mathis", "Lacombe" + c.name, d.email, d.phone, "29200", "");
		assertThat(List.of(c0, c1, c2)).doesNotHaveDuplicates();
		JsonNode pair = duplicateOf(c1);
		assertThat(pair.path("customerB").asLong()).isEqualTo(c2);
		var rejected = post("/api/v1/duplicates/" + pair.path("id").asLong() + "/reject", OPERATOR_KEY,
				"application/json", "");
		assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);

		// a record with the older customer's email and the second Mathis's phone: one
		// person,
		// merged into the older customer, which now has the second Mathis's profile
		assertThat(sell(d, "Mathis", "Lacombe" + c.name, older.email, d.phone, "29200", "")).isEqualTo(c0);
		assertThat(getJson("/api/v1/customers/" + c2).path("id").asLong()).isEqualTo(c0);
		assertThat(getJson("/api/v1/customers/" + c0).path("firstName").asText()).isEqualTo("Mathis");

		// the rejection holds for the customer it was merged into: neither proposed nor
		// merged
		assertThat(sell(c, "Mathis", "Lacombe" + c.name, c.email, c.phone, "29200", "11/10/1993")).isEqualTo(c1);
		assertThat(getJson("/api/v1/customers/" + c1).path("id").asLong()).isEqualTo(c1);
		assertThat(getJson("/api/v1/duplicates?customerId=" + c1)).isEmpty();
		assertThat(getJson("/api/v1/duplicates?customerId=" + c0)).isEmpty();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from duplicate_pair where customer_a = ? and customer_b = ?", Integer.class, c0, c1))
			.isZero();
	}

	@Test
	void profileFieldsKeepTheValueOfTheLatestEventWhateverTheOrderTheyArriveIn() {
		Person p = new Person();
		String last = "Roux" + p.name;
		long id = sell(p, "14/03/2026 10:30", "Camille", last, p.email, null, "75011", "08/08/1990");
		// an older sale arriving later does not overwrite the newer postcode
		assertThat(sell(p, "02/01/2026 09:00", "Camille", last, p.email, null, "69001", "08/08/1990")).isEqualTo(id);
		// a newer sale without a postcode does not erase it
		assertThat(sell(p, "20/03/2026 16:00", "Camille", last, p.email, null, "", "08/08/1990")).isEqualTo(id);
		JsonNode profile = getJson("/api/v1/customers/" + id);
		assertThat(profile.path("postcode").asText()).isEqualTo("75011");
		assertThat(profile.path("tickets")).hasSize(3);
		// a newer sale with another postcode replaces it
		assertThat(sell(p, "21/03/2026 11:00", "Camille", last, p.email, null, "13001", "08/08/1990")).isEqualTo(id);
		assertThat(getJson("/api/v1/customers/" + id).path("postcode").asText()).isEqualTo("13001");
	}

	/**
	 * TRUSTED and LONGEST on real customer rows, through the statements unify runs for an
	 * event and for a merge; only the configured rules differ from the shared context's.
	 */
	@Test
	void trustedAndLongestSurvivorshipDecideFieldByField() {
		Survivorship rules = new Survivorship(new IdentityProperties("FR", "[A-Z0-9]{6,24}", null, null, null, null,
				null, null, null,
				Map.of("first-name", IdentityProperties.Survivorship.TRUSTED, "street",
						IdentityProperties.Survivorship.LONGEST),
				List.of("loyalty", "online", "box-office"), null), this.jdbc);
		long id = this.jdbc.queryForObject("insert into customer default values returning id", Long.class);

		// TRUSTED first name: a more trusted source wins even when older; a less trusted
		// or unlisted one never does; within one source, the latest
		event(rules, id, "box-office", 10, "Jeanne", null, "Dupuis");
		assertThat(field(id, "first_name")).isEqualTo("Jeanne");
		event(rules, id, "kiosk", 20, "Jeannette", null, null);
		event(rules, id, "box-office", 5, "Jeanne-M", null, null);
		assertThat(field(id, "first_name")).isEqualTo("Jeanne");
		event(rules, id, "online", 1, "Jeanne-Marie", null, null);
		assertThat(field(id, "first_name")).isEqualTo("Jeanne-Marie");
		assertThat(field(id, "first_name_source")).isEqualTo("online");
		event(rules, id, "box-office", 30, "Jane", null, null);
		event(rules, id, "online", 0, "Marie", null, null);
		assertThat(field(id, "first_name")).isEqualTo("Jeanne-Marie");
		event(rules, id, "online", 40, "Marie-Jeanne", null, null);
		assertThat(field(id, "first_name")).isEqualTo("Marie-Jeanne");
		event(rules, id, "loyalty", 50, null, null, "Dupuy");
		assertThat(field(id, "first_name")).isEqualTo("Marie-Jeanne");
		// last name is not configured: RECENT
		assertThat(field(id, "last_name")).isEqualTo("Dupuy");
		event(rules, id, "loyalty", 45, null, null, "Dupont");
		assertThat(field(id, "last_name")).isEqualTo("Dupuy");

		// LONGEST street: a longer value wins even when older; at equal length, the
		// latest
		event(rules, id, "online", 10, null, "rue de la Paix", null);
		event(rules, id, "online", 20, null, "r. Paix", null);
		assertThat(field(id, "street")).isEqualTo("rue de la Paix");
		event(rules, id, "kiosk", 5, null, "rue de la Paix prolongee", null);
		assertThat(field(id, "street")).isEqualTo("rue de la Paix prolongee");
		event(rules, id, "online", 4, null, "RUE DE LA PAIX PROLONGEE", null);
		assertThat(field(id, "street")).isEqualTo("rue de la Paix prolongee");
		event(rules, id, "online", 30, null, "avenue de la Republique", null);
		assertThat(field(id, "street")).isEqualTo("rue de la Paix prolongee");
		event(rules, id, "online", 31, null, "rue de la Paix Prolongee", null);
		assertThat(field(id, "street")).isEqualTo("rue de la Paix Prolongee");

		// a merge: the merged customer's loyalty first name beats the survivor's
		// box-office one
		long survivor = this.jdbc.queryForObject("insert into customer default values returning id", Long.class);
		long merged = this.jdbc.queryForObject("insert into customer default values returning id", Long.class);
		event(rules, survivor, "box-office", 20, "Lou", "rue Haute", null);
		event(rules, merged, "loyalty", 10, "Louise", "rue Basse", null);
		rules.challengeWithCustomer(survivor, merged);
		assertThat(field(survivor, "first_name")).isEqualTo("Louise");
		assertThat(field(survivor, "street")).isEqualTo("rue Haute");
	}

	private void event(Survivorship rules, long customerId, String source, int minute, String firstName, String street,
			String lastName) {
		rules.challengeWithEvent(customerId, new Object[] { firstName, lastName, null, null, street, null, null, null },
				java.sql.Timestamp.from(java.time.Instant.parse("2026-05-01T10:00:00Z").plusSeconds(60L * minute)),
				source);
	}

	private String field(long customerId, String column) {
		return this.jdbc.queryForObject("select " + column + "::text from customer where id = ?", String.class,
				customerId);
	}

	private JsonNode flaggedEmail(String email) {
		for (JsonNode item : getJson("/api/v1/identifiers/flagged?kind=EMAIL&size=500").path("items")) {
			if (item.path("value").asText().equals(email)) {
				return item;
			}
		}
		return null;
	}

	private java.net.http.HttpResponse<String> send(String method, String path) {
		var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.port + path))
			.header("X-Api-Key", OPERATOR_KEY)
			.method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			return HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private JsonNode duplicateOf(long customerId) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> {
			JsonNode found = getJson("/api/v1/duplicates?customerId=" + customerId);
			return found.size() == 1 ? found.get(0) : null;
		}, d -> d != null);
	}

	/** A box-office sale; answers the customer it resolved to. */
	private long sell(Person p, String first, String last, String email, String phone, String postcode,
			String birthDate) {
		return sell(p, "14/03/2026 10:30", first, last, email, phone, postcode, birthDate);
	}

	/** A box-office sale at a time of the venue; answers the customer it resolved to. */
	private long sell(Person p, String soldAt, String first, String last, String email, String phone, String postcode,
			String birthDate) {
		String sale = "S" + unique();
		String row = String.join(";", sale, soldAt, "zoo", "ADULT", "Adulte", "T" + sale, "14/03/2026", "13/03/2027",
				"20,00", first, last, email == null ? "" : email, phone == null ? "" : phone, postcode, birthDate, "",
				"", "");
		var answer = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv", HEADER + "\n" + row);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return customerOf("T" + sale);
	}

	/**
	 * A paid online order with an invoice address; answers the customer it resolved to.
	 */
	private long order(Person p, String given, String family, String email, String phone, String street, String zipcode,
			String city, String birthDate) {
		String code = "O" + unique();
		String body = """
				{"code": "%s", "status": "p", "email": "%s", %s "datetime": "2026-05-02T14:12:00+02:00",
				 "event": "zoo", "birth_date": "%s",
				 "invoice_address": {"street": "%s", "zipcode": "%s", "city": "%s",
				                     "name_parts": {"given_name": "%s", "family_name": "%s"}},
				 "positions": [{"positionid": 1, "item": 7, "price": "19.90", "secret": "T%s"}]}""".formatted(code,
				email, phone == null ? "" : "\"phone\": \"" + phone + "\",", birthDate, street, zipcode, city, given,
				family, code);
		var answer = post("/api/v1/ingest/online", "dev-online-key", "application/json", body);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return customerOf("T" + code);
	}

	private long customerOf(String ticket) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> {
			JsonNode found = getJson("/api/v1/customers?ticket=" + ticket);
			return found.path("items").size() == 1 ? found.at("/items/0/id").asLong() : null;
		}, id -> id != null);
	}

	/**
	 * Unique identifiers and a unique name suffix (letters only: digits in a name make it
	 * another name).
	 */
	private static final class Person {

		final String token = unique();

		final String name = letters(this.token);

		final String email = "v" + this.token + "@mail.example.org";

		final String phone = "0612" + String.format("%06d", RANDOM.nextInt(1_000_000));

		private static String letters(String token) {
			StringBuilder out = new StringBuilder();
			for (char c : token.toCharArray()) {
				out.append(Character.isDigit(c) ? (char) ('g' + (c - '0')) : c);
			}
			return out.toString();
		}

	}

}

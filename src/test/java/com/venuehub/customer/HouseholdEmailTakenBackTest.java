package com.venuehub.customer;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kiosk answer naming nobody joins the one customer holding its email; once another
 * member of the household gives that email too, the answer no longer says which of them
 * answered, and it is taken back from the first holder, as if it had arrived after both.
 * An email that says whose the answer is, or is not, decides in whichever order the
 * records come.
 */
class HouseholdEmailTakenBackTest extends HouseholdTestSupport {

	@Test
	void anAnswerWithTheHouseholdsEmailLeavesPaulWhenJulieGivesItToo() {
		String t = unique();
		// the household's email, a handle that names neither of them
		String family = "soleil." + t + "@mail.example.org";
		String mobile = "06 13 " + String.format("%06d", Math.abs((long) t.hashCode()) % 1_000_000L);
		long paul = sell("Paul", "Martin", family, mobile, "02/02/1970");
		// the family email alone, with an opt-in: only Paul holds it so far
		answer("KF-" + t, "\"email\": \"" + family + "\", \"optin\": true");
		// the family email alone, with an opt-out
		answer("KO-" + t, "\"email\": \"" + family + "\", \"optin\": false");
		// the family email and Paul's own mobile: Paul's whoever else holds the email
		answer("KP-" + t, "\"email\": \"" + family + "\", \"phone\": \"" + mobile + "\"");
		assertThat(customerOfAnswer("KF-" + t)).isEqualTo(paul);
		assertThat(customerOfAnswer("KP-" + t)).isEqualTo(paul);
		String answered = this.jdbc.queryForObject("select event_id from feedback_response where response_id = ?",
				String.class, "KF-" + t);
		assertThat(this.jdbc.queryForObject("select count(*) from consent_statement where source_record = ?",
				Integer.class, answered))
			.isPositive();

		// Julie Martin enrols with the same email and another birth date: another member
		long julie = julieMartinEnrols(t, family);
		assertThat(julie).isNotEqualTo(paul);

		// the answer naming nobody is nobody's now, with its opt-in; the one with
		// Paul's mobile stays his
		assertThat(customerOfAnswer("KF-" + t)).isNull();
		assertThat(this.jdbc.queryForObject("select customer_id from processed_event where event_id = ?", Long.class,
				answered))
			.isNull();
		assertThat(this.jdbc.queryForObject("select count(*) from consent_statement where source_record = ?",
				Integer.class, answered))
			.isZero();
		assertThat(customerOfAnswer("KP-" + t)).isEqualTo(paul);
		// the opt-out taken back with its answer still stops mail to the family email
		String refused = this.jdbc.queryForObject("select event_id from feedback_response where response_id = ?",
				String.class, "KO-" + t);
		assertThat(customerOfAnswer("KO-" + t)).isNull();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from consent_statement where source_record = ? and not granted and customer_id = ?",
				Integer.class, refused, paul))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select coalesce(merged_into, id) from customer where id = ?", Long.class,
				julie))
			.isEqualTo(julie);
		// Paul's merge history says which record left, and why
		JsonNode profile = getJson("/api/v1/customers/" + paul);
		List<JsonNode> taken = profile.path("merges").findParents("rule");
		assertThat(taken).anySatisfy(entry -> {
			assertThat(entry.path("rule").asText()).isEqualTo("DETACH");
			assertThat(entry.path("eventId").asText()).isEqualTo(answered);
		});
	}

	@Test
	void aSaleGivingTheEmailOfAnEarlierAnswerThatSpellsAnotherNameIsACustomerOfItsOwn() {
		String t = unique();
		String last = "Morigois" + NameBearers.word(t);
		String email = "emmanuelle." + last.toLowerCase() + "@mail.example.org";
		// Emmanuelle answers first, with her own email and no name
		answer("KM-" + t, "\"email\": \"" + email + "\"");
		Long answerer = customerOfAnswer("KM-" + t);
		assertThat(answerer).isNotNull();
		// her husband buys with her email: the email says the answer is not his
		long philippe = sell("Philippe", last, email, "", "");
		assertThat(philippe).isNotEqualTo(answerer);
		assertThat(customerOfAnswer("KM-" + t)).isEqualTo(answerer);
		// she buys with it: the answer is hers, and Philippe stays himself
		long emmanuelle = sell("Emmanuelle", last, email, "", "");
		assertThat(emmanuelle).isEqualTo(answerer);
		assertThat(this.jdbc.queryForObject("select coalesce(merged_into, id) from customer where id = ?", Long.class,
				philippe))
			.isEqualTo(philippe);
	}

	@Test
	void aSaleGivingTheEmailOfAnEarlierAnswerThatSpellsAFirstNameManyBearIsACustomerOfItsOwn() {
		String t = unique();
		String w = NameBearers.word(t);
		NameBearers.add(this.jdbc, "Isabelle" + w, "isabelle" + w, 20, t);
		String email = "isabelle" + w + "_goriguet@mail.example.org";
		// Isabelle Goriguet answers first, with her own email and no name
		answer("KI-" + t, "\"email\": \"" + email + "\"");
		Long answerer = customerOfAnswer("KI-" + t);
		assertThat(answerer).isNotNull();
		// her partner, of another name, buys with her email
		long eric = sell("Éric", "Le Broois" + w, email, "", "");
		assertThat(eric).isNotEqualTo(answerer);
	}

	@Test
	void anAnswerWhoseEmailSpellsAnotherFirstNameIsNotGivenToTheHolderOfItsPhone() {
		String t = unique();
		String w = NameBearers.word(t);
		// a store where twenty people of other families bear the first name
		NameBearers.add(this.jdbc, "Juliette" + w, "juliette" + w, 20, t);
		String mobile = "06 13 " + String.format("%06d", Math.abs((long) (t + "a").hashCode()) % 1_000_000L);
		// a young man's sale with his mother's mobile
		long amine = sell("Amine", "Le Perigelle", "", mobile, "11/02/2004");
		// his mother at the kiosk: her own email, which spells her first name, and that
		// mobile
		answer("KJ-" + t, "\"email\": \"juliette" + w + ".viles@sfr.fr\", \"phone\": \"" + mobile + "\"");
		assertThat(customerOfAnswer("KJ-" + t)).isNull();
		// an email naming nobody beside the mobile: his, the one person holding it
		answer("KA-" + t, "\"email\": \"soleil." + t + "@mail.example.org\", \"phone\": \"" + mobile + "\"");
		assertThat(customerOfAnswer("KA-" + t)).isEqualTo(amine);
	}

}

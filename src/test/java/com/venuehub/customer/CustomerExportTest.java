package com.venuehub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export of a person's data (right of access, portability): one JSON document with
 * everything the hub holds about them, whichever of their ids is asked for.
 */
class CustomerExportTest extends PersonalDataTestSupport {

	@Test
	void theExportCarriesEverythingTheHubHoldsAboutThePerson() {
		Person person = ingestPerson();

		// asked by the merged id: answered by the survivor
		JsonNode export = getJson("/api/v1/customers/" + person.merged() + "/export");
		assertThat(export.path("customerId").asLong()).isEqualTo(person.survivor());
		assertThat(export.path("requestedId").asLong()).isEqualTo(person.merged());
		assertThat(export.path("exportedAt").asText()).isNotEmpty();

		// the profile, where each value came from, and the record merged into it
		assertThat(export.at("/profile/firstName").asText()).isEqualTo("Jeanne");
		assertThat(export.at("/profile/lastName").asText()).isEqualTo(person.lastName());
		assertThat(export.at("/profile/origins/lastName/source").asText()).isEqualTo("online");
		assertThat(export.path("mergedRecords")).singleElement().satisfies(merged -> {
			assertThat(merged.path("id").asLong()).isEqualTo(person.merged());
			assertThat(merged.path("firstName").asText()).isEqualTo("Jeanne");
			assertThat(merged.path("lastName").asText()).isEqualTo(person.cardLastName());
			assertThat(merged.path("birthDate").asText()).isNotEmpty();
		});

		// every identifier, normalized, with its flags
		assertThat(export.path("identifiers").findValuesAsText("value")).containsExactlyInAnyOrder(person.email(),
				person.phone(), person.card());
		assertThat(export.path("identifiers")).allSatisfy(i -> assertThat(i.path("flags").isArray()).isTrue());

		// consent in force and its whole history: the kiosk's refusal, then the desk's
		// grant
		assertThat(export.at("/consent/current/0/state").asText()).isEqualTo("GRANTED");
		assertThat(export.at("/consent/history").findValuesAsText("state")).containsExactly("GRANTED", "REVOKED");
		assertThat(export.at("/consent/history").findValuesAsText("source")).containsExactly("loyalty", "kiosk");

		// tickets with their prices, the card with every transaction, both kiosk answers
		assertThat(export.path("tickets").findValuesAsText("number")).containsExactly(person.ticket(1),
				person.ticket(2));
		assertThat(export.at("/tickets/0/price").decimalValue()).isEqualByComparingTo("89.00");
		assertThat(export.at("/tickets/1/price").decimalValue()).isEqualByComparingTo("49.00");
		assertThat(export.at("/loyalty/0/cardNumber").asText()).isEqualTo(person.card());
		assertThat(export.at("/loyalty/0/balance").asLong()).isEqualTo(120);
		assertThat(export.at("/loyalty/0/lastTransactions").findValuesAsText("type")).containsExactly("EARN", "ENROLL");
		assertThat(export.path("satisfaction").findValuesAsText("comment")).containsExactlyInAnyOrder(person.comment(),
				person.ticketComment());
		// the first kiosk answer named nobody: noted with the email it joined by
		assertThat(export.path("unnamedRecords")).singleElement().satisfies(record -> {
			assertThat(record.path("kind").asText()).isEqualTo("EMAIL");
			assertThat(record.path("value").asText()).isEqualTo(person.email());
			assertThat(record.path("eventId").asText()).isEqualTo("kiosk:feedback:KA-" + person.u());
		});

		// the confirmation sent to them, its text included
		JsonNode confirmation = export.path("messages").get(0);
		assertThat(confirmation.path("kind").asText()).isEqualTo("CONFIRMATION");
		assertThat(confirmation.path("channel").asText()).isEqualTo("EMAIL");
		assertThat(confirmation.path("status").asText()).isEqualTo("SENT");
		assertThat(confirmation.path("recipient").asText()).isEqualTo(person.email());
		assertThat(confirmation.path("subject").asText()).isNotEmpty();
		assertThat(confirmation.path("sentAt").asText()).isNotEmpty();
		assertThat(confirmation.path("bodyText").asText()).contains(person.ticket(1), person.ticket(2));

		// the merge that made them one, and the record of theirs held in quarantine
		assertThat(export.path("merges")).singleElement()
			.satisfies(m -> assertThat(m.path("mergedId").asLong()).isEqualTo(person.merged()));
		assertThat(export.path("quarantined").findValuesAsText("id"))
			.containsExactly(String.valueOf(person.quarantineId()));
		assertThat(export.path("quarantined").get(0).has("rawPayload")).isFalse();
	}

	@Test
	void anUnknownIdAnswers404WithTheReason() {
		var response = get("/api/v1/customers/987654321/export", OPERATOR_KEY);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(readJson(response.body()).path("detail").asText()).isEqualTo("no customer 987654321");
		assertThat(get("/api/v1/customers/1/export", null).statusCode()).isEqualTo(401);
		assertThat(get("/api/v1/customers/1/export", "dev-online-key").statusCode()).isEqualTo(403);
	}

}

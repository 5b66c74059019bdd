package com.venuehub.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Box-office CSV files dropped in the inbox, end to end: folder, route, broker, unify,
 * API.
 */
class BoxOfficeFileIngestTest extends HubTestSupport {

	@Test
	void boxOfficeSaleAndOnlineOrderOfOnePersonGiveOneCustomer() throws IOException {
		String u = unique();
		String nationalPhone = "0612" + digits(6);
		String internationalPhone = "+33 " + nationalPhone.substring(1, 2) + " " + nationalPhone.substring(2);
		drop("sale-" + u + ".csv", resource("/ingest/box-office-sale.csv").replace("{{u}}", u)
			.replace("{{phone}}", spaced(nationalPhone)));
		String order = resource("/ingest/online-order.json").replace("{{u}}", u)
			.replace("{{phone}}", internationalPhone)
			.replace("{{status}}", "p");
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", order).statusCode())
			.isEqualTo(202);

		JsonNode customer = await().atMost(Duration.ofSeconds(30)).until(() -> {
			JsonNode found = getJson("/api/v1/customers?phone=" + nationalPhone);
			return found.path("items").size() == 1 ? getJson("/api/v1/customers/" + found.at("/items/0/id").asLong())
					: null;
		}, profile -> profile != null && profile.path("tickets").size() == 4);

		assertThat(customer.path("tickets").findValuesAsText("number")).containsExactlyInAnyOrder("T-" + u + "-1",
				"T-" + u + "-2", "W" + u + "1", "W" + u + "2");
		assertThat(customer.path("identifiers").findValuesAsText("value")).contains("jeanne." + u + "@example.fr",
				"jm." + u + "@mail.example.com", "+33" + nationalPhone.substring(1));
		assertThat(customer.path("firstName").asText()).isEqualTo("Jeanne");
		JsonNode boxOfficeTicket = customer.path("tickets").get(0);
		assertThat(boxOfficeTicket.path("validUntil").asText()).isEqualTo("2027-03-13");
		assertThat(boxOfficeTicket.path("price").decimalValue()).isEqualByComparingTo("24.50");
		assertThat(boxOfficeTicket.path("status").asText()).isEqualTo("VALID");
		assertThat(
				getJson("/api/v1/customers?email=JEANNE." + u + "@EXAMPLE.FR").path("items").get(0).path("id").asLong())
			.isEqualTo(customer.path("id").asLong());
	}

	@Test
	void theSameFileDroppedTwiceChangesNothing() throws IOException {
		String u = unique();
		String csv = resource("/ingest/box-office-sale.csv").replace("{{u}}", u)
			.replace("{{phone}}", "0756" + digits(6));
		drop("twice-" + u + ".csv", csv);
		await().atMost(Duration.ofSeconds(30)).until(() -> ticketsOfSale("S-" + u) == 2);
		Long customers = customerCount(u);
		long events = processedEvents("S-" + u);

		drop("twice-" + u + ".csv", csv);
		await().atMost(Duration.ofSeconds(30)).until(() -> reports("twice-" + u).size() == 2);
		assertThat(ticketsOfSale("S-" + u)).isEqualTo(2);
		assertThat(customerCount(u)).isEqualTo(customers).isEqualTo(1);
		assertThat(processedEvents("S-" + u)).isEqualTo(events).isEqualTo(2);
	}

	@Test
	void malformedRowsAreQuarantinedWithTheirReasonAndTheOthersApplied() throws IOException {
		String u = unique();
		drop("mixed-" + u + ".csv", resource("/ingest/box-office-malformed.csv").replace("{{u}}", u));

		await().atMost(Duration.ofSeconds(30))
			.until(() -> ticketsOfSale("M-" + u + "-1") == 1 && ticketsOfSale("M-" + u + "-5") == 1
					&& ticketsOfSale("M-" + u + "-6") == 1);
		List<JsonNode> quarantined = quarantinedOf(u);
		assertThat(quarantined).hasSize(3);
		assertThat(quarantined).extracting(q -> q.path("line").asInt()).containsExactly(3, 4, 5);
		assertThat(quarantined.get(0).path("reason").asText()).contains("valid_from", "2026-02-31", "not a valid date");
		assertThat(quarantined.get(1).path("reason").asText()).contains("line 4 has 7 fields", "header has 18");
		assertThat(quarantined.get(2).path("reason").asText()).contains("price", "vingt");
		assertThat(quarantined.get(1).path("rawPayload").asText()).startsWith("M-" + u + "-3;");
		// a bad email costs the sale nothing: applied, the address kept unverified on its
		// buyer
		JsonNode buyer = getJson("/api/v1/customers/" + this.jdbc
			.queryForObject("select customer_id from ticket where ticket_number = ?", Long.class, "MT-" + u + "-5"));
		assertThat(buyer.path("firstName").asText()).isEqualTo("Anne");
		assertThat(buyer.path("identifiers").findValuesAsText("value")).doesNotContain("anne." + u + "@example");
		assertThat(buyer.path("unverifiedContacts").findValuesAsText("value")).contains("anne." + u + "@example");
		// an anonymous sale (no contact) is a ticket without a customer
		assertThat(this.jdbc.queryForObject("select customer_id from ticket where ticket_number = ?", Long.class,
				"MT-" + u + "-6"))
			.isNull();

		await().atMost(Duration.ofSeconds(10)).until(() -> reports("mixed-" + u).size() == 1);
		JsonNode report = readJson(Files.readString(reports("mixed-" + u).get(0)));
		assertThat(report.path("read").asInt()).isEqualTo(6);
		assertThat(report.path("accepted").asInt()).isEqualTo(3);
		assertThat(report.path("quarantined").asInt()).isEqualTo(3);
		assertThat(report.at("/unverified/0/line").asInt()).isEqualTo(6);
		assertThat(report.at("/unverified/0/reason").asText()).contains("not a valid email address");
	}

	@Test
	void aQuarantinedRowFixedAndReplayedIsApplied() throws IOException {
		String u = unique();
		drop("fix-" + u + ".csv", resource("/ingest/box-office-malformed.csv").replace("{{u}}", u));
		await().atMost(Duration.ofSeconds(30)).until(() -> quarantinedOf(u).size() == 3);
		JsonNode badDate = quarantinedOf(u).get(0);
		String fixed = badDate.path("rawPayload").asText().replace("31/02/2026", "28/02/2026");

		var refused = post("/api/v1/quarantine/" + badDate.path("id").asLong() + "/replay", OPERATOR_KEY, "text/csv",
				badDate.path("rawPayload").asText());
		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("not a valid date");

		var replayed = post("/api/v1/quarantine/" + badDate.path("id").asLong() + "/replay", OPERATOR_KEY, "text/csv",
				fixed);
		assertThat(replayed.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30)).until(() -> ticketsOfSale("M-" + u + "-2") == 1);
		assertThat(this.jdbc.queryForObject("select valid_from::text from ticket where ticket_number = ?", String.class,
				"MT-" + u + "-2"))
			.isEqualTo("2026-02-28");
		assertThat(quarantinedOf(u)).hasSize(2);
	}

	private List<JsonNode> quarantinedOf(String u) {
		JsonNode page = getJson("/api/v1/quarantine?source=box-office&size=500");
		return java.util.stream.StreamSupport.stream(page.path("items").spliterator(), false)
			.filter(q -> q.path("rawPayload").asText().contains(u))
			.sorted(java.util.Comparator.comparingInt(q -> q.path("line").asInt()))
			.toList();
	}

	private void drop(String name, String content) throws IOException {
		Path folder = Path.of(this.inbox, "box-office");
		Files.createDirectories(folder);
		// written aside then moved in, as an export job should
		Path temp = Files.writeString(folder.getParent().resolve(name + ".part"), content, StandardCharsets.UTF_8);
		Files.move(temp, folder.resolve(name));
	}

	private List<Path> reports(String prefix) throws IOException {
		Path done = Path.of(this.inbox, "box-office", ".done");
		if (!Files.isDirectory(done)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(done)) {
			return files
				.filter(f -> f.getFileName().toString().contains(prefix)
						&& f.getFileName().toString().endsWith(".report.json"))
				.toList();
		}
	}

	private int ticketsOfSale(String saleRef) {
		return this.jdbc.queryForObject("select count(*) from ticket where sale_ref = ?", Integer.class, saleRef);
	}

	private Long customerCount(String u) {
		return this.jdbc.queryForObject(
				"select count(distinct customer_id) from customer_identifier where value like ?", Long.class,
				"%" + u + "%");
	}

	private long processedEvents(String saleRef) {
		return this.jdbc.queryForObject("select count(*) from processed_event where event_id like ?", Long.class,
				"box-office:purchase:" + saleRef + ":%");
	}

	static String digits(int n) {
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < n; i++) {
			digits.append(ThreadLocalRandom.current().nextInt(10));
		}
		return digits.toString();
	}

	static String spaced(String phone) {
		return phone.replaceAll("(\\d{2})(?=\\d)", "$1 ");
	}

}

package com.venuehub.reseller;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import com.venuehub.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The daily stock digest: one morning email per reseller who asked for it, listing every
 * allocation.
 */
class ResellerDigestTest extends HubTestSupport {

	@Test
	void aResellerWhoAskedGetsOneDigestADayListingAllItsAllocations() throws Exception {
		String u = unique();
		String email = "digest." + u + "@reseller.example";
		var created = post("/api/v1/resellers", OPERATOR_KEY, "application/json", "{\"code\": \"D" + u
				+ "\", \"name\": \"Digest " + u + "\", \"email\": \"" + email + "\", \"locale\": \"en\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		long id = readJson(created.body()).path("id").asLong();
		for (String product : List.of("DAY-" + u, "NIGHT-" + u)) {
			assertThat(post("/api/v1/resellers/" + id + "/allocations", OPERATOR_KEY, "application/json",
					"{\"productCode\": \"" + product + "\", \"quantity\": 40}")
				.statusCode()).isEqualTo(201);
		}
		// the digest is asked for once the allocations are in place
		var request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/api/v1/resellers/" + id))
			.header("Content-Type", "application/json")
			.header("X-Api-Key", OPERATOR_KEY)
			.method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"dailyDigest\": true}"))
			.build();
		JsonNode changed = readJson(HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
		assertThat(changed.path("dailyDigest").asBoolean()).isTrue();

		await().atMost(Duration.ofSeconds(60)).until(() -> !TestMailServer.receivedBy(email).isEmpty());
		String day = LocalDate.now(ZoneId.of("Europe/Paris")).toString();
		MimeMessage mail = TestMailServer.receivedBy(email).get(0);
		assertThat(mail.getSubject()).contains(day);
		String dedupKey = "stock-digest:" + id + ":" + day;
		assertThat(mail.getHeader("X-Hub-Dedup-Key")[0]).isEqualTo(dedupKey);
		// the relay has the mail before the dispatcher commits what it sent
		String sent = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject("select body_text from outbox_message where dedup_key = ?",
					String.class, dedupKey), text -> text != null);
		assertThat(sent).contains("DAY-" + u + ": 40 of 40 tickets left", "NIGHT-" + u + ": 40 of 40 tickets left");
		// the scheduler keeps running: still one digest for the day
		await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(this.jdbc.queryForObject("select count(*) from outbox_message where dedup_key like ?", Integer.class,
				"stock-digest:" + id + ":%"))
			.isEqualTo(1);
	}

}

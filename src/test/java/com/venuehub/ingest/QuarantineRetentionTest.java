package com.venuehub.ingest;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quarantine's retention, on online orders refused at the real endpoint: once the
 * retention runs with a cut-off after them, a record nobody replayed is {@code EXPIRED}
 * and one replayed stays {@code REPLAYED}, both without their raw text, context and
 * reason (which quote the buyer's name and values); a record received after the cut-off
 * is left whole; an expired record cannot be replayed (410, with the reason).
 */
class QuarantineRetentionTest extends HubTestSupport {

	@Autowired
	QuarantineRetention retention;

	@Test
	void recordsKeptForTheRetentionPeriodLoseTheirRawTextAndReason() throws Exception {
		String u = unique();
		long forgotten = quarantined(order("QF" + u, "Bérénice", "-25.00"));
		String refused = order("QR" + u, "Aurélien", "-25.00");
		long fixed = quarantined(refused);
		HttpResponse<String> replayed = post("/api/v1/quarantine/" + fixed + "/replay", OPERATOR_KEY,
				"application/json", refused.replace("-25.00", "25.00"));
		assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select 1 from ticket where ticket_number = ?", "QR" + u + "-A")
				.size() == 1);
		Thread.sleep(20);
		Instant cutoff = Instant.now();
		Thread.sleep(20);
		long recent = quarantined(order("QN" + u, "Capucine", "-25.00"));

		assertThat(this.retention.expireBefore(cutoff)).isGreaterThanOrEqualTo(2);

		Map<String, Object> expired = row(forgotten);
		assertThat(expired).containsEntry("status", "EXPIRED")
			.containsEntry("raw_payload", QuarantineRetention.EXPIRED_PAYLOAD)
			.containsEntry("source", "online");
		assertThat(expired.get("context")).isNull();
		assertThat(expired.get("expired_at")).isNotNull();
		assertThat((String) expired.get("reason")).startsWith("expired: nobody replayed it").doesNotContain("-25.00");
		Map<String, Object> wasReplayed = row(fixed);
		assertThat(wasReplayed).containsEntry("status", "REPLAYED")
			.containsEntry("raw_payload", QuarantineRetention.EXPIRED_PAYLOAD)
			.containsEntry("replay_count", 1);
		assertThat(wasReplayed.get("replayed_at")).isNotNull();
		Map<String, Object> kept = row(recent);
		assertThat(kept).containsEntry("status", "QUARANTINED");
		assertThat((String) kept.get("raw_payload")).contains("Capucine");
		assertThat((String) kept.get("reason")).contains("-25.00");

		// what operators see, and a replay refused
		JsonNode record = getJson("/api/v1/quarantine/" + forgotten);
		assertThat(record.path("status").asText()).isEqualTo("EXPIRED");
		assertThat(record.path("expiredAt").isTextual()).isTrue();
		assertThat(record.toString()).doesNotContain("Bérénice");
		assertThat(getJson("/api/v1/quarantine?status=expired&source=online").path("items").findValuesAsText("id"))
			.contains(Long.toString(forgotten));
		HttpResponse<String> again = post("/api/v1/quarantine/" + forgotten + "/replay", OPERATOR_KEY,
				"application/json", "");
		assertThat(again.statusCode()).isEqualTo(410);
		assertThat(readJson(again.body()).path("detail").asText()).isEqualTo("record " + forgotten
				+ " expired: nobody replayed it within the quarantine's retention period, and its raw text was removed");
		// an emptied record is left as it is
		Object at = expired.get("expired_at");
		this.retention.expireBefore(Instant.now());
		assertThat(row(forgotten).get("expired_at")).isEqualTo(at);
	}

	/** An online order of two tickets, the first at the given price. */
	private String order(String code, String firstName, String price) {
		return resource("/email/online-order.json").replace("{{code}}", code)
			.replace("Camille", firstName)
			.replace("{{family}}", "Retenu" + code)
			.replace("{{email}}", firstName.toLowerCase().replace('é', 'e') + "." + code + "@example.fr")
			.replace("{{locale}}", "fr")
			.replace("{{sold}}", "2026-03-10T11:00:00+01:00")
			.replace("{{from}}", "2026-03-14")
			.replace("{{until}}", "2026-12-31")
			.replace("\"25.00\"", "\"" + price + "\"");
	}

	/** Posts an order the hub must refuse; answers the quarantined record's id. */
	private long quarantined(String order) {
		HttpResponse<String> response = post("/api/v1/ingest/online", "dev-online-key", "application/json", order);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode report = readJson(response.body());
		assertThat(report.path("quarantined").asInt()).as(response.body()).isEqualTo(1);
		return report.at("/rejections/0/quarantineId").asLong();
	}

	private Map<String, Object> row(long id) {
		return this.jdbc.queryForMap("select * from quarantine where id = ?", id);
	}

}

package com.venuehub.ingest;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.venuehub.HubTestSupport;
import com.venuehub.platform.Quarantine;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event unify quarantined, replayed with a corrected payload: one that is not a
 * canonical event with what its kind needs (JSON null, an empty object, a sale without
 * tickets) is still rejected with what is missing, not a 500; the checks of intake hold
 * for it as for any record (a control character, a date too far ahead, a reseller the hub
 * does not know); a complete one applies.
 */
class EventReplayTest extends HubTestSupport {

	@Autowired
	Quarantine quarantine;

	@Test
	void aCorrectedEventMissingWhatItsKindNeedsIsStillRejectedSayingWhat() {
		String u = unique();
		long id = this.quarantine.keep(new Quarantine.Entry("online", "canonical", "unify", null, "event",
				sale(u, "2026-03-01T10:00:00+01:00", null), null, "the event could not be applied: a test"));

		assertStillRejected(id, "null", "the payload is not a canonical event", "JSON null");
		assertStillRejected(id, "[]", "the payload is not a canonical event");
		assertStillRejected(id, "{}", "the payload is not a canonical event", "id", "source", "kind", "occurredAt",
				"missing");
		assertStillRejected(id, """
				{"id": "online:purchase:%s:paid", "source": "online", "kind": "PURCHASE",
				 "occurredAt": "2026-03-01T10:00:00+01:00", "order": {"ref": "R%s"}, "tickets": [null]}""".formatted(u,
				u), "order.status", "tickets[0]", "missing");
		assertStillRejected(id, """
				{"id": "kiosk:feedback:%s", "source": "kiosk", "kind": "FEEDBACK",
				 "occurredAt": "2026-03-01T10:00:00+01:00", "feedback": {"kioskId": "K1", "score": 11}}""".formatted(u),
				"venue", "feedback.responseId", "missing");
		assertStillRejected(id, sale(u, "2026-03-01T10:00:00+01:00", null).replace("Zoé", "Zo\\u0001é"),
				"field 'contact.firstName'", "control character U+0001");
		assertStillRejected(id, sale(u, "2099-01-01T10:00:00+01:00", null), "dated 2099-01-01",
				"hub.ingest.max-future-skew");
		assertStillRejected(id, sale(u, "2026-03-01T10:00:00+01:00", "NOBODY" + u), "unknown reseller 'NOBODY" + u);

		HttpResponse<String> replayed = post("/api/v1/quarantine/" + id + "/replay", OPERATOR_KEY, "application/json",
				sale(u, "2026-03-01T10:00:00+01:00", null));
		assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from ticket where ticket_number = ?", Long.class,
					"ER" + u + "-1"), n -> n == 1);
	}

	private void assertStillRejected(long id, String payload, String... words) {
		HttpResponse<String> answer = post("/api/v1/quarantine/" + id + "/replay", OPERATOR_KEY, "application/json",
				payload);
		assertThat(answer.statusCode()).as(payload + " -> " + answer.body()).isEqualTo(422);
		assertThat(readJson(answer.body()).path("detail").asText()).as(payload)
			.contains("record " + id + " is still rejected")
			.contains(words);
		assertThat(getJson("/api/v1/quarantine/" + id).path("status").asText()).isEqualTo("QUARANTINED");
	}

	private static String sale(String u, String at, String reseller) {
		return """
				{"id": "online:purchase:ER%s:paid", "source": "online", "kind": "PURCHASE", "occurredAt": "%s",
				 "venue": "zoo-lyon", "contact": {"firstName": "Zoé", "lastName": "Replay", "email": "er.%s@example.fr"},
				 "order": {"ref": "ER%s", "status": "PAID"%s},
				 "tickets": [{"number": "ER%s-1", "productCode": "ADULT", "price": 12.50}]}"""
			.formatted(u, at, u, u, reseller == null ? "" : ", \"resellerId\": \"" + reseller + "\"", u);
	}

}

package com.venuehub.email;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.console.ConsoleSession;
import com.venuehub.platform.OutboxRetention;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox's retention, on confirmations sent to the test SMTP server: a message
 * settled before the cut-off loses its recipient, its text and the words quoting its
 * address, and keeps its record (kind, status, dates, customer); a message still to be
 * sent keeps everything until it is settled and old enough; a newer one is not read.
 */
class OutboxRetentionTest extends EmailTestSupport {

	@Autowired
	OutboxRetention retention;

	@Test
	void aMessageSettledBeforeTheCutOffKeepsItsRecordAndLosesItsRecipientAndText() throws Exception {
		String u = unique();
		String email = "agathe." + u + "@example.fr";
		String first = order("RA" + u, email, "fr", "2026-03-10T11:00:00+01:00", "2026-03-14", "2026-12-31");
		Map<String, Object> sent = await().atMost(Duration.ofSeconds(30))
			.until(() -> single("confirmation:online:" + first), m -> "SENT".equals(m.get("status")));
		long customer = (Long) sent.get("customer_id");
		// a message still to be sent, decided for the same person
		this.jdbc.update(
				"""
						insert into outbox_message (dedup_key, channel, kind, customer_id, recipient, venue, status, reason,
						    due_at, next_attempt_at, subject, body_text)
						values (?, 'EMAIL', 'REMINDER', ?, ?, 'zoo-lyon', 'PENDING', 'reminder', now(), now() + interval '30 days',
						    'Vos billets expirent bientôt', 'Bonjour Agathe')""",
				"retention:" + u, customer, email);
		long pending = (Long) single("retention:" + u).get("id");
		Thread.sleep(20);
		Instant cutoff = Instant.now();
		Thread.sleep(20);
		String later = order("RB" + u, "basile." + u + "@example.fr", "fr", "2026-03-10T11:00:00+01:00", "2026-03-14",
				"2026-12-31");
		Map<String, Object> newer = await().atMost(Duration.ofSeconds(30))
			.until(() -> single("confirmation:online:" + later), m -> "SENT".equals(m.get("status")));

		OutboxRetention.Removed removed = this.retention.removeSettledBefore(cutoff);

		Map<String, Object> stripped = single("confirmation:online:" + first);
		assertThat(stripped.get("recipient")).isNull();
		assertThat(stripped.get("subject")).isNull();
		assertThat(stripped.get("body_text")).isNull();
		assertThat(stripped.get("body_html")).isNull();
		assertThat(stripped.get("contents_removed_at")).isNotNull();
		// the record of what was sent stays
		assertThat(stripped).containsEntry("status", "SENT")
			.containsEntry("kind", "CONFIRMATION")
			.containsEntry("customer_id", customer)
			.containsEntry("sent_at", sent.get("sent_at"))
			.containsEntry("provider_message_id", sent.get("provider_message_id"));
		assertThat(removed.messages()).isGreaterThanOrEqualTo(1);
		// still to be sent: kept whole, and noted to be looked at again
		assertThat(single("retention:" + u)).containsEntry("recipient", email)
			.containsEntry("body_text", "Bonjour Agathe");
		assertThat(waiting()).contains(pending);
		// created after the cut-off: not read
		assertThat(single("confirmation:online:" + later)).containsEntry("recipient", "basile." + u + "@example.fr");
		assertThat(single("confirmation:online:" + later).get("body_text")).isNotNull();
		assertThat(removed.scannedTo()).isGreaterThanOrEqualTo(pending).isLessThan((Long) newer.get("id"));

		// what the operator and the person see
		JsonNode message = getJson("/api/v1/messages/" + stripped.get("id"));
		assertThat(message.path("status").asText()).isEqualTo("SENT");
		assertThat(message.has("recipient")).isFalse();
		assertThat(message.has("bodyText")).isFalse();
		assertThat(Instant.parse(message.path("contentsRemovedAt").asText()))
			.isEqualTo(((Timestamp) stripped.get("contents_removed_at")).toInstant());
		JsonNode exported = null;
		for (JsonNode m : getJson("/api/v1/customers/" + customer + "/export").path("messages")) {
			if (m.path("id").asLong() == (Long) stripped.get("id")) {
				exported = m;
			}
		}
		assertThat(exported).isNotNull();
		assertThat(exported.path("recipient").isNull() || exported.path("recipient").isMissingNode()).isTrue();
		assertThat(exported.path("contentsRemovedAt").isTextual()).isTrue();
		assertThat(ConsoleSession.login(this.port, "it").page("/console/customers/" + customer))
			.contains("(its recipient and text removed by the outbox retention)");

		// the waiting message fails, the relay's words quoting its address in capitals
		this.jdbc.update("""
				update outbox_message set status = 'FAILED', attempts = 1, updated_at = now(),
				    reason = 'the relay refused the recipient: 550 5.1.1 <' || upper(recipient) || '> unknown',
				    last_error = '550 5.1.1 <' || recipient || '> unknown'
				where id = ?""", pending);
		Thread.sleep(20);
		OutboxRetention.Removed next = this.retention.removeSettledBefore(Instant.now());

		Map<String, Object> failed = single("retention:" + u);
		assertThat(failed).containsEntry("status", "FAILED")
			.containsEntry("reason", "the relay refused the recipient: 550 5.1.1 <[removed]> unknown");
		assertThat(failed.get("recipient")).isNull();
		assertThat(failed.get("last_error")).isNull();
		assertThat(failed.get("body_text")).isNull();
		assertThat(waiting()).doesNotContain(pending);
		assertThat(single("confirmation:online:" + later).get("recipient")).isNull();
		assertThat(next.scannedTo()).isGreaterThanOrEqualTo((Long) newer.get("id"));
		// a message already emptied is left as it is
		this.retention.removeSettledBefore(Instant.now());
		assertThat(single("confirmation:online:" + first).get("contents_removed_at"))
			.isEqualTo(stripped.get("contents_removed_at"));
	}

	private Map<String, Object> single(String dedupKey) {
		List<Map<String, Object>> rows = outbox(dedupKey);
		return rows.size() == 1 ? rows.get(0) : Map.of();
	}

	private List<Long> waiting() {
		return this.jdbc.queryForList("select message_id from outbox_retention_waiting", Long.class);
	}

}

package com.venuehub.email;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.venuehub.TestMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay down for a while, then back: every pending email arrives, once, and the
 * outbox backlog gauge counts them meanwhile; a bouncing address gets none.
 */
class SmtpOutageTest extends EmailTestSupport {

	@AfterEach
	void relayUp() {
		TestMailServer.start();
	}

	@Test
	void everyMessagePendingDuringAnOutageArrivesExactlyOnce() {
		TestMailServer.stop();
		String u = unique();
		List<String> codes = List.of("O1" + u, "O2" + u, "O3" + u);
		for (String code : codes) {
			order(code, code.toLowerCase() + "@example.fr", "fr", "2026-03-10T11:00:00+01:00", "2026-03-14",
					"2026-12-31");
		}
		// the relay refuses connections: each message is retried, none is lost or failed
		await().atMost(Duration.ofSeconds(30))
			.until(() -> codes.stream().allMatch(code -> attempts("confirmation:online:" + code) >= 2));
		Map<String, Object> deferred = outbox("confirmation:online:" + codes.get(0)).get(0);
		assertThat(deferred.get("status")).isEqualTo("PENDING");
		assertThat((String) deferred.get("last_error")).contains("could not be reached");
		// the backlog an on-call person alerts on counts them
		await().atMost(Duration.ofSeconds(30))
			.until(() -> gauge("hub_outbox_backlog{channel=\"EMAIL\",status=\"PENDING\"}", 0) >= codes.size());

		TestMailServer.start();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> codes.stream()
				.allMatch(code -> "SENT".equals(outbox("confirmation:online:" + code).get(0).get("status"))));
		for (String code : codes) {
			assertThat(mailsTo(code.toLowerCase() + "@example.fr", "confirmation:online:" + code)).hasSize(1);
		}
	}

	@Test
	void nothingGoesToABouncingAddress() {
		String u = unique();
		String email = "bounced." + u + "@example.fr";
		this.jdbc.update("insert into email_address_status (address, status, reason) values (?, 'BOUNCING', ?)", email,
				"550 5.1.1 mailbox unknown");
		String code = order("B" + u, email, "fr", "2026-03-10T11:00:00+01:00", "2026-03-14", "2026-12-31");

		await().atMost(Duration.ofSeconds(30))
			.until(() -> outbox("confirmation:online:" + code),
					rows -> rows.size() == 1 && "SUPPRESSED".equals(rows.get(0).get("status")));
		assertThat((String) outbox("confirmation:online:" + code).get(0).get("reason")).contains("address is bouncing",
				"550 5.1.1");
		assertThat(mailsTo(email, "")).isEmpty();
	}

	private int attempts(String dedupKey) {
		List<Map<String, Object>> rows = outbox(dedupKey);
		return rows.isEmpty() ? 0 : (Integer) rows.get(0).get("attempts");
	}

}

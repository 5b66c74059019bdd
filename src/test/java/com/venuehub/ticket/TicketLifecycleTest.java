package com.venuehub.ticket;

import java.time.Duration;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What orders and scans do to tickets, through the real HTTP intake, broker and unify.
 */
class TicketLifecycleTest extends HubTestSupport {

	@Test
	void aScanThatArrivesBeforeItsSaleIsAppliedWhenTheSaleArrives() {
		String u = unique();
		String scan = """
				{"scan_id": "S%s", "ticket_number": "W%s1", "gate": "north-2",
				 "scanned_at": "2026-03-20T10:02:11+01:00", "result": "OK"}""".formatted(u, u);
		assertThat(post("/api/v1/ingest/turnstile", "dev-turnstile-key", "application/json", scan).statusCode())
			.isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> pendingScans("W" + u + "1") == 1);

		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", order(u, "p")).statusCode())
			.isEqualTo(202);

		await().atMost(Duration.ofSeconds(30)).until(() -> "USED".equals(status("W" + u + "1")));
		assertThat(status("W" + u + "2")).isEqualTo("VALID");
		assertThat(pendingScans("W" + u + "1")).isZero();
		assertThat(this.jdbc.queryForObject("select used_at::text from ticket where ticket_number = ?", String.class,
				"W" + u + "1"))
			.startsWith("2026-03-20 09:02:11");
	}

	@Test
	void aCancelledOrderCancelsItsTicketsForGood() {
		String u = unique();
		post("/api/v1/ingest/online", "dev-online-key", "application/json", order(u, "p"));
		await().atMost(Duration.ofSeconds(30)).until(() -> "VALID".equals(status("W" + u + "2")));

		post("/api/v1/ingest/online", "dev-online-key", "application/json", order(u, "c"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "CANCELLED".equals(status("W" + u + "1")) && "CANCELLED".equals(status("W" + u + "2")));

		// the paid order sent again (a retry of the shop) does not bring the tickets back
		post("/api/v1/ingest/online", "dev-online-key", "application/json", order(u, "p"));
		String customer = getJson("/api/v1/customers?ticket=W" + u + "1").at("/items/0/id").asText();
		assertThat(getJson("/api/v1/customers/" + customer).path("tickets").findValuesAsText("status"))
			.containsOnly("CANCELLED");
	}

	@Test
	void aPendingOrderCreatesTheCustomerButNoTicket() {
		String u = unique();
		post("/api/v1/ingest/online", "dev-online-key", "application/json", order(u, "n"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> getJson("/api/v1/customers?email=jm." + u + "@mail.example.com").path("items").size() == 1);
		assertThat(status("W" + u + "1")).isNull();
	}

	private String order(String u, String status) {
		return resource("/ingest/online-order.json").replace("{{u}}", u)
			.replace("{{status}}", status)
			.replace("{{phone}}", "");
	}

	private String status(String ticket) {
		return this.jdbc.query("select status from ticket where ticket_number = ?",
				rs -> rs.next() ? rs.getString(1) : null, ticket);
	}

	private int pendingScans(String ticket) {
		return this.jdbc.queryForObject("select count(*) from ticket_scan where ticket_number = ? and pending",
				Integer.class, ticket);
	}

}

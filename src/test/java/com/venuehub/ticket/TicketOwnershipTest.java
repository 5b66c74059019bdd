package com.venuehub.ticket;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A ticket belongs to the source that created it, and to the reseller it was sold by: end
 * to end through the ingest endpoints, a reseller row naming a box-office ticket neither
 * cancels nor takes it, a reseller cannot cancel another reseller's ticket (nor give its
 * stock back), an online cancellation cannot cancel a box-office ticket nor a reseller's
 * ticket, and a box-office row cannot take an online ticket. Each such record is
 * quarantined with the reason; the owner's own records still apply.
 */
class TicketOwnershipTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	@Test
	void aResellerRowCannotCancelNorTakeABoxOfficeTicket() {
		String u = unique();
		String ticket = "B-" + u + "-1";
		boxOfficeSale(u, ticket);
		Map<String, Object> sold = ticketRow(ticket);
		TestReseller reseller = newReseller("RA" + u);
		long allocation = allocate(reseller, "P" + u, 10);

		resellerRow(reseller, "X" + u, "P" + u, ticket, "cancelled");
		JsonNode cancel = await().atMost(WAIT).until(() -> quarantined("reseller", ticket, "cancel"), q -> q != null);
		assertThat(cancel.path("reason").asText()).isEqualTo(
				"ticket " + ticket + " belongs to box-office: a record of reseller RA" + u + " cannot cancel it");
		assertThat(cancel.path("origin").asText()).isEqualTo("unify");

		resellerRow(reseller, "Y" + u, "P" + u, ticket, "sold");
		JsonNode take = await().atMost(WAIT).until(() -> quarantined("reseller", ticket, "change"), q -> q != null);
		assertThat(take.path("reason").asText()).isEqualTo(
				"ticket " + ticket + " belongs to box-office: a record of reseller RA" + u + " cannot change it");

		assertThat(ticketRow(ticket)).containsEntry("status", "VALID")
			.containsEntry("customer_id", sold.get("customer_id"))
			.containsEntry("sale_ref", "S-" + u)
			.containsEntry("price", sold.get("price"));
		assertThat(remaining(reseller, allocation)).isEqualTo(10);
		assertThat(this.jdbc.queryForObject("select count(*) from reseller_sale where ticket_number = ?", Integer.class,
				ticket))
			.isZero();
	}

	@Test
	void aResellerCannotCancelAnotherResellersTicketNorGiveItsStockBack() {
		String u = unique();
		String ticket = "K-" + u;
		TestReseller first = newReseller("RB" + u);
		TestReseller other = newReseller("RC" + u);
		long firstAllocation = allocate(first, "P" + u, 10);
		long otherAllocation = allocate(other, "P" + u, 10);
		resellerRow(first, "S1" + u, "P" + u, ticket, "sold");
		await().atMost(WAIT).until(() -> remaining(first, firstAllocation) == 9);

		resellerRow(other, "S2" + u, "P" + u, ticket, "cancelled");
		JsonNode kept = await().atMost(WAIT).until(() -> quarantined("reseller", ticket, "cancel"), q -> q != null);
		assertThat(kept.path("reason").asText()).isEqualTo("ticket " + ticket + " belongs to reseller RB" + u
				+ ": a record of reseller RC" + u + " cannot cancel it");
		assertThat(ticketRow(ticket)).containsEntry("status", "VALID");
		assertThat(remaining(first, firstAllocation)).isEqualTo(9);
		assertThat(remaining(other, otherAllocation)).isEqualTo(10);

		// its own reseller gives it back
		resellerRow(first, "S1" + u, "P" + u, ticket, "cancelled");
		await().atMost(WAIT).until(() -> remaining(first, firstAllocation) == 10);
		assertThat(ticketRow(ticket)).containsEntry("status", "CANCELLED");
	}

	@Test
	void anOnlineCancellationCannotCancelABoxOfficeTicket() {
		String u = unique();
		String ticket = "B-" + u + "-1";
		boxOfficeSale(u, ticket);
		HttpResponse<String> response = post("/api/v1/ingest/online", "dev-online-key", "application/json", """
				{"code": "W%s", "status": "c", "email": "w.%s@example.fr", "datetime": "2026-03-15T09:00:00+01:00",
				 "event": "zoo-lyon", "positions": [{"positionid": 1, "item": 12, "price": "10.00", "secret": "%s"}]}"""
			.formatted(u, u, ticket));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode kept = await().atMost(WAIT).until(() -> quarantined("online", ticket, "cancel"), q -> q != null);
		assertThat(kept.path("reason").asText())
			.isEqualTo("ticket " + ticket + " belongs to box-office: a record of online cannot cancel it");
		assertThat(ticketRow(ticket)).containsEntry("status", "VALID").containsEntry("sale_ref", "S-" + u);
	}

	@Test
	void noOtherSourceCancelsOrTakesAResellersTicketNorAnOnlineOne() {
		String u = unique();
		String ticket = "RT-" + u;
		TestReseller reseller = newReseller("RD" + u);
		long allocation = allocate(reseller, "P" + u, 10);
		resellerRow(reseller, "S1" + u, "P" + u, ticket, "sold");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 9);

		// the online shop cancels an order naming the reseller's ticket, even with its
		// reseller_id
		HttpResponse<String> online = post("/api/v1/ingest/online", "dev-online-key", "application/json", """
				{"code": "W%s", "status": "c", "reseller_id": "%s", "email": "w.%s@example.fr",
				 "datetime": "2026-03-15T09:00:00+01:00", "event": "zoo-lyon",
				 "positions": [{"positionid": 1, "item": "P%s", "price": "10.00", "secret": "%s"}]}""".formatted(u,
				reseller.code(), u, u, ticket));
		assertThat(online.statusCode()).as(online.body()).isEqualTo(202);
		JsonNode kept = await().atMost(WAIT).until(() -> quarantined("online", ticket, "cancel"), q -> q != null);
		assertThat(kept.path("reason").asText()).isEqualTo("ticket " + ticket + " belongs to reseller "
				+ reseller.code() + ": a record of online (reseller " + reseller.code() + ") cannot cancel it");

		// a box-office row naming an online ticket takes nothing
		String onlineTicket = "OT-" + u;
		HttpResponse<String> paid = post("/api/v1/ingest/online", "dev-online-key", "application/json", """
				{"code": "V%s", "status": "p", "email": "v.%s@example.fr", "datetime": "2026-03-15T09:00:00+01:00",
				 "event": "zoo-lyon", "positions": [{"positionid": 1, "item": 12, "price": "10.00", "secret": "%s"}]}"""
			.formatted(u, u, onlineTicket));
		assertThat(paid.statusCode()).as(paid.body()).isEqualTo(202);
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForList("select status from ticket where ticket_number = ?", String.class,
					onlineTicket), s -> s.equals(java.util.List.of("VALID")));
		boxOfficeRow(u, onlineTicket);
		JsonNode taken = await().atMost(WAIT)
			.until(() -> quarantined("box-office", onlineTicket, "change"), q -> q != null);
		assertThat(taken.path("reason").asText())
			.isEqualTo("ticket " + onlineTicket + " belongs to online: a record of box-office cannot change it");

		assertThat(ticketRow(ticket)).containsEntry("status", "VALID");
		assertThat(ticketRow(onlineTicket)).containsEntry("status", "VALID");
		assertThat(remaining(reseller, allocation)).isEqualTo(9);
	}

	private void boxOfficeSale(String u, String ticket) {
		boxOfficeRow(u, ticket);
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForList("select customer_id from ticket where ticket_number = ?", Long.class,
					ticket), ids -> ids.size() == 1 && ids.get(0) != null);
	}

	private void boxOfficeRow(String u, String ticket) {
		String row = "S-%s;14/03/2026 10:30;zoo-lyon;ADULT;Entrée adulte;%s;14/03/2026;13/03/2027;24,50;Paul;Roux%s;"
			.formatted(u, ticket, u) + "paul.%s@example.fr;;69002;;;;".formatted(u);
		HttpResponse<String> response = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv",
				HEADER + "\n" + row + "\n");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
	}

	private void resellerRow(TestReseller reseller, String sale, String product, String ticket, String status) {
		HttpResponse<String> response = post("/api/v1/ingest/reseller", reseller.key(), "text/csv",
				"reseller_id;sale_id;sold_at;venue;product_code;event_date;ticket_number;status;price\n"
						+ reseller.code() + ";" + sale + ";2026-05-01T10:00:00+02:00;zoo-lyon;" + product + ";;"
						+ ticket + ";" + status + ";99,00\n");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(readJson(response.body()).path("accepted").asInt()).as(response.body()).isEqualTo(1);
	}

	private Map<String, Object> ticketRow(String ticket) {
		return this.jdbc.queryForMap("select status, customer_id, sale_ref, price from ticket where ticket_number = ?",
				ticket);
	}

	/** The quarantined record of that source naming that ticket, whose reason says so. */
	private JsonNode quarantined(String source, String ticket, String verb) {
		JsonNode page = getJson("/api/v1/quarantine?source=" + source + "&size=200");
		return StreamSupport.stream(page.path("items").spliterator(), false)
			.filter(q -> q.path("rawPayload").asText().contains(ticket)
					&& q.path("reason").asText().contains("cannot " + verb))
			.findFirst()
			.orElse(null);
	}

}

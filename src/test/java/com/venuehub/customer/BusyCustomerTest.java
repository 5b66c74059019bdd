package com.venuehub.customer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.venuehub.HubTestSupport;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.ingest.CanonicalEvent.Kind;
import com.venuehub.ingest.CanonicalEvent.Order;
import com.venuehub.ingest.CanonicalEvent.OrderStatus;
import com.venuehub.ingest.CanonicalEvent.TicketLine;
import com.venuehub.platform.Failures;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch whose event belongs to a customer another transaction holds applies the rest at
 * once and that event once the customer is free, instead of waiting as a whole.
 */
class BusyCustomerTest extends HubTestSupport {

	@Autowired
	Unifier unifier;

	@Autowired
	DataSource dataSource;

	@Test
	void theOtherEventsOfTheBatchDoNotWaitForABusyCustomer() throws Exception {
		String u = unique();
		String anne = "anne." + u + "@example.org";
		this.unifier.applyBatch(List.of(purchase(u, 0, "Anne", anne)));
		long customer = this.jdbc.queryForObject("select customer_id from ticket where ticket_number = ?", Long.class,
				"BT-" + u + "-0");

		CompletableFuture<Void> batch;
		try (Connection other = this.dataSource.getConnection()) {
			// another writer holds Anne's customer (an operator's unmerge, the batch of
			// the
			// other consumer)
			other.setAutoCommit(false);
			try (PreparedStatement lock = other
				.prepareStatement("select id from customer where id = ? for no key update")) {
				lock.setLong(1, customer);
				lock.executeQuery().close();
			}
			batch = CompletableFuture.runAsync(() -> this.unifier.applyBatch(
					List.of(purchase(u, 1, "Anne", anne), purchase(u, 2, "Bruno", "bruno." + u + "@example.org"))));
			// Bruno's sale is applied and committed while Anne is held
			await().atMost(Duration.ofSeconds(30)).until(() -> ticketOwner(u, 2) != null);
			assertThat(ticketOwner(u, 1)).as("Anne's second sale waits for her customer").isNull();
			assertThat(batch).isNotDone();
			other.rollback();
		}
		batch.get(30, TimeUnit.SECONDS);
		assertThat(ticketOwner(u, 1)).isEqualTo(customer);
		assertThat(ticketOwner(u, 2)).isNotEqualTo(customer);
	}

	/**
	 * An answer without contact or ticket has no key to lock: should another consumer
	 * apply the same event while this batch runs, the batch finds its row at the end,
	 * rolls back and is tried again (an outage to the consumer), which then skips it; the
	 * answer is kept once.
	 */
	@Test
	void theSameEventAppliedBesideIsKeptOnceAndTheBatchTriedAgain() throws Exception {
		String u = unique();
		CanonicalEvent answer = new CanonicalEvent("test:feedback:BA-" + u, "kiosk", Kind.FEEDBACK,
				OffsetDateTime.now().minusMinutes(5), "zoo", null, null, null, null, null,
				new CanonicalEvent.Feedback("BA-" + u, "exit-1", 9, "ok", null));
		CompletableFuture<Void> batch;
		try (Connection other = this.dataSource.getConnection()) {
			// the other consumer has applied the event and not committed yet
			other.setAutoCommit(false);
			try (PreparedStatement applied = other.prepareStatement(
					"insert into processed_event (event_id, source, kind, occurred_at) values (?, 'kiosk', 'FEEDBACK', now())")) {
				applied.setString(1, answer.id());
				applied.executeUpdate();
			}
			batch = CompletableFuture.runAsync(() -> this.unifier.applyBatch(List.of(answer)));
			// the batch applies the answer, then waits on the other's row
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.queryForObject(
						"select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like "
								+ "'insert into processed_event%'",
						Integer.class) > 0);
			other.commit();
		}
		assertThat(batch).failsWithin(Duration.ofSeconds(30))
			.withThrowableThat()
			.withRootCauseInstanceOf(org.springframework.dao.ConcurrencyFailureException.class);
		assertThat(Failures.isOutage(batch.handle((ok, failure) -> failure).get())).isTrue();
		assertThat(answers(u)).as("rolled back with its batch").isZero();
		// tried again: the event is known, nothing is applied twice
		this.unifier.applyBatch(List.of(answer));
		assertThat(answers(u)).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Integer.class,
				answer.id()))
			.isEqualTo(1);
	}

	private int answers(String u) {
		return this.jdbc.queryForObject("select count(*) from feedback_response where response_id = ?", Integer.class,
				"BA-" + u);
	}

	private Long ticketOwner(String u, int n) {
		List<Long> owners = this.jdbc.queryForList("select customer_id from ticket where ticket_number = ?", Long.class,
				"BT-" + u + "-" + n);
		return owners.isEmpty() ? null : owners.get(0);
	}

	private static CanonicalEvent purchase(String u, int n, String first, String email) {
		Contact contact = new Contact(first, "Busy" + u, email, null, null, null, "Lyon", "69001", null, "fr", null,
				null, null, List.of());
		return new CanonicalEvent("test:purchase:BT-" + u + "-" + n, "box-office", Kind.PURCHASE,
				OffsetDateTime.now().minusMinutes(10 - n), "zoo", contact,
				new Order("BT-" + u + "-" + n, OrderStatus.PAID), List.of(new TicketLine("BT-" + u + "-" + n, "ADULT",
						"Adulte", LocalDate.now(), LocalDate.now().plusYears(1), new BigDecimal("20.00"))),
				null, null, null);
	}

}

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
import com.venuehub.ingest.CanonicalEvent.Scan;
import com.venuehub.ingest.CanonicalEvent.TicketLine;
import com.venuehub.platform.Failures;
import com.venuehub.platform.OperationsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

	@Autowired
	MeterRegistry meters;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	OperationsMetrics operationsMetrics;

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
	 * A batch whose customer turns out to be a match candidate another batch holds does
	 * not wait for it in the middle of its own transaction (two batches doing so wait on
	 * each other): its events are committed, and the merge is made once the candidate is
	 * free.
	 */
	@Test
	void aMergeWithACustomerAnotherBatchHoldsIsMadeOnceItIsFree() throws Exception {
		String u = unique();
		this.unifier.applyBatch(List.of(visitor(u, 0, "anne." + u + "@example.org", true)));
		long anne = ticketOwner(u, 0);
		double postponed = this.meters.counter("hub.unify.merges.postponed").count();

		// the same person with another email: a new customer, then a candidate match;
		// Anne is freed as soon as the batch has committed, within its attempts
		whileHeld("select id from customer where id = ? for no key update", anne,
				List.of(visitor(u, 1, "a.busy" + u + "@example.net", true)), batch -> {
					await().atMost(Duration.ofSeconds(30))
						.pollInterval(Duration.ofMillis(5))
						.until(() -> ticketOwner(u, 1) != null);
					assertThat(ticketOwner(u, 1)).as("committed before the merge").isNotEqualTo(anne);
				});
		// made by the batch's own attempts before it returned (the sweep takes merges a
		// second old in the tests)
		assertThat(ticketOwner(u, 1)).as("merged into the older customer").isEqualTo(anne);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from merge_log where survivor_id = ? and rule = 'PROBABILISTIC' and unmerged_at is null",
				Integer.class, anne))
			.isEqualTo(1);
		assertThat(this.meters.counter("hub.unify.merges.postponed").count()).isEqualTo(postponed + 1);
	}

	/**
	 * A merge left for later is written down with its batch. A candidate held longer than
	 * the batch's attempts (the last waits for half PostgreSQL's {@code deadlock_timeout}
	 * at most) does not hold the batch up: the batch ends, and the sweep makes the merge
	 * once the candidate is free. So it would if the hub stopped or lost the database
	 * between the batch and its merge.
	 */
	@Test
	void aMergeItsBatchCouldNotMakeIsMadeByTheSweep() throws Exception {
		String u = unique();
		this.unifier.applyBatch(List.of(visitor(u, 0, "anne." + u + "@example.org", true)));
		long anne = ticketOwner(u, 0);
		double resumed = this.meters.counter("hub.unify.merges.resumed").count();
		long[] newer = new long[1];

		whileHeld("select id from customer where id = ? for no key update", anne,
				List.of(visitor(u, 1, "a.lost" + u + "@example.net", true)), batch -> {
					await().atMost(Duration.ofSeconds(30)).until(() -> ticketOwner(u, 1) != null);
					newer[0] = ticketOwner(u, 1);
					assertThat(pendingMerge(newer[0])).as("written down with the batch").isTrue();
					// Anne still held: the batch ends all the same
					batch.get(30, TimeUnit.SECONDS);
					assertThat(ticketOwner(u, 1)).as("not merged yet").isEqualTo(newer[0]);
					assertThat(pendingMerge(newer[0])).as("still written down").isTrue();
					this.operationsMetrics.refresh();
					assertThat(this.meters.get("hub.unify.merges.pending").gauge().value()).isGreaterThanOrEqualTo(1);
				});
		// Anne is free: the sweep makes the merge
		await().atMost(Duration.ofSeconds(30)).until(() -> ticketOwner(u, 1) == anne);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from merge_log where survivor_id = ? and merged_id = ? and unmerged_at is null",
				Integer.class, anne, newer[0]))
			.isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> !pendingMerge(newer[0]));
		assertThat(this.meters.counter("hub.unify.merges.resumed").count()).isGreaterThan(resumed);
	}

	/**
	 * A batch's first transaction never waits long for a row: a scan of a ticket that
	 * another transaction holds (a merge moving it) gives way after half PostgreSQL's
	 * {@code deadlock_timeout}, and the batch is applied waiting for its keys, the scan
	 * kept once the ticket is free.
	 */
	@Test
	void aRowAnotherTransactionHoldsMakesTheFirstTransactionGiveWay() throws Exception {
		String u = unique();
		this.unifier.applyBatch(List.of(visitor(u, 0, "anne." + u + "@example.org", true)));
		double waiting = this.meters.counter("hub.unify.batches.waiting").count();
		CanonicalEvent scan = new CanonicalEvent("test:scan:BT-" + u + "-0", "turnstile", Kind.SCAN,
				OffsetDateTime.now(), "zoo", null, null, null, new Scan("S-" + u, "BT-" + u + "-0", "G1", true), null,
				null);

		whileHeld(HOLD_TICKET, "BT-" + u + "-0", List.of(scan), batch -> {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.meters.counter("hub.unify.batches.waiting").count() > waiting);
			assertThat(batch).as("the second transaction waits for the ticket").isNotDone();
		});
		assertThat(
				this.jdbc.queryForObject("select count(*) from ticket_scan where scan_id = ?", Integer.class, "S-" + u))
			.isEqualTo(1);
	}

	/**
	 * Two batches proposing the same possible duplicate at once: the second leaves it to
	 * the first rather than wait for it to end.
	 */
	@Test
	void aPossibleDuplicateAnotherBatchIsProposingIsLeftToIt() throws Exception {
		String u = unique();
		String bruno = "bruno." + u + "@example.org";
		this.unifier.applyBatch(List.of(visitor(u, 0, "anne." + u + "@example.org", true)));
		this.unifier.applyBatch(List.of(visitor(u, 1, bruno, false)));
		long a = ticketOwner(u, 0);
		long b = ticketOwner(u, 1);
		String pair = "select count(*) from duplicate_pair where customer_a = ? and customer_b = ?";
		assertThat(this.jdbc.queryForObject(pair, Integer.class, a, b)).as("proposed").isEqualTo(1);
		this.jdbc.update("delete from duplicate_pair where customer_a = ? and customer_b = ?", a, b);

		CompletableFuture<Void> batch;
		try (Connection other = this.dataSource.getConnection()) {
			// another batch proposes the pair and has not committed yet
			other.setAutoCommit(false);
			try (PreparedStatement proposing = other.prepareStatement(
					"""
							select pg_advisory_xact_lock(hashtextextended('duplicate:' || ?::bigint || ':' || ?::bigint, 0))""")) {
				proposing.setLong(1, a);
				proposing.setLong(2, b);
				proposing.executeQuery().close();
			}
			try (PreparedStatement insert = other.prepareStatement("""
					insert into duplicate_pair (customer_a, customer_b, score, fields, event_id)
					values (?, ?, 0.7, '{}'::jsonb, 'test:other-batch')""")) {
				insert.setLong(1, a);
				insert.setLong(2, b);
				insert.executeUpdate();
			}
			// Bruno's customer is compared again: the same pair, not waited for
			batch = CompletableFuture.runAsync(() -> this.unifier.applyBatch(List.of(visitor(u, 2, bruno, false))));
			batch.get(30, TimeUnit.SECONDS);
			assertThat(ticketOwner(u, 2)).isEqualTo(b);
			other.commit();
		}
		assertThat(this.jdbc.queryForObject(pair, Integer.class, a, b)).as("kept once").isEqualTo(1);
	}

	private boolean pendingMerge(long customer) {
		return this.jdbc.queryForObject("select count(*) from unify_pending_merge where customer_id = ?", Integer.class,
				customer) > 0;
	}

	/**
	 * A merge moves the merged customer's tickets: one of them held by another batch (a
	 * scan being applied) leaves the merge until it is free, rather than the batch
	 * waiting for it.
	 */
	@Test
	void aMergeWhoseTicketAnotherBatchHoldsIsMadeOnceItIsFree() throws Exception {
		String u = unique();
		this.unifier.applyBatch(List.of(visitor(u, 0, "anne." + u + "@example.org", true)));
		long anne = ticketOwner(u, 0);
		// the same person under another email, nothing but her name and town said: not
		// merged on names and place alone
		String second = "a.busy" + u + "@example.net";
		this.unifier.applyBatch(List.of(visitor(u, 1, second, false)));
		long newer = ticketOwner(u, 1);
		assertThat(newer).isNotEqualTo(anne);

		// her second email now comes with her birth date and street: one person
		whileHeld(HOLD_TICKET, "BT-" + u + "-1", List.of(visitor(u, 2, second, true)), batch -> {
			await().atMost(Duration.ofSeconds(30)).until(() -> ticketOwner(u, 2) != null);
			assertThat(ticketOwner(u, 2)).as("committed before the merge").isEqualTo(newer);
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> ticketOwner(u, 1) == anne && ticketOwner(u, 2) == anne);
	}

	/**
	 * An event holding the email of one customer and the phone of another proves them one
	 * person; when another batch holds a ticket the merge moves, the batch is applied
	 * waiting for its keys, as a whole, instead of waiting in the middle of its first
	 * transaction.
	 */
	@Test
	void aSharedIdentifierMergeWhoseRowsAreHeldAppliesTheBatchWaiting() throws Exception {
		String u = unique();
		String email = "anne." + u + "@example.org";
		String phone = String.format("+33 6 %08d", Math.floorMod(u.hashCode(), 100_000_000));
		this.unifier.applyBatch(List.of(withPhone(visitor(u, 0, email, false), null)));
		this.unifier.applyBatch(List.of(withPhone(visitor(u, 1, null, false), phone)));
		long anne = ticketOwner(u, 0);
		long byPhone = ticketOwner(u, 1);
		assertThat(byPhone).isNotEqualTo(anne);
		double waiting = this.meters.counter("hub.unify.batches.waiting").count();

		whileHeld(HOLD_TICKET, "BT-" + u + "-1", List.of(withPhone(visitor(u, 2, email, false), phone)), batch -> {
			// the first transaction gave way and the batch waits for the ticket
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.meters.counter("hub.unify.batches.waiting").count() > waiting);
			assertThat(ticketOwner(u, 2)).isNull();
		});
		assertThat(ticketOwner(u, 1)).isEqualTo(anne);
		assertThat(ticketOwner(u, 2)).isEqualTo(anne);
		assertThat(this.jdbc.queryForObject("select rule from merge_log where survivor_id = ? and merged_id = ?",
				String.class, anne, byPhone))
			.isEqualTo("SHARED_PHONE");
	}

	/**
	 * Should PostgreSQL end a deadlock by rolling a batch back, unify's log line says, in
	 * one line, which statement and on what relation: the statement's text has no value
	 * of the batch, only its parameters' places.
	 */
	@Test
	void aDeadlockIsDescribedByItsStatementAndRelationWithoutValues() throws Exception {
		String u = unique();
		this.unifier.applyBatch(List.of(visitor(u, 0, "anne." + u + "@example.org", true),
				visitor(u, 1, "bruno." + u + "@example.org", false)));
		long first = ticketOwner(u, 0);
		long second = ticketOwner(u, 1);
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		java.util.concurrent.CyclicBarrier bothHoldOne = new java.util.concurrent.CyclicBarrier(2);
		java.util.function.BiFunction<Long, Long, CompletableFuture<Void>> crossing = (a, b) -> CompletableFuture
			.runAsync(() -> transaction.executeWithoutResult(status -> {
				this.jdbc.update("update customer set updated_at = now() where id = any (?::bigint[])",
						(Object) new Long[] { a });
				try {
					bothHoldOne.await(30, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				this.jdbc.update("update customer set updated_at = now() where id = any (?::bigint[])",
						(Object) new Long[] { b });
			}));
		CompletableFuture<Void> one = crossing.apply(first, second);
		CompletableFuture<Void> other = crossing.apply(second, first);
		Throwable failure = one.handle((ok, ex) -> ex).get(30, TimeUnit.SECONDS);
		Throwable otherFailure = other.handle((ok, ex) -> ex).get(30, TimeUnit.SECONDS);
		Throwable deadlock = failure != null ? failure : otherFailure;
		assertThat(deadlock).as("one of the two was rolled back").isNotNull();
		String detail = UnifyConsumers.deadlockDetail(deadlock);
		// the whole statement, its own brackets included
		assertThat(detail).contains("statement 'update customer set updated_at = now() where id = any (?::bigint[])'")
			.contains("waits for ShareLock on transaction")
			.contains("in relation \"customer\"")
			.doesNotContain("\n");
	}

	private static final String HOLD_TICKET = "select 1 from ticket where ticket_number = ? for no key update";

	/** What the test checks while the batch runs beside another transaction. */
	interface Meanwhile {

		void check(CompletableFuture<Void> batch) throws Exception;

	}

	/**
	 * Applies the events while another transaction holds the rows {@code lock} selects
	 * with {@code key} (another batch), checks {@code meanwhile}, then ends the other
	 * transaction and waits for the batch.
	 */
	private void whileHeld(String lock, Object key, List<CanonicalEvent> events, Meanwhile meanwhile) throws Exception {
		CompletableFuture<Void> batch;
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (PreparedStatement held = other.prepareStatement(lock)) {
				held.setObject(1, key);
				held.executeQuery().close();
			}
			batch = CompletableFuture.runAsync(() -> this.unifier.applyBatch(events));
			meanwhile.check(batch);
			other.rollback();
		}
		batch.get(30, TimeUnit.SECONDS);
	}

	/**
	 * A box-office sale of Anne Busy, living rue des Tanneurs in Lyon: her birth date and
	 * street only when {@code full}.
	 */
	private static CanonicalEvent visitor(String u, int n, String email, boolean full) {
		// her birth date and street number her own in each test
		int h = Math.floorMod(u.hashCode(), 1_000_000);
		Contact contact = new Contact("Anne", "Busy" + letters(u), email, null,
				full ? String.valueOf(1 + h % 90) : null, full ? "rue des Tanneurs" : null, "Lyon", "69001",
				full ? LocalDate.of(1950 + h % 50, 1 + h / 50 % 12, 1 + h / 600 % 28) : null, "fr", null, null, null,
				List.of());
		return new CanonicalEvent("test:visit:BT-" + u + "-" + n, "box-office", Kind.PURCHASE,
				OffsetDateTime.now().minusMinutes(10 - n), "zoo", contact,
				new Order("BT-" + u + "-" + n, OrderStatus.PAID), List.of(new TicketLine("BT-" + u + "-" + n, "ADULT",
						"Adulte", LocalDate.now(), LocalDate.now().plusYears(1), new BigDecimal("20.00"))),
				null, null, null);
	}

	/** A name of its own for each test: letters only, as a name is compared. */
	private static String letters(String u) {
		StringBuilder name = new StringBuilder();
		u.chars().forEach(c -> name.append((char) (Character.isDigit(c) ? 'g' + (c - '0') : c)));
		return name.toString();
	}

	private static CanonicalEvent withPhone(CanonicalEvent event, String phone) {
		Contact c = event.contact();
		return new CanonicalEvent(event.id(), event.source(), event.kind(), event.occurredAt(), event.venue(),
				new Contact(c.firstName(), c.lastName(), c.email(), phone, c.streetNumber(), c.street(), c.locality(),
						c.postcode(), c.birthDate(), c.locale(), c.cardNumber(), c.optinEmail(), c.optinSms(),
						c.unverified()),
				event.order(), event.tickets(), event.scan(), event.loyalty(), event.feedback());
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

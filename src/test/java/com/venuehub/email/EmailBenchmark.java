package com.venuehub.email;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import com.venuehub.TestMailServer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeds 1,000,000 tickets and times one reminder scheduling pass over them (due tickets
 * found and outbox rows written), then the dispatch rate to the in-process SMTP server.
 * Run with
 * {@code ./mvnw -Pbenchmark verify -Dtest=EmailBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class EmailBenchmark extends EmailTestSupport {

	private static final int TICKETS = 1_000_000;

	private static final int CUSTOMERS = 250_000;

	private static final int DAYS = 120;

	private static final int DISPATCHED = 3_000;

	@Autowired
	ReminderScheduler scheduler;

	@Autowired
	EmailDispatcher dispatcher;

	@Autowired
	CamelContext camel;

	@AfterEach
	void timersBack() throws Exception {
		this.camel.getRouteController().startRoute("schedule-email-reminders");
		this.camel.getRouteController().startRoute("dispatch-email");
	}

	@Test
	void reminderPassOverAMillionTicketsAndDispatchRate() throws Exception {
		// the timed flows are run by hand here, so each part is measured alone
		this.camel.getRouteController().stopRoute("schedule-email-reminders");
		this.camel.getRouteController().stopRoute("dispatch-email");
		String run = unique();
		LocalDate base = LocalDate.of(2031, 1, 1);

		long seedStart = System.nanoTime();
		Long firstCustomer = this.jdbc.queryForObject("""
				with c as (insert into customer (first_name, locale)
				           select 'Bench', case when n % 5 = 0 then 'en' else 'fr' end
				           from generate_series(1, ?) n returning id),
				     i as (insert into customer_identifier (customer_id, kind, value, source, first_seen_at)
				           select id, 'EMAIL', 'bench.' || ? || '.' || id || '@example.com', 'bench', now() from c)
				select min(id) from c""", Long.class, CUSTOMERS, run);
		this.jdbc.update("""
				insert into ticket (ticket_number, customer_id, source, sale_ref, venue, product_code, product_name,
				                    valid_from, valid_until, price, status, sold_at, used_at)
				select 'BENCH-' || ? || '-' || n, ? + (n % ?), 'bench', 'BS-' || ? || '-' || (n / 2), 'zoo-lyon',
				       'ADULT', 'Entrée adulte', ?::date - 365, ?::date + (n % ?), 25.00,
				       case when n % 10 = 0 then 'USED' else 'VALID' end, ?::date - 400,
				       case when n % 10 = 0 then ?::date - 30 end
				from generate_series(1, ?) n""", run, firstCustomer, CUSTOMERS, run, base, base, DAYS, base, base,
				TICKETS);
		this.jdbc.execute("analyze ticket");
		this.jdbc.execute("analyze customer_identifier");
		this.jdbc.execute("analyze outbox_message");
		double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

		// a pass after a week-long downtime: every reminder due within the look-back is
		// decided at once
		LocalDate day = base.plusDays(60);
		this.clock.set(day.atTime(LocalTime.of(10, 0, 30)).atZone(ZoneId.of("Europe/Paris")).toInstant());
		long passStart = System.nanoTime();
		int written = this.scheduler.schedule();
		double passSeconds = (System.nanoTime() - passStart) / 1e9;
		// the next pass, a minute later, finds the same reminders already decided
		this.clock.set(this.clock.instant().plusSeconds(60));
		long againStart = System.nanoTime();
		int again = this.scheduler.schedule();
		double againSeconds = (System.nanoTime() - againStart) / 1e9;
		Long found = this.jdbc.queryForObject("""
				select count(*) from ticket t join outbox_message m
				  on m.customer_id = t.customer_id and m.valid_until = t.valid_until and m.kind = 'REMINDER'
				where t.source = 'bench' and t.ticket_number like ?""", Long.class, "BENCH-" + run + "-%");

		// dispatch: a slice of the decided reminders goes to the SMTP server, the others
		// are set aside
		this.jdbc.update("""
				update outbox_message set status = 'SKIPPED', reason = 'set aside by the benchmark'
				where status = 'PENDING' and recipient like ? and id not in (
				    select id from outbox_message where status = 'PENDING' and recipient like ? order by id limit ?)""",
				"bench." + run + ".%", "bench." + run + ".%", DISPATCHED);
		this.jdbc.update(
				"update outbox_message set status = 'SKIPPED', reason = 'set aside by the benchmark' "
						+ "where status = 'PENDING' and next_attempt_at <= ? and recipient not like ?",
				Timestamp.from(this.clock.instant()), "bench." + run + ".%");
		int before = TestMailServer.received().size();
		long dispatchStart = System.nanoTime();
		int settled = 0;
		while (settled < DISPATCHED) {
			int drained = this.dispatcher.drain();
			if (drained == 0) {
				break;
			}
			settled += drained;
		}
		double dispatchSeconds = (System.nanoTime() - dispatchStart) / 1e9;
		int received = TestMailServer.received().size() - before;

		System.out.printf("%n=== email benchmark ===%n");
		System.out.printf("seeded %,d tickets for %,d customers in %.1f s%n", TICKETS, CUSTOMERS, seedSeconds);
		System.out.printf("reminder pass: %,d tickets due, %,d outbox rows written in %.2f s%n", found, written,
				passSeconds);
		System.out.printf("next pass: %,d rows written in %.2f s%n", again, againSeconds);
		System.out.printf("dispatch: %,d emails settled, %,d received by SMTP in %.2f s = %.0f emails/s%n", settled,
				received, dispatchSeconds, received / dispatchSeconds);
		System.out.printf("=======================%n");

		assertThat(written).isPositive();
		assertThat(again).isZero();
		assertThat(received).isEqualTo(DISPATCHED);
		assertThat(Duration.ofNanos((long) (passSeconds * 1e9))).isLessThan(Duration.ofSeconds(60));
	}

}

package com.venuehub.email;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiry reminders with the hub's clock set by the test: due at 10:00 in Paris, one email
 * per customer and offset, suppressed by a scan, skipped when missed, decided once by
 * concurrent passes.
 */
class ReminderEmailTest extends EmailTestSupport {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	@Autowired
	ReminderScheduler scheduler;

	@Test
	void j7AndJ1RemindersArriveOnceEachGroupedPerCustomer() {
		String u = unique();
		String email = "grouped." + u + "@example.fr";
		String first = order("G1" + u, email, "fr", "2027-01-05T10:00:00+01:00", "2027-01-05", "2027-02-20");
		String second = order("G2" + u, email, "fr", "2027-01-20T10:00:00+01:00", "2027-01-20", "2027-02-20");
		String later = order("G3" + u, email, "fr", "2027-01-20T10:00:00+01:00", "2027-01-20", "2027-03-20");
		long customer = customerOf(first + "-A");
		customerOf(second + "-B");
		customerOf(later + "-B");

		at("2027-02-13T09:59");
		this.scheduler.schedule();
		assertThat(outbox("reminder:J-7:" + customer + ":")).isEmpty();

		at("2027-02-13T10:00:30");
		MimeMessage j7 = await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "reminder:J-7:" + customer + ":"), mails -> mails.size() == 1)
			.get(0);
		assertThat(subject(j7)).contains("samedi 20 février 2027");
		assertThat(text(j7)).contains("Dans 7 jours", first + "-A", first + "-B", second + "-A", second + "-B")
			.doesNotContain(later);

		at("2027-02-19T10:05");
		MimeMessage j1 = await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "reminder:J-1:" + customer + ":"), mails -> mails.size() == 1)
			.get(0);
		assertThat(text(j1)).contains("Demain, le samedi 20 février 2027", first + "-A", second + "-B");

		at("2027-02-19T18:00");
		this.scheduler.schedule();
		this.scheduler.schedule();
		await().atMost(Duration.ofSeconds(10)).until(() -> pendingOf(customer) == 0);
		assertThat(mailsTo(email, "reminder:")).hasSize(2);
		assertThat(outbox("reminder:J-7:" + customer + ":")).hasSize(1);
		assertThat(outbox("reminder:J-1:" + customer + ":")).hasSize(1);
	}

	@Test
	void aScanBeforeJ1SuppressesItWithItsReason() {
		String u = unique();
		String email = "scanned." + u + "@example.fr";
		String code = order("S" + u, email, "fr", "2027-03-01T10:00:00+01:00", "2027-03-01", "2027-04-10");
		long customer = customerOf(code + "-A");
		customerOf(code + "-B");

		at("2027-04-03T10:01");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "reminder:J-7:" + customer + ":"), mails -> mails.size() == 1);
		scan(code + "-A", "2027-04-05T14:00:00+02:00");
		scan(code + "-B", "2027-04-06T11:30:00+02:00");

		at("2027-04-09T10:01");
		this.scheduler.schedule();
		Map<String, Object> j1 = outbox("reminder:J-1:" + customer + ":").get(0);
		assertThat(j1.get("status")).isEqualTo("SUPPRESSED");
		assertThat((String) j1.get("reason")).contains(code + "-A used 2027-04-05 14:00",
				code + "-B used 2027-04-06 11:30");
		var listed = getJson("/api/v1/messages?customerId=" + customer + "&kind=reminder&status=suppressed");
		assertThat(listed.path("items").get(0).path("reason").asText()).contains("used or cancelled");
		this.scheduler.schedule();
		assertThat(mailsTo(email, "reminder:J-1:")).isEmpty();
	}

	@Test
	void aTicketBoughtInsideTheWindowGetsOnlyTheRemindersAhead() {
		String u = unique();
		String email = "late.buyer." + u + "@example.fr";
		String code = order("L" + u, email, "fr", "2027-05-07T12:00:00+02:00", "2027-05-07", "2027-05-10");
		long customer = customerOf(code + "-A");

		at("2027-05-09T10:01");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "reminder:J-1:" + customer + ":"), mails -> mails.size() == 1);
		assertThat(outbox("reminder:J-7:" + customer + ":")).isEmpty();
	}

	@Test
	void afterADowntimeAMissedReminderGoesLateOnlyWhileItMakesSense() {
		String u = unique();
		String email = "downtime." + u + "@example.fr";
		String replaced = order("D1" + u, email, "fr", "2027-05-01T10:00:00+02:00", "2027-05-01", "2027-06-12");
		String late = order("D2" + u, email, "fr", "2027-05-01T10:00:00+02:00", "2027-05-01", "2027-07-20");
		long customer = customerOf(replaced + "-A");
		customerOf(late + "-A");

		// the hub was down from before J-7 until after J-1 of the first order
		at("2027-06-11T10:30");
		this.scheduler.schedule();
		Map<String, Object> skipped = outbox("reminder:J-7:" + customer + ":2027-06-12").get(0);
		assertThat(skipped.get("status")).isEqualTo("SKIPPED");
		assertThat((String) skipped.get("reason")).contains("J-1 reminder is due and replaces it");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "reminder:J-1:" + customer + ":2027-06-12"), mails -> mails.size() == 1);

		// down again over the second order's J-7, up two days later: still worth sending
		at("2027-07-15T12:00");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "reminder:J-7:" + customer + ":2027-07-20"), mails -> mails.size() == 1);
		assertThat(mailsTo(email, "reminder:J-7:" + customer + ":2027-06-12")).isEmpty();
	}

	@Test
	void reminderTimeFollowsDaylightSaving() {
		String u = unique();
		String email = "dst." + u + "@example.fr";
		// clocks go forward in Paris on 28 March 2027: J-7 is at 10:00 CET, J-1 at 10:00
		// CEST
		String code = order("T" + u, email, "en", "2027-03-01T10:00:00+01:00", "2027-03-01", "2027-03-29");
		long customer = customerOf(code + "-A");

		this.clock.set(Instant.parse("2027-03-22T09:00:01Z"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "reminder:J-7:" + customer + ":"), mails -> mails.size() == 1);
		this.clock.set(Instant.parse("2027-03-28T07:59:00Z"));
		this.scheduler.schedule();
		assertThat(outbox("reminder:J-1:" + customer + ":")).isEmpty();
		this.clock.set(Instant.parse("2027-03-28T08:00:01Z"));
		MimeMessage j1 = await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "reminder:J-1:" + customer + ":"), mails -> mails.size() == 1)
			.get(0);
		assertThat(text(j1)).contains("Tomorrow, Monday 29 March 2027");
		assertThat(((java.sql.Timestamp) outbox("reminder:J-1:" + customer + ":").get(0).get("due_at")).toInstant())
			.isEqualTo(Instant.parse("2027-03-28T08:00:00Z"));
		assertThat(((java.sql.Timestamp) outbox("reminder:J-7:" + customer + ":").get(0).get("due_at")).toInstant())
			.isEqualTo(Instant.parse("2027-03-22T09:00:00Z"));
	}

	@Test
	void twoSchedulerPassesAtOnceSendNothingTwice() throws Exception {
		String u = unique();
		List<String> emails = List.of("twice.a." + u + "@example.fr", "twice.b." + u + "@example.fr",
				"twice.c." + u + "@example.fr");
		List<Long> customers = emails.stream().map(email -> {
			String code = order("W" + email.charAt(6) + u, email, "fr", "2027-08-01T10:00:00+02:00", "2027-08-01",
					"2027-08-21");
			return customerOf(code + "-B");
		}).toList();

		at("2027-08-14T10:00:01");
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Integer>> passes = List.of(1, 2).stream().map(n -> CompletableFuture.supplyAsync(() -> {
			try {
				start.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.scheduler.schedule();
		})).toList();
		start.countDown();
		for (CompletableFuture<Integer> pass : passes) {
			pass.get();
		}

		for (int i = 0; i < emails.size(); i++) {
			String email = emails.get(i);
			String key = "reminder:J-7:" + customers.get(i) + ":2027-08-21";
			await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(email, key), mails -> mails.size() == 1);
			assertThat(outbox(key)).hasSize(1);
		}
		this.scheduler.schedule();
		await().atMost(Duration.ofSeconds(10)).until(() -> customers.stream().allMatch(c -> pendingOf(c) == 0));
		for (String email : emails) {
			assertThat(mailsTo(email, "reminder:")).hasSize(1);
		}
	}

	@Test
	void messagesDueInAnotherOrderThanWrittenAllGoAndOneWrittenBehindThemGoesNext() {
		String u = unique();
		String email = "many." + u + "@example.fr";
		String code = order("N" + u, email, "fr", "2027-07-01T10:00:00+02:00", "2027-07-01", "2027-08-20");
		long customer = customerOf(code + "-A");
		customerOf(code + "-B");
		await().atMost(Duration.ofSeconds(30)).until(() -> pendingOf(customer) == 0);

		// 23 messages, more than two of the dispatcher's batches of 10, the later
		// written the earlier due: each batch goes on from where the one before ended
		java.sql.Timestamp now = java.sql.Timestamp.from(this.clock.instant());
		this.jdbc.update("""
				insert into outbox_message (dedup_key, channel, kind, customer_id, recipient, venue, valid_until,
				                            offset_days, status, reason, due_at, next_attempt_at)
				select 'reminder:J-7:' || ? || ':order-' || g || '-' || ?, 'EMAIL', 'REMINDER', ?, ?, 'zoo-lyon',
				       date '2027-08-20', 7, 'PENDING', 'test', ?, ?::timestamptz - make_interval(secs => g)
				from generate_series(1, 23) g""", customer, u, customer, email, now, now);
		await().atMost(Duration.ofSeconds(30)).until(() -> pendingOf(customer) == 0);
		assertThat(outbox("reminder:J-7:" + customer + ":order-")).hasSize(23)
			.allSatisfy(row -> assertThat(row.get("status")).isEqualTo("SENT"));
		assertThat(mailsTo(email, "reminder:J-7:" + customer + ":order-")).hasSize(23);

		// a message due before every one of them, written once they went: the next pass
		// starts from the head of the queue again
		this.jdbc.update("""
				insert into outbox_message (dedup_key, channel, kind, customer_id, recipient, venue, valid_until,
				                            offset_days, status, reason, due_at, next_attempt_at)
				values (?, 'EMAIL', 'REMINDER', ?, ?, 'zoo-lyon', date '2027-08-20', 7, 'PENDING', 'test', ?,
				        ?::timestamptz - interval '1 hour')""", "reminder:J-7:" + customer + ":behind-" + u, customer,
				email, now, now);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mailsTo(email, "reminder:J-7:" + customer + ":behind-"), mails -> mails.size() == 1);
	}

	private void at(String parisTime) {
		this.clock.set(LocalDateTime.parse(parisTime).atZone(PARIS).toInstant());
	}

	private long pendingOf(long customer) {
		return this.jdbc.queryForObject(
				"select count(*) from outbox_message where customer_id = ? and status = 'PENDING' and next_attempt_at <= ?",
				Long.class, customer, java.sql.Timestamp.from(this.clock.instant()));
	}

}

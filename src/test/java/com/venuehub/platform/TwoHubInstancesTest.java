package com.venuehub.platform;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import com.venuehub.HubInstance;
import com.venuehub.HubTestSupport;
import com.venuehub.TestClock;
import com.venuehub.TestMailServer;
import com.venuehub.TestTwilioServer;
import com.venuehub.email.ReminderScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two hub instances against one broker and one database, as in production: the shared
 * test hub (embedded PostgreSQL and Artemis) and a second one that uses them as external
 * services, through PostgreSQL's port and Artemis's core acceptor. Consumers compete on
 * the events queue, and schedulers and dispatchers run on both at once.
 */
class TwoHubInstancesTest extends HubTestSupport {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	private static HubInstance second;

	@Autowired
	TestClock clock;

	@Autowired
	MeterRegistry meters;

	@Autowired
	CamelContext camel;

	@Autowired
	ReminderScheduler scheduler;

	@Autowired
	EmbeddedPostgres postgres;

	@BeforeEach
	void startSecondInstance() {
		// once per class, and not in @BeforeAll: until the test context is prepared,
		// Camel's test support holds back the start of any Camel context in the JVM
		if (second == null) {
			second = HubInstance.startExternal(this.postgres.getJdbcUrl("postgres", "postgres"),
					"tcp://127.0.0.1:" + CORE_PORT,
					// its own file drop folder: this test posts over HTTP
					"--hub.ingest.inbox=target/test-data/second-hub/inbox");
		}
	}

	@AfterAll
	static void stopSecondInstance() {
		if (second != null) {
			second.close();
			second = null;
		}
	}

	@AfterEach
	void realTime() {
		this.clock.reset();
		if (second != null) {
			second.bean(TestClock.class).reset();
		}
	}

	@Test
	void recordsOfTheSamePeoplePostedToBothInstancesGiveOneCustomerEachAndLoseNoTicket() throws Exception {
		double firstBefore = applied(this.meters);
		String u = unique();
		int people = 30;
		Random random = new Random(7);
		List<String> rows = new ArrayList<>();
		for (int p = 0; p < people; p++) {
			String email = "two" + p + "." + u + "@example.org";
			String phone = String.format("06 %02d %02d %02d %02d", 10 + random.nextInt(80), random.nextInt(100),
					random.nextInt(100), random.nextInt(100));
			String card = "S" + u.toUpperCase() + p;
			// every record carries some of the person's identifiers; together they link
			// all of them
			String[][] subsets = { { email, phone, "" }, { "", phone, card }, { "", "", card }, { email, "", "" },
					{ "", phone, "" }, { email, "", card } };
			for (int e = 0; e < subsets.length; e++) {
				rows.add(String.join(";", "S" + u + "-" + p + "-" + e, "14/03/2026 10:" + (10 + e), "zoo", "ADULT",
						"Adulte", "ST-" + u + "-" + p + "-" + e, "14/03/2026", "13/03/2027", "20,00", "Prénom" + p,
						"Nom" + p, subsets[e][0], subsets[e][1], "69001", "", subsets[e][2], "", ""));
			}
		}
		Collections.shuffle(rows, random);
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (int i = 0, n = 0; i < rows.size(); i += 10, n++) {
				String csv = HEADER + "\n" + String.join("\n", rows.subList(i, Math.min(rows.size(), i + 10)));
				// every other batch to the other instance
				boolean toSecond = n % 2 == 1;
				answers.add(clients.submit(
						() -> toSecond ? second.post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv", csv)
								: post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv", csv)));
			}
			for (Future<HttpResponse<String>> answer : answers) {
				assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(202);
			}
		}
		finally {
			clients.shutdown();
		}

		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.queryForObject("select count(*) from processed_event where event_id like ?",
					Integer.class, "box-office:purchase:S" + u + "-%") == people * 6);

		List<Map<String, Object>> perPerson = this.jdbc.queryForList("""
				select c.first_name, count(distinct c.id) as customers, count(t.ticket_number) as tickets
				from customer c join ticket t on t.customer_id = c.id
				where c.merged_into is null and t.ticket_number like ?
				group by c.first_name""", "ST-" + u + "-%");
		assertThat(perPerson).hasSize(people);
		assertThat(perPerson).allSatisfy(row -> {
			assertThat(((Number) row.get("customers")).intValue()).as("customers of " + row.get("first_name"))
				.isEqualTo(1);
			assertThat(((Number) row.get("tickets")).intValue()).as("tickets of " + row.get("first_name")).isEqualTo(6);
		});
		// both instances' consumers took their share of the queue
		assertThat(applied(this.meters) - firstBefore).as("events applied by the first instance").isPositive();
		assertThat(applied(second.bean(MeterRegistry.class))).as("events applied by the second instance").isPositive();
	}

	@Test
	void remindersDecidedAndSentByBothInstancesArriveOnceEach() throws Exception {
		assertRunningOnBoth("schedule-email-reminders", "dispatch-email");
		String u = unique();
		List<String> emails = new ArrayList<>();
		List<String> codes = new ArrayList<>();
		// the orders are placed on 2 May 2029 by both instances' clocks: a record dated
		// ahead of the hub's clock is held
		Instant placed = LocalDateTime.parse("2029-05-02T10:00:00").atZone(PARIS).toInstant();
		this.clock.travelTo(placed);
		second.bean(TestClock.class).travelTo(placed);
		for (int i = 0; i < 12; i++) {
			String email = "reminded" + i + "." + u + "@example.fr";
			String code = "TR" + i + u;
			String order = resource("/email/online-order.json").replace("{{code}}", code)
				.replace("{{family}}", familyName(email))
				.replace("{{email}}", email)
				.replace("{{locale}}", "fr")
				.replace("{{sold}}", "2029-05-02T10:00:00+02:00")
				.replace("{{from}}", "2029-05-02")
				.replace("{{until}}", "2029-06-14");
			HttpResponse<String> answer = i % 2 == 0
					? post("/api/v1/ingest/online", "dev-online-key", "application/json", order)
					: second.post("/api/v1/ingest/online", "dev-online-key", "application/json", order);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
			emails.add(email);
			codes.add(code);
		}
		List<Long> customers = new ArrayList<>();
		for (String code : codes) {
			customers.add(await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.queryForList("select customer_id from ticket where ticket_number = ?",
						Long.class, code + "-B"), found -> found.size() == 1 && found.get(0) != null)
				.get(0));
		}

		// J-7 at 10:00 in Paris has come for both instances: their timers decide and send
		Instant due = LocalDateTime.parse("2029-06-07T10:00:30").atZone(PARIS).toInstant();
		this.clock.set(due);
		second.bean(TestClock.class).set(due);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from outbox_message where dedup_key like 'reminder:J-7:%:2029-06-14' "
							+ "and customer_id = any(?) and status = 'SENT'",
					Integer.class, (Object) customers.toArray(Long[]::new)) == customers.size());
		// both schedulers again, at once: nothing new is decided
		CompletableFuture<Integer> onFirst = CompletableFuture.supplyAsync(this.scheduler::schedule);
		CompletableFuture<Integer> onSecond = CompletableFuture
			.supplyAsync(second.bean(ReminderScheduler.class)::schedule);
		assertThat(onFirst.get() + onSecond.get()).isZero();

		for (int i = 0; i < emails.size(); i++) {
			String key = "reminder:J-7:" + customers.get(i) + ":2029-06-14";
			List<MimeMessage> mails = TestMailServer.receivedBy(emails.get(i))
				.stream()
				.filter(m -> key.equals(header(m, "X-Hub-Dedup-Key")))
				.toList();
			assertThat(mails).as(key).hasSize(1);
			assertThat(this.jdbc.queryForObject("select count(*) from outbox_message where dedup_key = ?",
					Integer.class, key))
				.isEqualTo(1);
		}
	}

	@Test
	void aCampaignDispatchedByBothInstancesTextsEachCustomerOnce() {
		assertRunningOnBoth("schedule-sms-campaigns", "dispatch-sms");
		// a Tuesday within commercial hours, on both instances
		Instant tuesday = LocalDateTime.parse("2026-12-01T10:00:00").atZone(PARIS).toInstant();
		this.clock.travelTo(tuesday);
		second.bean(TestClock.class).travelTo(tuesday);
		String tier = "T" + unique();
		List<String> phones = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			String phone = "+3361" + digits(7);
			member(i % 2 == 0, "Membre", tier, phone);
			phones.add(phone);
		}
		HttpResponse<String> created = post("/api/v1/campaigns", OPERATOR_KEY, "application/json", """
				{"name": "Deux instances", "venue": "zoo-lyon", "segment": {"tiers": ["%s"]},
				 "template": "Bonjour {{firstName}}, code {{voucherCode}}"}""".formatted(tier));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		long campaign = readJson(created.body()).path("id").asLong();
		HttpResponse<String> launched = second.post("/api/v1/campaigns/" + campaign + "/launch", OPERATOR_KEY,
				"application/json", "");
		assertThat(launched.statusCode()).as(launched.body()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from outbox_message where campaign_id = ? and status = 'SENT'", Integer.class,
					campaign) == phones.size());
		assertThat(this.jdbc.queryForObject("select count(*) from outbox_message where campaign_id = ?", Integer.class,
				campaign))
			.isEqualTo(phones.size());
		for (String phone : phones) {
			assertThat(TestTwilioServer.sentTo(phone)).as("requests to " + phone).hasSize(1);
		}
	}

	/** Enrols a loyalty member with SMS consent through either instance. */
	private void member(boolean throughSecond, String firstName, String tier, String phone) {
		String u = unique();
		String card = "LC" + digits(10);
		String body = """
				{"txn_id": "EN-%s", "card_number": "%s", "type": "ENROLL", "points": 0, "balance": 0, "tier": "%s",
				 "occurred_at": "2026-01-05T10:00:00+01:00", "member": {"first_name": "%s", "last_name": "Two%s",
				 "phone": "%s", "email": "two.%s@example.fr", "optin_sms": true}}""".formatted(u, card, tier, firstName,
				familyName(u), phone, u);
		HttpResponse<String> response = throughSecond
				? second.post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json", body)
				: post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from loyalty_card where card_number = ?",
					Integer.class, card) == 1);
	}

	private void assertRunningOnBoth(String... routes) {
		CamelContext other = second.bean(CamelContext.class);
		for (String route : routes) {
			assertThat(this.camel.getRouteController().getRouteStatus(route)).as(route + " on the first instance")
				.isEqualTo(ServiceStatus.Started);
			assertThat(other.getRouteController().getRouteStatus(route)).as(route + " on the second instance")
				.isEqualTo(ServiceStatus.Started);
		}
	}

	private static double applied(MeterRegistry meters) {
		return meters.counter("hub.unify.events").count();
	}

	/**
	 * A family name of its own per person: these tests are about instances, not about who
	 * is who.
	 */
	private static String familyName(String seed) {
		Random letters = new Random(seed.hashCode());
		StringBuilder name = new StringBuilder().append((char) ('A' + letters.nextInt(26)));
		for (int i = 0; i < 8; i++) {
			name.append((char) ('a' + letters.nextInt(26)));
		}
		return name.toString();
	}

	private static String digits(int n) {
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < n; i++) {
			digits.append(ThreadLocalRandom.current().nextInt(10));
		}
		return digits.toString();
	}

	private static String header(MimeMessage message, String name) {
		try {
			String[] values = message.getHeader(name);
			return values == null ? "" : values[0];
		}
		catch (MessagingException ex) {
			throw new AssertionError(ex);
		}
	}

}

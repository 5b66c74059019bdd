package com.venuehub.benchmark;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's list and search pages over a store of 100,000 customers: customers with
 * identifiers, tickets and consents, quarantined records, possible duplicates, campaign
 * messages in the outbox, kiosk answers and a day of applied events, all written with
 * set-based SQL. Each role logs in with the login form (a real session and its CSRF
 * token); each page is asked a few times to warm up, then timed over 20 requests, and the
 * run prints p50 and p95 per page, and the statements each page spent most on in
 * PostgreSQL (explained for a page slower than 300 ms). Asserts only that each page
 * answers 200. Run with {@code ./mvnw -Pbenchmark verify -Dtest=ConsolePageBenchmark}.
 */
@Tag("benchmark")
@TestPropertySource(properties = "hub.db.embedded.settings.shared_preload_libraries=pg_stat_statements")
class ConsolePageBenchmark extends HubTestSupport {

	private static final int CUSTOMERS = Integer.getInteger("benchmark.customers", 100_000);

	private static final int WARM_UP = 3;

	private static final int TIMED = 20;

	/** A page slower than this at its median has its slowest statements explained. */
	private static final double SLOW_MS = 300;

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	@Test
	void consolePages() throws Exception {
		String run = unique();
		long seeding = System.nanoTime();
		long[] ids = seed(run);
		System.out.printf("seeded %,d customers in %,d ms%n", CUSTOMERS, (System.nanoTime() - seeding) / 1_000_000);
		this.jdbc.execute("analyze");
		long customer = ids[0] + CUSTOMERS / 2;

		Map<String, String[]> pages = new LinkedHashMap<>();
		pages.put("sources", new String[] { "it", "/console/sources" });
		pages.put("quarantine", new String[] { "it", "/console/quarantine" });
		pages.put("quarantine, reason filter", new String[] { "it", "/console/quarantine?reason=bench" });
		pages.put("data quality", new String[] { "it", "/console/data-quality" });
		pages.put("dead letters", new String[] { "it", "/console/dead-letters" });
		pages.put("customers, list", new String[] { "it", "/console/customers" });
		pages.put("customer search, email", new String[] { "it",
				"/console/customers?q=" + encode("b" + run + "." + (CUSTOMERS / 2) + "@example.org") });
		pages.put("customer search, ticket",
				new String[] { "it", "/console/customers?q=" + encode("BT" + run + "-" + (CUSTOMERS / 2)) });
		pages.put("customer page", new String[] { "it", "/console/customers/" + customer });
		pages.put("duplicates", new String[] { "it", "/console/duplicates" });
		pages.put("duplicate pair", new String[] { "it", "/console/duplicates/" + ids[2] });
		pages.put("campaigns", new String[] { "marketing", "/console/campaigns" });
		pages.put("campaign", new String[] { "marketing", "/console/campaigns/" + ids[1] });
		pages.put("campaign results", new String[] { "marketing", "/console/campaigns/" + ids[1] + "/results" });
		pages.put("satisfaction (NPS)", new String[] { "marketing", "/console/nps?venue=bench-" + run });
		pages.put("privacy history", new String[] { "dpo", "/console/privacy" });
		pages.put("privacy, customer", new String[] { "dpo", "/console/privacy/customers/" + customer });
		pages.put("reseller", new String[] { "reseller", "/console/reseller" });

		Map<String, HttpClient> sessions = new LinkedHashMap<>();
		StringBuilder statements = new StringBuilder(String.format("%nstatements in PostgreSQL (mean ms per call)%n"));
		StringBuilder table = new StringBuilder(
				String.format("%n%-28s %-10s %8s %8s %8s%n", "page", "as", "p50 ms", "p95 ms", "max ms"));
		for (Map.Entry<String, String[]> page : pages.entrySet()) {
			String user = page.getValue()[0];
			String path = page.getValue()[1];
			HttpClient session = sessions.computeIfAbsent(user, this::login);
			for (int i = 0; i < WARM_UP; i++) {
				fetch(session, path);
			}
			resetStatements();
			double[] millis = new double[TIMED];
			for (int i = 0; i < TIMED; i++) {
				long start = System.nanoTime();
				fetch(session, path);
				millis[i] = (System.nanoTime() - start) / 1e6;
			}
			Arrays.sort(millis);
			if (millis[TIMED / 2 - 1] > SLOW_MS) {
				explainSlowest(page.getKey(), path);
			}
			else {
				statements.append(costliest(page.getKey()));
			}
			table.append(String.format("%-28s %-10s %8.1f %8.1f %8.1f%n", page.getKey(), user, millis[TIMED / 2 - 1],
					millis[(int) Math.ceil(TIMED * 0.95) - 1], millis[TIMED - 1]));
		}
		System.out.println(statements);
		System.out.println(table);
	}

	/**
	 * Writes the store: answers the first customer's id, the campaign's id and a
	 * duplicate pair's id.
	 */
	private long[] seed(String run) {
		int n = CUSTOMERS;
		long first = this.jdbc.queryForObject("""
				with c as (
				  insert into customer (first_name, first_name_source, last_name, last_name_source, postcode,
				                        postcode_source, birth_date, birth_date_source, locale, locale_source)
				  select 'Prénom' || g, 'box-office', 'Bench%1$s', 'box-office', lpad((g %% 95000)::text, 5, '0'),
				         'box-office', date '1950-01-01' + (g %% 20000), 'box-office', 'fr', 'box-office'
				  from generate_series(1, %2$d) g
				  returning id)
				select min(id) from c""".formatted(run, n), Long.class);
		// the customers' ids are consecutive: first + g - 1
		this.jdbc.update("""
				insert into customer_identifier (customer_id, kind, value, source, first_seen_at)
				select %1$d + g - 1, 'EMAIL', 'b%2$s.' || g || '@example.org', 'box-office', now() - interval '30 days'
				from generate_series(1, %3$d) g
				union all
				select %1$d + g - 1, 'PHONE', '+3375' || lpad(g::text, 7, '0'), 'online', now() - interval '30 days'
				from generate_series(1, %3$d) g where g %% 2 = 0
				union all
				select %1$d + g - 1, 'CARD', 'LCB%2$s' || g, 'loyalty', now() - interval '30 days'
				from generate_series(1, %3$d) g where g %% 3 = 0""".formatted(first, run, n));
		this.jdbc.update("""
				insert into ticket (ticket_number, customer_id, source, sale_ref, venue, product_code, product_name,
				                    valid_from, valid_until, price, status, sold_at)
				select 'BT%2$s-' || g, %1$d + (g %% %3$d), 'box-office', 'BS%2$s-' || g, 'bench-%2$s', 'ADULT',
				       'Entrée adulte', date '2026-01-01', date '2027-01-01', 24.50, 'VALID',
				       now() - (g %% 300) * interval '1 day'
				from generate_series(0, %3$d * 2 - 1) g""".formatted(first, run, n));
		this.jdbc.update("""
				insert into consent_statement (customer_id, channel, purpose, granted, source, source_record, stated_at)
				select %1$d + g - 1, channel, 'MARKETING', g %% 7 <> 0, 'box-office', 'BS%2$s-' || g,
				       now() - interval '20 days'
				from generate_series(1, %3$d) g cross join unnest(array['EMAIL', 'SMS']) channel""".formatted(first,
				run, n));
		this.jdbc.update("""
				insert into quarantine (source, mapping, origin, line_number, format, raw_payload, reason, received_at)
				select (array['box-office', 'online', 'turnstile', 'loyalty', 'kiosk'])[1 + g %% 5], 'bench', 'bench',
				       g, 'csv', 'S%1$s-' || g || ';31/02/2026 10:15;bench', 'sold_at is not a date (bench)',
				       now() - (g %% 720) * interval '1 hour'
				from generate_series(1, %2$d / 20) g""".formatted(run, n));
		this.jdbc.update("""
				insert into duplicate_pair (customer_a, customer_b, score, fields, created_at)
				select %1$d + g - 1, %1$d + g, 4 + (g %% 100) / 10.0, '{}'::jsonb, now() - (g %% 60) * interval '1 hour'
				from generate_series(1, %2$d - 1, 20) g""".formatted(first, n));
		long pair = this.jdbc.queryForObject("select max(id) from duplicate_pair where customer_a >= ?", Long.class,
				first);
		long campaign = this.jdbc.queryForObject("""
				insert into campaign (name, venue, segment, template, state, send_at, launched_at)
				values ('Bench %s', 'bench', '{}'::jsonb, 'Bonjour {{firstName}}', 'RUNNING', now() - interval '1 day',
				        now() - interval '1 day') returning id""".formatted(run), Long.class);
		this.jdbc
			.update("""
					insert into campaign (name, venue, segment, template, state)
					select 'Bench %s ' || g, 'bench', '{}'::jsonb, 'Bonjour', (array['DRAFT', 'DONE', 'CANCELLED'])[1 + g %% 3]
					from generate_series(1, 200) g"""
				.formatted(run));
		this.jdbc.update("""
				insert into outbox_message (dedup_key, channel, kind, customer_id, recipient, venue, status, due_at,
				                            next_attempt_at, attempts, campaign_id, delivery_status, sent_at, body_text)
				select 'bench-%2$s-' || g, 'SMS', 'CAMPAIGN', %1$d + g - 1, '+3375' || lpad(g::text, 7, '0'), 'bench',
				       (array['SENT', 'SENT', 'SENT', 'FAILED', 'SUPPRESSED'])[1 + g %% 5], now() - interval '1 day',
				       now() - interval '1 day', 1, %3$d, case when g %% 5 < 3 then 'delivered' end,
				       case when g %% 5 < 3 then now() - interval '1 day' end, 'Bonjour'
				from generate_series(1, %4$d) g""".formatted(first, run, campaign, n));
		this.jdbc.update("""
				insert into feedback_response (response_id, event_id, venue, kiosk_id, score, answered_at, customer_id)
				select 'FB%1$s-' || g, 'FB%1$s-' || g, 'bench-%1$s', 'k' || (g %% 4), g %% 11,
				       now() - (g %% 84) * interval '1 day', %2$d + (g %% %3$d)
				from generate_series(1, %3$d / 2) g""".formatted(run, first, n));
		this.jdbc.update("""
				insert into processed_event (event_id, source, kind, customer_id, occurred_at, processed_at)
				select 'PE%1$s-' || g, (array['box-office', 'online', 'turnstile', 'loyalty', 'kiosk'])[1 + g %% 5],
				       'bench', %2$d + (g %% %3$d), now() - (g %% 1440) * interval '1 minute',
				       now() - (g %% 1440) * interval '1 minute'
				from generate_series(1, %3$d) g""".formatted(run, first, n));
		this.jdbc.update("""
				insert into operator_action (action, actor, customer_id, subject, reason, at)
				select (array['EXPORT', 'ERASURE'])[1 + g %% 2], 'user:dpo', %1$d + g, 'case-' || g, 'bench',
				       now() - g * interval '1 minute'
				from generate_series(1, 2000) g""".formatted(first));
		long reseller = ticketplus();
		this.jdbc.update("""
				insert into reseller_allocation (reseller_id, product_code, event_date, quantity, sold)
				select %1$d, 'BP%2$s-' || g, current_date + g, 1000, 900 + g %% 100
				from generate_series(1, 300) g""".formatted(reseller, run));
		this.jdbc.update("""
				insert into reseller_alert (dedup_key, reseller_id, allocation_id, kind, threshold, quantity, remaining)
				select 'bench-' || a.id, a.reseller_id, a.id, 'LOW', '10%%', a.quantity, a.quantity - a.sold
				from reseller_allocation a where a.product_code like 'BP%1$s-%%'""".formatted(run));
		return new long[] { first, campaign, pair };
	}

	/** The demo reseller the {@code reseller} login is bound to. */
	private long ticketplus() {
		java.util.List<Long> existing = this.jdbc.queryForList("select id from reseller where code = 'ticketplus'",
				Long.class);
		if (!existing.isEmpty()) {
			return existing.get(0);
		}
		HttpResponse<String> created = post("/api/v1/resellers", OPERATOR_KEY, "application/json",
				"{\"code\": \"ticketplus\", \"name\": \"TicketPlus\", \"email\": \"stock@ticketplus.example\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return readJson(created.body()).path("id").asLong();
	}

	private void resetStatements() {
		try {
			this.jdbc.execute("create extension if not exists pg_stat_statements");
			this.jdbc.execute("select pg_stat_statements_reset()");
		}
		catch (RuntimeException ex) {
			// pg_stat_statements not loaded: no statement breakdown
		}
	}

	/** The statements a page spent most on in PostgreSQL, one line each. */
	private String costliest(String page) {
		StringBuilder lines = new StringBuilder();
		try {
			this.jdbc.query("""
					select round(mean_exec_time::numeric, 2), calls, query from pg_stat_statements
					where query not like '%pg_stat_statements%' order by total_exec_time desc limit 3""", rs -> {
				String query = rs.getString(3).replaceAll("\\s+", " ");
				lines.append(String.format("  %-28s %8s ms %4d calls  %s%n", page, rs.getString(1), rs.getLong(2),
						query.substring(0, Math.min(query.length(), 150))));
			});
		}
		catch (RuntimeException ex) {
			lines.append(String.format("  %-28s (no statement breakdown: %s)%n", page, ex.getMessage()));
		}
		return lines.toString();
	}

	/**
	 * Prints the statements a slow page spent most on, each with its plan run with the
	 * page's id (the last number of its path) for every parameter.
	 */
	private void explainSlowest(String page, String path) {
		Matcher id = Pattern.compile("(\\d+)(?:/results)?$").matcher(path);
		String parameter = id.find() ? id.group(1) : "0";
		try {
			this.jdbc.query("""
					select round(mean_exec_time::numeric, 1), calls, query from pg_stat_statements
					where query not like '%%pg_stat_statements%%' order by total_exec_time desc limit 3""".formatted(),
					rs -> {
						String query = rs.getString(3);
						System.out.printf("%n%s: %s ms per call, %d calls: %s%n", page, rs.getString(1), rs.getLong(2),
								query.replaceAll("\\s+", " "));
						if (query.contains("$1") && !query.contains("$2")) {
							StringBuilder plan = new StringBuilder();
							this.jdbc.query("explain (analyze, buffers) " + query.replace("$1", parameter),
									(java.sql.ResultSet row) -> {
										plan.append("    ").append(row.getString(1)).append('\n');
									});
							System.out.print(plan);
						}
					});
		}
		catch (RuntimeException ex) {
			System.out.printf("  (no statement breakdown: %s)%n", ex.getMessage());
		}
	}

	private HttpClient login(String user) {
		HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		try {
			String form = client
				.send(HttpRequest.newBuilder(uri("/console/login")).GET().build(), HttpResponse.BodyHandlers.ofString())
				.body();
			Matcher csrf = CSRF.matcher(form);
			assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
			String body = "username=" + encode(user) + "&password=" + encode("dev-" + user) + "&_csrf="
					+ encode(csrf.group(1));
			HttpResponse<String> home = client.send(HttpRequest.newBuilder(uri("/console/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(home.statusCode()).isEqualTo(200);
			assertThat(home.body()).as(user + " logged in").contains("<title>Home · venue-hub</title>", "Log out");
			return client;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void fetch(HttpClient session, String path) throws Exception {
		HttpResponse<String> page = session.send(HttpRequest.newBuilder(uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).as(path).isEqualTo(200);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}

package com.venuehub.reseller;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.venuehub.HubTestSupport;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.Kind;
import com.venuehub.ingest.CanonicalEvent.Order;
import com.venuehub.ingest.CanonicalEvent.OrderStatus;
import com.venuehub.ingest.CanonicalEvent.TicketLine;
import com.venuehub.ingest.IngestReport;
import com.venuehub.ingest.Intake;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reseller stock throughput: 1,000 resellers with 20 allocations each, 200,000
 * single-ticket sales spread over them at random. Measures the stock step of unify (sales
 * recorded, stock decremented and alerts decided, in unify-sized transactions on 4
 * threads, as the unify consumers run it), then a sample sent end to end through the
 * reseller connector route, broker and unify. Run with
 * {@code ./mvnw -Pbenchmark verify -Dtest=ResellerBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class ResellerBenchmark extends HubTestSupport {

	private static final int RESELLERS = 1_000;

	private static final int ALLOCATIONS = 20;

	private static final int BATCH = 200;

	private static final int THREADS = 4;

	@Autowired
	StockLedger ledger;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	ProducerTemplate producer;

	@Autowired
	CamelContext camel;

	@Test
	void stockThroughput() throws Exception {
		int sales = Integer.getInteger("benchmark.sales", 200_000);
		int endToEndSales = Integer.getInteger("benchmark.endToEndSales", 10_000);
		String run = unique();
		// the benchmark measures deciding alerts, not sending them
		this.camel.getRouteController().stopRoute("dispatch-email");
		this.camel.getRouteController().stopRoute("dispatch-reseller-webhooks");
		try {
			setUp(run, sales);
			long alertsBefore = count("reseller_alert");

			Random random = new Random(11);
			OffsetDateTime at = OffsetDateTime.parse("2026-05-01T10:00:00+02:00");
			List<List<CanonicalEvent>> batches = new ArrayList<>();
			List<CanonicalEvent> batch = new ArrayList<>();
			for (int i = 0; i < sales; i++) {
				int reseller = random.nextInt(RESELLERS);
				int product = random.nextInt(ALLOCATIONS);
				String ticket = "BT" + run + "-" + i;
				batch.add(new CanonicalEvent("reseller:purchase:" + ticket + ":paid", "reseller", Kind.PURCHASE, at,
						"zoo-lyon", null, new Order("S" + ticket, OrderStatus.PAID, code(run, reseller)),
						List.of(new TicketLine(ticket, "P" + product, null, null, null, null)), null, null, null));
				if (batch.size() == BATCH) {
					batches.add(batch);
					batch = new ArrayList<>();
				}
			}
			if (!batch.isEmpty()) {
				batches.add(batch);
			}
			ExecutorService threads = Executors.newFixedThreadPool(THREADS);
			long start = System.nanoTime();
			List<Future<?>> running = new ArrayList<>();
			for (List<CanonicalEvent> events : batches) {
				running.add(threads.submit(() -> this.transaction
					.executeWithoutResult(status -> events.forEach(this.ledger::purchaseApplied))));
			}
			for (Future<?> f : running) {
				f.get();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			threads.shutdown();
			assertThat(sold(run)).isEqualTo(sales);
			long alerts = count("reseller_alert") - alertsBefore;

			// a sample end to end: CSV reports through the connector route, the broker
			// and unify
			long processedBefore = count("reseller_sale");
			StringBuilder report = new StringBuilder();
			int rows = 0;
			long e2eStart = System.nanoTime();
			for (int i = 0; i < endToEndSales; i++) {
				if (rows == 0) {
					report
						.append("reseller_id;sale_id;sold_at;venue;product_code;event_date;ticket_number;status;price");
				}
				String ticket = "BE" + run + "-" + i;
				report.append('\n')
					.append(code(run, random.nextInt(RESELLERS)))
					.append(";S")
					.append(ticket)
					.append(";2026-05-01T10:00:00+02:00;zoo-lyon;P")
					.append(random.nextInt(ALLOCATIONS))
					.append(";;")
					.append(ticket)
					.append(";sold;20,00");
				if (++rows == 500 || i == endToEndSales - 1) {
					IngestReport answer = this.producer.requestBodyAndHeaders("direct:ingest-reseller",
							report.toString(), Map.of(Intake.ORIGIN, "benchmark"), IngestReport.class);
					assertThat(answer.quarantined()).isZero();
					report.setLength(0);
					rows = 0;
				}
			}
			await().atMost(Duration.ofMinutes(10))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> count("reseller_sale") - processedBefore >= endToEndSales);
			double e2eSeconds = (System.nanoTime() - e2eStart) / 1e9;

			System.out.printf("%n=== venue-hub reseller stock benchmark ===%n");
			System.out.printf("resellers x allocations : %,d x %d%n", RESELLERS, ALLOCATIONS);
			System.out.printf(
					"sales applied           : %,d in %.1f s: %,.0f sales/s (transactions of %d, %d threads)%n", sales,
					seconds, sales / seconds, BATCH, THREADS);
			System.out.printf("alerts produced         : %,d (%,d emails and %,d webhooks in the outbox)%n", alerts,
					this.jdbc.queryForObject("select count(*) from outbox_message where dedup_key like ?", Long.class,
							"stock-alert%"),
					count("reseller_webhook"));
			System.out.printf("oversold allocations    : %,d%n", this.jdbc.queryForObject("""
					select count(*) from reseller_allocation a join reseller r on r.id = a.reseller_id
					where r.code like ? and a.sold > a.quantity""", Long.class, "BR" + run + "-%"));
			System.out.printf("end to end sample       : %,d sales in %.1f s: %,.0f sales/s (route, broker, unify)%n",
					endToEndSales, e2eSeconds, endToEndSales / e2eSeconds);
			assertThat(sold(run)).isEqualTo(sales + endToEndSales);
		}
		finally {
			this.camel.getRouteController().startRoute("dispatch-email");
			this.camel.getRouteController().startRoute("dispatch-reseller-webhooks");
		}
	}

	private void setUp(String run, int sales) {
		// quantities around the average demand, so thresholds are crossed and some
		// allocations oversell
		int average = sales / (RESELLERS * ALLOCATIONS);
		this.jdbc.update("""
				insert into reseller (code, name, email, webhook_url, webhook_secret, key_hash)
				select 'BR' || ? || '-' || g, 'Reseller ' || g, 'alerts' || g || '@reseller.example',
				       case when g % 10 = 0 then 'http://127.0.0.1:9/hook' end,
				       case when g % 10 = 0 then 'benchmark-secret-0123456789' end, md5(? || g)
				from generate_series(0, ? - 1) g""", run, run, RESELLERS);
		this.jdbc.update("""
				insert into reseller_allocation (reseller_id, product_code, quantity)
				select r.id, 'P' || p, ? + (r.id + p) % ? from reseller r, generate_series(0, ? - 1) p
				where r.code like ?""", Math.max(1, average - 1), Math.max(1, average / 2) + 1, ALLOCATIONS,
				"BR" + run + "-%");
		this.jdbc.update(
				"""
						insert into reseller_threshold (allocation_id, label, percent, absolute)
						select a.id, t.label, t.percent, t.absolute from reseller_allocation a join reseller r on r.id = a.reseller_id,
						     (values ('50%', 50.0, null::int), ('20%', 20.0, null), ('10%', 10.0, null), ('sold out', null, 0))
						         as t(label, percent, absolute)
						where r.code like ?""",
				"BR" + run + "-%");
	}

	private long sold(String run) {
		return this.jdbc.queryForObject("""
				select coalesce(sum(a.sold), 0) from reseller_allocation a join reseller r on r.id = a.reseller_id
				where r.code like ?""", Long.class, "BR" + run + "-%");
	}

	private static String code(String run, int reseller) {
		return "BR" + run + "-" + reseller;
	}

	private long count(String table) {
		return this.jdbc.queryForObject("select count(*) from " + table, Long.class);
	}

}

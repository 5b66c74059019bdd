package com.venuehub.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.venuehub.HubTestSupport;
import com.venuehub.customer.MatchKeyRefresh;
import com.venuehub.customer.UnifyConsumers;
import com.venuehub.customer.population.GeneratedRecord;
import com.venuehub.customer.population.HubPopulationRun;
import com.venuehub.customer.population.PairwiseFigures;
import com.venuehub.customer.population.Population;
import com.venuehub.customer.population.PopulationGenerator;
import com.venuehub.customer.population.PopulationShape;
import com.venuehub.ingest.IngestReport;
import com.venuehub.ingest.Intake;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end ingest throughput: N synthetic records over the five sources (box office,
 * online, turnstiles, loyalty, kiosks) with overlapping identities, pushed through the
 * real connector routes, broker and unify, compared with a plain COPY of as many rows
 * into PostgreSQL on the same machine. Schedulers run at their default pace, not the
 * tests' fast one. Run with {@code ./mvnw -Pbenchmark verify -Dbenchmark.events=200000}.
 */
@Tag("benchmark")
@TestPropertySource(properties = {
		// the schedulers at the default run's pace
		"hub.email.reminders.period-ms=60000", "hub.email.dispatch.period-ms=1000", "hub.email.confirmation-delay=10s",
		"hub.sms.dispatch.period-ms=1000", "hub.sms.dispatch.scheduler-period-ms=10000",
		"hub.resellers.digest.period-ms=60000", "hub.resellers.webhook.period-ms=1000", "hub.metrics.refresh-ms=10000",
		// the default run's sandbox: confirmations are rendered and kept, not sent to an
		// SMTP server sharing the hub's two cores (a relay is another machine)
		"hub.email.transport=sandbox",
		// the statement breakdown printed at the end
		"hub.db.embedded.settings.shared_preload_libraries=pg_stat_statements",
		// the latency mode reads when each event's transaction committed
		"hub.db.embedded.settings.track_commit_timestamp=on" })
class IngestBenchmark extends HubTestSupport {

	private static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	private static final int BATCH = 500;

	/** The second thread sending the stream, beside the test's own. */
	private static final String SENDER = "benchmark-sender";

	@Autowired
	ProducerTemplate producer;

	@Autowired
	DataSource dataSource;

	@Autowired
	MeterRegistry meters;

	@Autowired
	UnifyConsumers unifyConsumers;

	@Autowired
	MatchKeyRefresh matchKeyRefresh;

	@Autowired
	java.time.Clock clock;

	@Autowired
	EmbeddedActiveMQ broker;

	/** The person of each record of the last stream made. */
	private int[] lastPeople;

	/**
	 * Where box-office files are dropped, for the venue population sent after the run.
	 */
	@Value("${hub.ingest.inbox}")
	String inbox;

	/** The size of the last stream made, as the benchmark holds it until it is sent. */
	private long lastStreamBytes;

	@Test
	void ingestThroughput() throws Exception {
		int events = Integer.getInteger("benchmark.events", 200_000);
		warmUp();
		AtomicLong accepted = new AtomicLong();
		String run = unique();
		List<Runnable> batches = stream(events, run, 0, accepted);
		int[] people = this.lastPeople;
		long streamBytes = this.lastStreamBytes;
		long processedBefore = processed();
		long messagesBefore = eventMessages();
		double unifiedBefore = this.meters.counter("hub.unify.events").count();
		double[] contentionBefore = contention();
		AtomicBoolean done = new AtomicBoolean();
		AtomicLong peakHeap = new AtomicLong();
		AtomicLong peakLive = new AtomicLong();
		AtomicLong peakBrokerMemory = new AtomicLong();
		AtomicLong peakPages = new AtomicLong();
		NativeThreadTicks nativeThreads = new NativeThreadTicks();
		Thread heapWatch = new Thread(() -> {
			while (!done.get()) {
				nativeThreads.sample();
				peakHeap.accumulateAndGet(usedHeap(), Math::max);
				peakLive.accumulateAndGet(liveHeapAfterCollection(), Math::max);
				peakBrokerMemory.accumulateAndGet(brokerMemory(), Math::max);
				peakPages.accumulateAndGet(eventPages(), Math::max);
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		heapWatch.start();
		Map<String, Integer> waits = new java.util.concurrent.ConcurrentHashMap<>();
		Thread waitWatch = new Thread(() -> sampleWaits(done, waits));
		waitWatch.start();
		// the machine's speed drifts within a run: the baseline is taken before the run
		// and after it, and the run compared with their mean
		double copyBefore = copyBaseline(events);
		resetStatements();
		Map<String, long[]> writesBefore = tableWrites();
		// phases: unify stopped while the records come in, then started on the full
		// queue, so
		// that intake and unify are each measured alone
		boolean phases = Boolean.getBoolean("benchmark.phases");
		if (phases) {
			this.unifyConsumers.stop();
		}
		long[] emailsBefore = emails();
		long jvmCpuBefore = jvmCpuNanos();
		long postgresCpuBefore = postgresCpuTicks();
		Map<String, Long> jvmThreadsBefore = nativeThreads.sample();
		Map<Long, Long> javaThreadsBefore = javaThreadCpu();
		long start = System.nanoTime();
		// two clients send batches side by side, as two source systems would; each runs
		// the ingest route on its own thread and counts that thread's CPU (the second
		// thread ends before the run is counted by thread)
		java.util.concurrent.atomic.LongAdder intakeNanos = new java.util.concurrent.atomic.LongAdder();
		Thread second = new Thread(() -> sendEvery(batches, 1, intakeNanos), SENDER);
		second.start();
		sendEvery(batches, 0, intakeNanos);
		second.join();
		long acceptedAt = System.nanoTime();
		long intakeJvmCpu = jvmCpuNanos() - jvmCpuBefore;
		long intakePostgresCpu = postgresCpuTicks() - postgresCpuBefore;
		if (phases) {
			this.unifyConsumers.start();
		}
		// unify's own counter of events taken off the queue (after their commit), so that
		// watching the run costs PostgreSQL nothing; the database count is checked at the
		// end
		while (this.meters.counter("hub.unify.events").count() - unifiedBefore < accepted.get()) {
			Thread.sleep(100);
		}
		long unifiedAt = System.nanoTime();
		Cpu unified = cpuSince(jvmCpuBefore, postgresCpuBefore, jvmThreadsBefore, nativeThreads);
		double jvmCpu = unified.jvm();
		double postgresCpu = unified.postgres();
		long[] emailsAfter = unified.emails();
		double compiling = unified.compiling();
		double collecting = unified.collecting();
		Map<String, Double> byWork = cpuByWork(javaThreadsBefore, intakeNanos.sum());
		// the run's whole cost: the confirmations its records wrote are sent too (the
		// dispatcher may still be sending when the last customer row is written)
		awaitEmailsSent();
		long sentAt = System.nanoTime();
		Cpu all = cpuSince(jvmCpuBefore, postgresCpuBefore, jvmThreadsBefore, nativeThreads);
		done.set(true);
		heapWatch.join();
		waitWatch.join();

		double seconds = (unifiedAt - start) / 1e9;
		double endToEnd = accepted.get() / seconds;
		double copyAfter = copyBaseline(events);
		double copyRate = (copyBefore + copyAfter) / 2;
		System.out.printf("%n=== venue-hub ingest benchmark ===%n");
		System.out.printf("JVM options            : %s%n", jvmOptions());
		System.out.printf("records sent           : %,d (%d batches of up to %d)%n", events, batches.size(), BATCH);
		System.out.printf("events accepted        : %,d%n", accepted.get());
		System.out.printf("intake (accepted)      : %.1f s, %,.0f events/s%n", (acceptedAt - start) / 1e9,
				accepted.get() / ((acceptedAt - start) / 1e9));
		System.out.printf("end to end (unified)   : %.1f s, %,.0f events/s%n", seconds, endToEnd);
		System.out.printf("batches side by side   : %s%n", contentionSince(contentionBefore));
		if (phases) {
			double intakeSeconds = (acceptedAt - start) / 1e9;
			double unifySeconds = (unifiedAt - acceptedAt) / 1e9;
			double unifyJvm = jvmCpu - intakeJvmCpu / 1e9;
			double unifyPostgres = postgresCpu - intakePostgresCpu / 100.0;
			System.out.printf(
					"intake alone           : %,.0f events/s, CPU hub JVM %.1f s, PostgreSQL %.1f s, %.3f ms "
							+ "per event%n",
					accepted.get() / intakeSeconds, intakeJvmCpu / 1e9, intakePostgresCpu / 100.0,
					(intakeJvmCpu / 1e9 + intakePostgresCpu / 100.0) * 1000 / accepted.get());
			System.out.printf(
					"unify alone, full queue: %,.0f events/s, CPU hub JVM %.1f s, PostgreSQL %.1f s, %.3f ms "
							+ "per event%n",
					accepted.get() / unifySeconds, unifyJvm, unifyPostgres,
					(unifyJvm + unifyPostgres) * 1000 / accepted.get());
		}
		System.out.printf(
				"heap                   : peak used %,d MiB (sampled every 100 ms), peak live after a "
						+ "collection %,d MiB, max %,d MiB%n",
				peakHeap.get() >> 20, peakLive.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
		System.out.printf("  outside it, the benchmark's %,d MiB of generated records (UTF-8) waiting to be sent%n",
				streamBytes >> 20);
		System.out.printf(
				"  the broker's messages : peak %,d MiB in the heap, at most %,d page files of the events queue "
						+ "on disk (%,d MiB each at most)%n",
				peakBrokerMemory.get() >> 20, peakPages.get(),
				this.broker.getActiveMQServer()
					.getPagingManager()
					.getPageStore(SimpleString.of("hub.events"))
					.getPageSizeBytes() >> 20);
		// the dispatcher shares the cores: the more it sends within the run, the more of
		// its CPU the run counts
		System.out.printf("emails within the run  : %,d written, %,d sent%n", emailsAfter[0] - emailsBefore[0],
				emailsAfter[1] - emailsBefore[1]);
		System.out.printf("broker messages        : %,d for %,d events%n", eventMessages() - messagesBefore,
				accepted.get());
		System.out.printf("plain COPY baseline    : %,.0f rows/s (%,.0f before the run, %,.0f after it)%n", copyRate,
				copyBefore, copyAfter);
		System.out.printf("end to end / COPY      : %.3f (%.3f – %.3f)%n", endToEnd / copyRate,
				endToEnd / Math.max(copyBefore, copyAfter), endToEnd / Math.min(copyBefore, copyAfter));
		// CPU used rather than time taken: comparable while other work shares the cores
		System.out.printf("CPU during the run     : hub JVM %.1f s, PostgreSQL %.1f s, %.2f ms per event%n", jvmCpu,
				postgresCpu, (jvmCpu + postgresCpu) * 1000 / accepted.get());
		// the JIT compiler's threads and the collector's pauses are part of the hub JVM's
		// CPU; the compiler's share falls as a long-running hub settles
		System.out.printf("  of the hub JVM's      : JIT compiler threads %.1f s, garbage collector threads %.1f s%n",
				compiling, collecting);
		// the compiler's work ends once the hub has run long enough: a running hub's cost
		System.out.printf("CPU without the JIT     : %.2f ms per event%n",
				(jvmCpu - compiling + postgresCpu) * 1000 / accepted.get());
		System.out.printf(
				"with every email sent  : %.1f s (%,d emails), hub JVM %.1f s, PostgreSQL %.1f s, %.2f ms per "
						+ "event, %.2f without the JIT%n",
				(sentAt - start) / 1e9, all.emails()[1] - emailsBefore[1], all.jvm(), all.postgres(),
				(all.jvm() + all.postgres()) * 1000 / accepted.get(),
				(all.jvm() - all.compiling() + all.postgres()) * 1000 / accepted.get());
		System.out.printf("  hub JVM by work, ms per event: %s%n",
				byWork.entrySet()
					.stream()
					.map(e -> "%s %.3f".formatted(e.getKey(), e.getValue() * 1000 / accepted.get()))
					.collect(java.util.stream.Collectors.joining(", ")));
		System.out.printf("customers (live)       : %,d%n",
				this.jdbc.queryForObject("select count(*) from customer where merged_into is null", Long.class));
		System.out.printf("database sessions, sampled every 100 ms while the run lasted (state / wait):%n");
		waits.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(15)
			.forEach(e -> System.out.printf("  %8d  %s%n", e.getValue(), e.getKey()));
		printStatements();
		printTableWrites(writesBefore, accepted.get());
		printIdentity(run, people);
		printPopulationIdentity(Integer.getInteger("benchmark.population", 5_000));
		if (Boolean.getBoolean("benchmark.histogram")) {
			printLiveHeap();
		}
		if (Boolean.getBoolean("benchmark.refreshKeys")) {
			// the operator command after an upgrade, on the store the run left: unify
			// wrote every key as the current model reads the profiles, so none is written
			MatchKeyRefresh.Result refreshed = this.matchKeyRefresh.refreshAll();
			System.out.printf(
					"match keys refreshed   : %,d customers in %.1f s (%,.0f/s), %,d keys written, %,d removed%n",
					refreshed.customers(), refreshed.millis() / 1000.0,
					refreshed.customers() * 1000.0 / Math.max(1, refreshed.millis()), refreshed.keysAdded(),
					refreshed.keysRemoved());
			assertThat(refreshed.keysAdded() + refreshed.keysRemoved()).isZero();
		}
		assertThat(processed() - processedBefore).isGreaterThanOrEqualTo(accepted.get());
	}

	/**
	 * Latency mode: a steady offered load of online orders through the HTTP endpoint
	 * ({@code benchmark.rate} events/s, default 2,000, for {@code benchmark.seconds},
	 * default 60, in one request every 100 ms), and the time from the hub's answer (202)
	 * to the commit of the transaction that applied the order's event with its customer
	 * (PostgreSQL's commit timestamp of the row, read once the run is over, so that
	 * watching does not load the machine it measures). Run with
	 * {@code ./mvnw -Pbenchmark verify -Dtest=IngestBenchmark#latency}.
	 */
	@Test
	void latency() throws Exception {
		int rate = Integer.getInteger("benchmark.rate", 2_000);
		int seconds = Integer.getInteger("benchmark.seconds", 60);
		int perRequest = Math.max(1, rate / 10);
		String run = unique();
		Map<String, Long> acceptedAt = new java.util.concurrent.ConcurrentHashMap<>();
		warmUp();
		resetStatements();
		long start = System.nanoTime();
		// what autovacuum works on meanwhile, by ten seconds of the run: its workers
		// share the cores with unify
		AtomicBoolean offering = new AtomicBoolean(true);
		Map<Long, Map<String, Integer>> autovacuum = new java.util.concurrent.ConcurrentSkipListMap<>();
		Thread autovacuumWatch = new Thread(() -> sampleAutovacuum(offering, start, autovacuum));
		autovacuumWatch.start();
		int requests = seconds * 10;
		int sent = 0;
		for (int r = 0; r < requests; r++) {
			long due = start + r * 100_000_000L;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			StringBuilder body = new StringBuilder("[");
			List<String> ids = new ArrayList<>(perRequest);
			for (int i = 0; i < perRequest; i++, sent++) {
				String code = "L" + run + "-" + sent;
				ids.add("online:purchase:" + code + ":paid");
				body.append(i == 0 ? "" : ",")
					.append("""
							{"code":"%s","status":"p","email":"l%d.%s@example.org","locale":"fr",
							"datetime":"2026-03-15T09:00:00+01:00","positions":[{"positionid":1,"item":1,
							"price":"20.00","attendee_name":"Prénom%d Nom%d","secret":"T%s",
							"valid_from":"2026-03-15","valid_until":"2027-03-14"}]}""".formatted(code, sent, run, sent,
							sent, code));
			}
			HttpResponse<String> answer = post("/api/v1/ingest/online", "dev-online-key", "application/json",
					body.append(']').toString());
			long answered = currentMicros();
			if (answer.statusCode() != 202) {
				throw new AssertionError("online ingest answered " + answer.statusCode() + ": " + answer.body());
			}
			ids.forEach(id -> acceptedAt.put(id, answered));
		}
		double offeredSeconds = (System.nanoTime() - start) / 1e9;
		offering.set(false);
		autovacuumWatch.join();
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		String applied = """
				select count(*) from processed_event
				where source = 'online' and event_id like ? and customer_id is not null""";
		for (int waited = 0; waited < 1_200 && jdbc.queryForObject(applied, Integer.class,
				"online:purchase:L" + run + "-%") < acceptedAt.size(); waited++) {
			Thread.sleep(100);
		}
		List<Double> millis = new ArrayList<>();
		long first = acceptedAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
		Map<Long, List<Double>> byTenSeconds = new java.util.TreeMap<>();
		jdbc.query("""
				select event_id, extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000000
				from processed_event where source = 'online' and event_id like ? and customer_id is not null""", rs -> {
			Long at = acceptedAt.get(rs.getString(1));
			if (at != null) {
				double latency = Math.max(0, rs.getDouble(2) - at) / 1e3;
				millis.add(latency);
				byTenSeconds.computeIfAbsent((at - first) / 10_000_000, k -> new ArrayList<>()).add(latency);
			}
		}, "online:purchase:L" + run + "-%");
		java.util.Collections.sort(millis);
		System.out.printf("%n=== venue-hub latency benchmark ===%n");
		System.out.printf("JVM options            : %s%n", jvmOptions());
		System.out.printf("offered                : %,d events in %.1f s (%,.0f events/s, %d per request)%n",
				acceptedAt.size(), offeredSeconds, acceptedAt.size() / offeredSeconds, perRequest);
		System.out.printf("applied                : %,d%n", millis.size());
		System.out.printf("accept to commit       : p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
				percentile(millis, 0.50), percentile(millis, 0.90), percentile(millis, 0.99),
				millis.isEmpty() ? 0 : millis.get(millis.size() - 1));
		byTenSeconds.forEach((tens, latencies) -> {
			java.util.Collections.sort(latencies);
			System.out.printf("  accepted %3d-%3d s    : p50 %.0f ms, p99 %.0f ms%n", tens * 10, tens * 10 + 10,
					percentile(latencies, 0.50), percentile(latencies, 0.99));
		});
		System.out.printf("autovacuum at work, sampled every 250 ms (share of samples by table):%n");
		autovacuum
			.forEach((tens, tables) -> System.out.printf("  %3d-%3d s             : %s%n", tens * 10, tens * 10 + 10,
					tables.entrySet()
						.stream()
						.filter(e -> !e.getKey().isEmpty())
						.map(e -> "%s %.0f%%".formatted(e.getKey(), 100.0 * e.getValue() / tables.get("")))
						.collect(java.util.stream.Collectors.joining(", "))));
		printStatements();
		assertThat(millis).hasSize(acceptedAt.size());
	}

	private static long currentMicros() {
		java.time.Instant now = java.time.Instant.now();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
	}

	/**
	 * Sends a first stream of {@code benchmark.warmup} records (default 30,000, of other
	 * people than the measured stream) and waits until unify has applied them, so that
	 * the figures are a running hub's and not the JIT compiler's, which otherwise takes
	 * tens of seconds of CPU from the two cores while the first records pass.
	 */
	private void warmUp() throws InterruptedException {
		int warmup = Integer.getInteger("benchmark.warmup", 30_000);
		if (warmup <= 0) {
			return;
		}
		AtomicLong accepted = new AtomicLong();
		double unifiedBefore = this.meters.counter("hub.unify.events").count();
		long start = System.nanoTime();
		stream(warmup, unique(), 10_000_000, accepted).forEach(Runnable::run);
		while (this.meters.counter("hub.unify.events").count() - unifiedBefore < accepted.get()) {
			Thread.sleep(100);
		}
		// its confirmations sent too, so that the run counts only its own
		awaitEmailsSent();
		System.out.printf("warm-up                : %,d records applied and their emails sent in %.1f s%n",
				accepted.get(), (System.nanoTime() - start) / 1e9);
	}

	/**
	 * The hub JVM's own options (heap, collector, compiler), as it was started: a run's
	 * figures depend on them.
	 */
	private static String jvmOptions() {
		return ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter((option) -> option.startsWith("-X"))
			.collect(java.util.stream.Collectors.joining(" "));
	}

	/**
	 * CPU seconds since a first reading: the hub JVM's (with, apart, its JIT compiler's
	 * and collector's threads), PostgreSQL's; and the emails written and sent so far.
	 */
	private record Cpu(double jvm, double postgres, double compiling, double collecting, long[] emails) {
	}

	private Cpu cpuSince(long jvmBefore, long postgresBefore, Map<String, Long> threadsBefore,
			NativeThreadTicks threads) {
		double jvm = (jvmCpuNanos() - jvmBefore) / 1e9;
		double postgres = (postgresCpuTicks() - postgresBefore) / 100.0;
		Map<String, Long> now = threads.sample();
		return new Cpu(jvm, postgres, (now.get("compiler") - threadsBefore.get("compiler")) / 100.0,
				(now.get("collector") - threadsBefore.get("collector")) / 100.0, emails());
	}

	/**
	 * Waits until no email due within the next minute is pending (10 minutes at most): a
	 * confirmation is due {@code confirmation-delay} after its sale.
	 */
	private void awaitEmailsSent() throws InterruptedException {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
		while (pendingEmailsDue() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
	}

	private long pendingEmailsDue() {
		// by the hub's clock, which the dispatcher goes by
		return this.jdbc.queryForObject("""
				select count(*) from outbox_message
				where status = 'PENDING' and channel = 'EMAIL' and next_attempt_at <= ?""", Long.class,
				java.sql.Timestamp.from(this.clock.instant().plusSeconds(60)));
	}

	/**
	 * A stream of {@code events} records over the five sources, in batches of up to
	 * {@link #BATCH}: about one person in four of {@code events / 4} people, numbered
	 * from {@code firstPerson}, each with an email two times in three and a mobile one
	 * time in two.
	 */
	private List<Runnable> stream(int events, String run, int firstPerson, AtomicLong accepted) {
		Random random = new Random(7);
		this.lastPeople = new int[events];
		this.lastStreamBytes = 0;
		int people = Math.max(1, events / 4);
		List<String> soldTickets = new ArrayList<>();
		Map<Integer, String> enrolledCards = new HashMap<>();
		List<Runnable> batches = new ArrayList<>();
		Map<String, Buffer> buffers = new LinkedHashMap<>();
		for (String source : List.of("box-office", "online", "turnstile", "loyalty", "kiosk")) {
			buffers.put(source, new Buffer(source));
		}
		for (int i = 0; i < events; i++) {
			int p = firstPerson + random.nextInt(people);
			this.lastPeople[i] = p;
			String email = random.nextInt(3) > 0 ? "v" + p + "." + run + "@example.org" : "";
			String phone = random.nextInt(2) == 0 ? String.format("+336%08d", p) : "";
			int dice = random.nextInt(100);
			String source = dice < 30 ? "box-office" : dice < 60 ? "online"
					: dice < 75 && !soldTickets.isEmpty() ? "turnstile" : dice < 90 ? "loyalty" : "kiosk";
			String record = switch (source) {
				case "box-office" -> {
					String ticket = "B" + run + "-" + i;
					soldTickets.add(ticket);
					yield String.join(";", "S" + run + "-" + i, "14/03/2026 10:30", "zoo", "ADULT", "Adulte", ticket,
							"14/03/2026", "13/03/2027", "20,00", "Prénom" + p, "Nom" + p, email,
							phone.isEmpty() ? "" : "0" + phone.substring(3), "69001", "", "", "1", "");
				}
				case "online" -> {
					String ticket = "W" + run + "-" + i;
					soldTickets.add(ticket);
					yield """
							{"code":"O%s-%d","status":"p","email":"%s","phone":"%s","locale":"fr",
							"datetime":"2026-03-15T09:00:00+01:00","positions":[{"positionid":1,"item":1,
							"price":"20.00","attendee_name":"Prénom%d Nom%d","secret":"%s",
							"valid_from":"2026-03-15","valid_until":"2027-03-14"}]}""".formatted(run, i, email, phone,
							p, p, ticket);
				}
				case "turnstile" ->
					"""
							{"scan_id":"G%s-%d","ticket_number":"%s","gate":"g1","scanned_at":"2026-03-20T10:00:00+01:00","result":"OK"}"""
						.formatted(run, i, soldTickets.get(random.nextInt(soldTickets.size())));
				case "loyalty" -> {
					boolean enrolled = enrolledCards.containsKey(p);
					String card = enrolledCards.computeIfAbsent(p, k -> "LC" + run.toUpperCase() + k);
					yield """
							{"txn_id":"L%s-%d","card_number":"%s","type":"%s","points":%d,
							"occurred_at":"2026-03-21T15:30:00+01:00","member":{"first_name":"Prénom%d","last_name":"Nom%d",
							"email":"%s","phone":"%s","optin_email":true}}"""
						.formatted(run, i, card, enrolled ? "EARN" : "ENROLL", 10 + random.nextInt(50), p, p, email,
								phone);
				}
				default ->
					"""
							{"response_id":"K%s-%d","kiosk_id":"exit-1","venue":"zoo","answered_at":"2026-03-20T17:10:00+01:00",
							"score":%d,"comment":"ok","email":"%s"}"""
						.formatted(run, i, random.nextInt(11), email);
			};
			Buffer buffer = buffers.get(source);
			buffer.add(record);
			if (buffer.count == BATCH) {
				batches.add(send(buffer.flush(), accepted));
			}
		}
		for (Buffer buffer : buffers.values()) {
			if (buffer.count > 0) {
				batches.add(send(buffer.flush(), accepted));
			}
		}

		return batches;
	}

	/**
	 * Pairwise precision and recall of the run's customers against the people the stream
	 * was generated from, over the events unify gave a customer (a turnstile scan, a
	 * kiosk answer without an email and a sale without any contact have none): that speed
	 * was not bought with identity. The identity figures on a venue-shaped population are
	 * {@code PopulationEvaluation}'s.
	 */
	private void printIdentity(String run, int[] people) {
		Map<Long, Long> mergedInto = new HashMap<>();
		this.jdbc.query("select id, merged_into from customer where merged_into is not null",
				(org.springframework.jdbc.core.RowCallbackHandler) rs -> mergedInto.put(rs.getLong(1), rs.getLong(2)));
		java.util.regex.Pattern index = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(run) + "-(\\d+)");
		Map<Long, Integer> perCustomer = new HashMap<>();
		Map<Integer, Integer> perPerson = new HashMap<>();
		Map<String, Integer> perBoth = new HashMap<>();
		this.jdbc.query("select event_id, customer_id from processed_event where event_id like ? and customer_id "
				+ "is not null", rs -> {
					java.util.regex.Matcher m = index.matcher(rs.getString(1));
					if (!m.find()) {
						return;
					}
					long customer = rs.getLong(2);
					for (Long next = mergedInto.get(customer); next != null; next = mergedInto.get(customer)) {
						customer = next;
					}
					int person = people[Integer.parseInt(m.group(1))];
					perCustomer.merge(customer, 1, Integer::sum);
					perPerson.merge(person, 1, Integer::sum);
					perBoth.merge(customer + "|" + person, 1, Integer::sum);
				}, "%" + run + "-%");
		double together = pairs(perBoth.values());
		System.out.printf(
				"identity on the stream  : %,d events with a customer, pairwise precision %.4f, recall " + "%.4f%n",
				perCustomer.values().stream().mapToInt(Integer::intValue).sum(), together / pairs(perCustomer.values()),
				together / pairs(perPerson.values()));
	}

	/**
	 * The identity figures on a venue-shaped population (namesakes, households, typos,
	 * placeholders: {@code PopulationGenerator}), sent through the real doors of the same
	 * hub once the measured stream has settled: the store, the build and the settings of
	 * the run. {@code -Dbenchmark.population=0} leaves it out;
	 * {@code PopulationEvaluation} measures 50,000 people and the held-out shape.
	 */
	private void printPopulationIdentity(int persons) {
		if (persons <= 0) {
			return;
		}
		Population population = PopulationGenerator.generate(PopulationShape.named("default").withPeople(persons),
				"p" + unique());
		List<GeneratedRecord> counted = population.records().stream().filter(GeneratedRecord::carriesContact).toList();
		HubPopulationRun hub = new HubPopulationRun("http://localhost:" + this.port, Path.of(this.inbox), this.jdbc);
		double[] contentionBefore = contention();
		hub.send(population, BATCH, 2);
		HubPopulationRun.Outcome outcome = hub.await(population, Duration.ofMinutes(30), Duration.ofMinutes(2));
		System.out.printf(
				"identity on a venue population of %,d people ('default' shape), %,d records, after the run:%n",
				persons, population.records().size());
		System.out.print(PairwiseFigures.of(population, counted, outcome::customerOf).describe());
		System.out.printf("  records lost           : %,d; applicable records quarantined: %,d%n",
				outcome.lost().size(), outcome.quarantined().size());
		System.out.printf("  batches side by side   : %s%n", contentionSince(contentionBefore));
	}

	/**
	 * Unify's counters of batches meeting each other: deadlocks, merges left until a
	 * batch's first transaction committed, batches applied waiting for their keys, merges
	 * taken up by the sweep.
	 */
	private double[] contention() {
		return new double[] { this.meters.counter("hub.unify.deadlocks").count(),
				this.meters.counter("hub.unify.merges.postponed").count(),
				this.meters.counter("hub.unify.batches.waiting").count(),
				this.meters.counter("hub.unify.merges.resumed").count() };
	}

	private String contentionSince(double[] before) {
		double[] now = contention();
		return String.format(
				"%.0f deadlocks, %.0f merges made after their batch (%.0f of them by the sweep), %.0f batches "
						+ "applied waiting",
				now[0] - before[0], now[1] - before[1], now[3] - before[3], now[2] - before[2]);
	}

	private static double pairs(java.util.Collection<Integer> sizes) {
		return sizes.stream().mapToDouble(n -> n * (n - 1) / 2.0).sum();
	}

	private static double percentile(List<Double> sorted, double p) {
		return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
	}

	private static long jvmCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/**
	 * CPU ticks (1/100 s) of this run's PostgreSQL server: the postmaster, its live
	 * children and the children it reaped.
	 */
	private long postgresCpuTicks() {
		try {
			String dataDirectory = this.jdbc.queryForObject("show data_directory", String.class);
			long postmaster = Long
				.parseLong(java.nio.file.Files.readAllLines(java.nio.file.Path.of(dataDirectory, "postmaster.pid"))
					.get(0)
					.trim());
			long ticks = 0;
			try (var processes = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
				for (java.nio.file.Path process : processes.toList()) {
					long[] stat = stat(process);
					if (stat != null && stat[0] == postmaster) {
						ticks += stat[2] + stat[3];
					}
					else if (stat != null && stat[1] == postmaster) {
						ticks += stat[2];
					}
				}
			}
			return ticks;
		}
		catch (Exception ex) {
			return 0;
		}
	}

	/** pid, parent pid, own CPU ticks, CPU ticks of reaped children. */
	private static long[] stat(java.nio.file.Path process) {
		try {
			String line = java.nio.file.Files.readString(process.resolve("stat"));
			// after the command name: state ppid pgrp session tty tpgid flags minflt
			// cminflt majflt cmajflt utime stime cutime cstime
			String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
			return new long[] { Long.parseLong(line.substring(0, line.indexOf(' '))), Long.parseLong(f[1]),
					Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14]) };
		}
		catch (Exception ex) {
			return null;
		}
	}

	/**
	 * Samples, every 250 ms while {@code running}, the tables autovacuum's workers are
	 * on, counted by ten seconds since {@code start}; the key "" counts the samples.
	 */
	private void sampleAutovacuum(AtomicBoolean running, long start, Map<Long, Map<String, Integer>> byTens) {
		while (running.get()) {
			try {
				Map<String, Integer> tables = byTens.computeIfAbsent((System.nanoTime() - start) / 10_000_000_000L,
						k -> new java.util.concurrent.ConcurrentHashMap<>());
				tables.merge("", 1, Integer::sum);
				this.jdbc.query("""
						select regexp_replace(query, '^autovacuum: ([A-Z ]+) (public\\.)?([a-z_]+).*$', '\\1 \\3')
						from pg_stat_activity where backend_type = 'autovacuum worker' and query <> ''""", rs -> {
					tables.merge(rs.getString(1).toLowerCase(), 1, Integer::sum);
				});
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				// sampling is best effort
			}
		}
	}

	private void sampleWaits(AtomicBoolean done, Map<String, Integer> waits) {
		while (!done.get()) {
			try {
				this.jdbc.query(
						"""
								select state, coalesce(wait_event_type || ':' || wait_event, 'cpu'), left(regexp_replace(query, '\\s+', ' ', 'g'), 70)
								from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()
								  and state <> 'idle'""",
						rs -> {
							waits.merge(rs.getString(1) + " / " + rs.getString(2) + " / " + rs.getString(3), 1,
									Integer::sum);
						});
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				// sampling is best effort
			}
		}
	}

	/** Messages ever added to the events queue. */
	/** The broker's messages held in the heap, every address together. */
	private long brokerMemory() {
		return this.broker.getActiveMQServer().getPagingManager().getGlobalSize();
	}

	/**
	 * The page files the events queue's backlog takes on disk (none while it fits in
	 * memory).
	 */
	private long eventPages() {
		try {
			var store = this.broker.getActiveMQServer().getPagingManager().getPageStore(SimpleString.of("hub.events"));
			return store == null || !store.isPaging() ? 0 : store.getNumberOfPages();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private long eventMessages() {
		return this.broker.getActiveMQServer().locateQueue(SimpleString.of("hub.events")).getMessagesAdded();
	}

	private void resetStatements() {
		try {
			this.jdbc.execute("create extension if not exists pg_stat_statements");
			countPlanning(Boolean.getBoolean("benchmark.planning"));
			this.jdbc.execute("select pg_stat_statements_reset()");
			this.jdbc.execute("select pg_stat_reset_shared('wal')");
		}
		catch (RuntimeException ex) {
			// pg_stat_statements not loaded: no statement breakdown
		}
	}

	/**
	 * Whether the statements' planning is counted ({@code -Dbenchmark.planning=true}):
	 * their own times leave it out, and counting it costs a little itself. Set on the
	 * server, where it outlives the run: each run sets it. A server that refuses (another
	 * user than its owner) still gives the rest of the breakdown.
	 */
	private void countPlanning(boolean on) {
		try {
			this.jdbc.execute("alter system set pg_stat_statements.track_planning = " + (on ? "on" : "off"));
			this.jdbc.execute("select pg_reload_conf()");
		}
		catch (RuntimeException ex) {
			System.out.printf("  (planning not counted: %s)%n", ex.getMessage());
		}
	}

	/**
	 * Rows written per table since the reset of the statements, with the table's index
	 * count: each inserted row, and each updated row that is not a heap-only update, is
	 * one entry more in each of its indexes (in a partial one only when the row matches
	 * it).
	 */
	private Map<String, long[]> tableWrites() {
		Map<String, long[]> writes = new TreeMap<>();
		this.jdbc.query("""
				select coalesce((select 'toast of ' || c.relname from pg_class c where c.reltoastrelid = t.relid),
				                t.relname),
				       t.n_tup_ins, t.n_tup_upd, t.n_tup_hot_upd, t.n_tup_del,
				       (select count(*) from pg_index i where i.indrelid = t.relid)
				from pg_stat_all_tables t where t.schemaname in ('public', 'pg_toast')""", rs -> {
			writes.put(rs.getString(1),
					new long[] { rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6) });
		});
		return writes;
	}

	private void printTableWrites(Map<String, long[]> before, long events) {
		System.out.printf("rows written per table (inserted / updated, of which heap-only / deleted; indexes):%n");
		tableWrites().forEach((table, after) -> {
			long[] was = before.getOrDefault(table, new long[5]);
			long inserted = after[0] - was[0];
			long updated = after[1] - was[1];
			long deleted = after[3] - was[3];
			if (inserted + updated + deleted > 0) {
				System.out.printf("  %-26s %9d / %9d, %9d / %9d; %d indexes, %.2f rows per event%n", table, inserted,
						updated, after[2] - was[2], deleted, after[4], (inserted + updated) / (double) events);
			}
		});
	}

	private void printStatements() {
		this.jdbc.query("select wal_records, wal_fpi, wal_bytes, wal_sync from pg_stat_wal", rs -> {
			System.out.printf("WAL written            : %,d records, %,d full pages, %,d MiB, %,d syncs%n",
					rs.getLong(1), rs.getLong(2), rs.getLong(3) >> 20, rs.getLong(4));
		});
		try {
			System.out.printf("statements by total time (pg_stat_statements):%n");
			this.jdbc.query("""
					select sum(calls), round(sum(total_exec_time))::bigint,
					       sum(plans), round(sum(total_plan_time))::bigint
					from pg_stat_statements""", rs -> {
				System.out.printf("  %9d calls %8d ms in all; %s%n", rs.getLong(1), rs.getLong(2),
						rs.getLong(3) > 0 ? "planned %d times, %d ms".formatted(rs.getLong(3), rs.getLong(4))
								: "planning not counted (-Dbenchmark.planning=true counts it)");
			});
			// -Dbenchmark.statements=N lists more than the 25 costliest; the pages read
			// (from the buffers or the disk) and the WAL records written per call do not
			// depend on how busy the machine is, where the time does
			this.jdbc.query("""
					select calls, round(total_exec_time)::bigint, round(mean_exec_time::numeric, 3), rows,
					       (shared_blks_hit + shared_blks_read) / calls, wal_records / calls,
					       left(regexp_replace(query, '\\s+', ' ', 'g'), 110), plans, round(total_plan_time)::bigint
					from pg_stat_statements where calls > 0 order by total_exec_time desc limit ?""", rs -> {
				System.out.printf(
						"  %9d calls %8d ms %8s ms/call %9d rows %7d pages/call %6d WAL/call %7d plans %6d ms  %s%n",
						rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
						rs.getLong(8), rs.getLong(9), rs.getString(7));
			}, Integer.getInteger("benchmark.statements", 25));
		}
		catch (RuntimeException ex) {
			System.out.printf("  (pg_stat_statements not loaded)%n");
		}
	}

	/**
	 * A batch to send; its body is kept as UTF-8 outside the heap until then: a million
	 * generated records are the benchmark's, not the hub's, and would otherwise take a
	 * fifth of the heap the hub is measured in (a source system holds them, not the hub).
	 */
	private Runnable send(String[] endpointAndBody, AtomicLong accepted) {
		String endpoint = endpointAndBody[0];
		byte[] bytes = endpointAndBody[1].getBytes(StandardCharsets.UTF_8);
		ByteBuffer body = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
		this.lastStreamBytes += bytes.length;
		return () -> {
			IngestReport report = this.producer.requestBodyAndHeaders(endpoint,
					StandardCharsets.UTF_8.decode(body.duplicate()).toString(), Map.of(Intake.ORIGIN, "benchmark"),
					IngestReport.class);
			accepted.addAndGet(report.accepted());
		};
	}

	/**
	 * Records of one source waiting to be sent as one batch: CSV rows or a JSON array.
	 */
	private static final class Buffer {

		private final String source;

		private StringBuilder body;

		private int count;

		Buffer(String source) {
			this.source = source;
			reset();
		}

		void add(String record) {
			if (this.source.equals("box-office")) {
				this.body.append('\n').append(record);
			}
			else {
				this.body.append(this.count > 0 ? "," : "").append(record);
			}
			this.count++;
		}

		String[] flush() {
			String text = this.source.equals("box-office") ? this.body.toString() : this.body.append(']').toString();
			reset();
			return new String[] { "direct:ingest-" + this.source, text };
		}

		private void reset() {
			this.body = new StringBuilder(this.source.equals("box-office") ? HEADER : "[");
			this.count = 0;
		}

	}

	private long processed() {
		return this.jdbc.queryForObject("select count(*) from processed_event", Long.class);
	}

	private double copyBaseline(int rows) throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.createStatement()
				.execute("create table if not exists benchmark_copy (event_id text primary key, source text, "
						+ "kind text, occurred_at timestamptz)");
			connection.createStatement().execute("truncate benchmark_copy");
			long start = System.nanoTime();
			// written as it is made, in chunks: a million rows held whole would take the
			// heap the hub measured is sharing
			CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy benchmark_copy from stdin");
			StringBuilder chunk = new StringBuilder();
			for (int i = 0; i < rows; i++) {
				chunk.append("box-office:purchase:S-")
					.append(i)
					.append(":T-")
					.append(i)
					.append(":paid\tbox-office\t")
					.append("PURCHASE\t2026-03-14 10:30:00+01\n");
				if (chunk.length() > 1 << 20 || i == rows - 1) {
					byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
					copy.writeToCopy(bytes, 0, bytes.length);
					chunk.setLength(0);
				}
			}
			copy.endCopy();
			double rate = rows / ((System.nanoTime() - start) / 1e9);
			connection.createStatement().execute("drop table benchmark_copy");
			return rate;
		}
	}

	/**
	 * The heap still in use after the last collection of each pool that reports one: what
	 * the hub really holds, where the used heap also counts garbage not yet collected.
	 */
	/**
	 * What the heap holds at the end of the run ({@code -Dbenchmark.histogram=true}): a
	 * full collection, then the classes taking the most, as
	 * {@code jcmd GC.class_histogram} prints them.
	 */
	private static void printLiveHeap() throws javax.management.JMException {
		String histogram = (String) ManagementFactory.getPlatformMBeanServer()
			.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
					new Object[] { new String[0] }, new String[] { String[].class.getName() });
		System.out.printf("live heap at the end, largest classes:%n");
		histogram.lines().limit(28).forEach(line -> System.out.printf("  %s%n", line));
	}

	private static long liveHeapAfterCollection() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
			.mapToLong(pool -> pool.getCollectionUsage().getUsed())
			.sum();
	}

	/**
	 * CPU ticks (1/100 s) of this JVM's own threads by kind, read from {@code /proc}: the
	 * JIT compiler's and the garbage collector's, which no Java API reports. The JVM
	 * starts and ends compiler threads as it needs them, and an ended thread's ticks
	 * leave {@code /proc} with it: each thread's ticks are added up as they grow, read
	 * every 100 ms while the run lasts.
	 */
	private static final class NativeThreadTicks {

		/** Ticks of each thread (by id) when last read. */
		private final Map<String, Long> seen = new HashMap<>();

		private final Map<String, Long> total = new HashMap<>(Map.of("compiler", 0L, "collector", 0L));

		private boolean first = true;

		/** Reads every thread's ticks; answers the ticks of each kind so far. */
		synchronized Map<String, Long> sample() {
			try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
				tasks.forEach(task -> {
					try {
						String name = java.nio.file.Files.readString(task.resolve("comm")).trim();
						String kind = name.contains("CompilerThre") ? "compiler"
								: name.startsWith("GC Thread") || name.startsWith("G1 ") ? "collector" : null;
						if (kind != null) {
							String stat = java.nio.file.Files.readString(task.resolve("stat"));
							String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
							long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
							String id = task.getFileName().toString();
							// a thread started since the first reading counts from its
							// start
							Long before = this.seen.put(id, ticks);
							long from = before != null ? before : this.first ? ticks : 0;
							this.total.merge(kind, ticks - from, Long::sum);
						}
					}
					catch (java.io.IOException | RuntimeException ex) {
						// a thread that ended while being read
					}
				});
			}
			catch (java.io.IOException ex) {
				// no /proc: not Linux
			}
			this.first = false;
			return new HashMap<>(this.total);
		}

	}

	/** The emails written to the outbox so far, and those sent. */
	private long[] emails() {
		return this.jdbc.queryForObject(
				"select count(*), count(*) filter (where status = 'SENT') from outbox_message where channel = 'EMAIL'",
				(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) });
	}

	/** CPU nanoseconds of each live Java thread of this JVM. */
	private static Map<Long, Long> javaThreadCpu() {
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<Long, Long> cpu = new HashMap<>();
		for (long id : threads.getAllThreadIds()) {
			long nanos = threads.getThreadCpuTime(id);
			if (nanos >= 0) {
				cpu.put(id, nanos);
			}
		}
		return cpu;
	}

	/** Runs every second batch from {@code first} on this thread, adding its CPU. */
	private static void sendEvery(List<Runnable> batches, int first, java.util.concurrent.atomic.LongAdder cpu) {
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadCpuTime();
		for (int b = first; b < batches.size(); b += 2) {
			batches.get(b).run();
		}
		cpu.add(threads.getCurrentThreadCpuTime() - before);
	}

	/**
	 * CPU seconds the Java threads took since {@code before}, by the work they do: intake
	 * (this benchmark's two senders run the ingest route: {@code intakeNanos}, counted by
	 * the senders themselves), unify, each dispatcher, the broker, and the rest; other
	 * threads that ended meanwhile are not counted.
	 */
	private static Map<String, Double> cpuByWork(Map<Long, Long> before, long intakeNanos) {
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<String, Double> seconds = new java.util.LinkedHashMap<>();
		for (String work : List.of("intake", "unify", "email dispatch", "broker", "other")) {
			seconds.put(work, 0.0);
		}
		javaThreadCpu().forEach((id, nanos) -> {
			java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
			if (info == null) {
				return;
			}
			String name = info.getThreadName();
			if (name.equals(SENDER) || id == Thread.currentThread().getId()) {
				// counted by the senders
				return;
			}
			String work = name.startsWith("unify-") ? "unify" : name.startsWith("email-dispatch") ? "email dispatch"
					: name.contains("ActiveMQ") || name.contains("activemq") ? "broker" : "other";
			seconds.merge(work, (nanos - before.getOrDefault(id, 0L)) / 1e9, Double::sum);
		});
		seconds.put("intake", intakeNanos / 1e9);
		return seconds;
	}

	private static long usedHeap() {
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

}

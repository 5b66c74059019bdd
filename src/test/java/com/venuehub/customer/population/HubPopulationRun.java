package com.venuehub.customer.population;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import org.awaitility.Awaitility;

/**
 * Feeds a generated population through the hub's real doors, the ingest endpoints over
 * HTTP with each source's key and the box-office inbox folder, in the order of the
 * records' time, then reads back from the database what became of every record: the live
 * customer it was applied to (following merges), or its quarantine reason, or nothing at
 * all.
 */
public final class HubPopulationRun {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final Path inbox;

	private final JdbcTemplate jdbc;

	/**
	 * What became of the records.
	 *
	 * @param customerOfEvent the live customer of each applied record's event (absent:
	 * not applied; null: applied to no customer)
	 * @param quarantined the reason of each quarantined record, by event id
	 * @param lost records neither applied nor quarantined
	 * @param merges merges in force that the records caused, by rule
	 * @param wrongMerges merges in force that joined customers of different people, by
	 * rule (SHARED_EMAIL, PROBABILISTIC…)
	 * @param seconds from the first record sent to the last one settled
	 */
	public record Outcome(Map<String, Long> customerOfEvent, Map<String, String> quarantined,
			List<GeneratedRecord> lost, Map<String, Long> merges, Map<String, Long> wrongMerges, double seconds) {

		public Long customerOf(GeneratedRecord record) {
			return this.customerOfEvent.get(record.eventId());
		}

		public boolean applied(GeneratedRecord record) {
			return this.customerOfEvent.containsKey(record.eventId());
		}

		/** Quarantine reasons, the most frequent first, with their counts. */
		public Map<String, Long> reasons() {
			Map<String, Long> counts = this.quarantined.values()
				.stream()
				// the value quoted in a reason varies; the kind of reason does not
				.map(reason -> reason.replaceAll("'[^']*'", "'…'"))
				.collect(Collectors.groupingBy(r -> r, Collectors.counting()));
			Map<String, Long> sorted = new LinkedHashMap<>();
			counts.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
				.forEach(e -> sorted.put(e.getKey(), e.getValue()));
			return sorted;
		}

	}

	private long startedAt;

	public HubPopulationRun(String baseUrl, Path inbox, JdbcTemplate jdbc) {
		this.baseUrl = baseUrl;
		this.inbox = inbox;
		this.jdbc = jdbc;
	}

	/**
	 * Sends every record: box-office rows as CSV files dropped in the inbox, the others
	 * as JSON arrays posted to {@code /api/v1/ingest/<source>}, in batches of up to
	 * {@code batchSize} records of one source, by a number of clients side by side.
	 * @return the records the doors accepted (the others were quarantined on the spot)
	 */
	public long send(Population population, int batchSize, int clients) {
		SourcePayloads payloads = new SourcePayloads(population.shape().venue());
		Map<String, List<GeneratedRecord>> buffers = new LinkedHashMap<>();
		List<Runnable> batches = new ArrayList<>();
		AtomicLong accepted = new AtomicLong();
		int[] files = { 0 };
		for (GeneratedRecord r : population.records()) {
			List<GeneratedRecord> buffer = buffers.computeIfAbsent(r.source(), s -> new ArrayList<>());
			buffer.add(r);
			if (buffer.size() == batchSize) {
				batches.add(batch(population, payloads, List.copyOf(buffer), accepted, files));
				buffer.clear();
			}
		}
		buffers.values()
			.stream()
			.filter(b -> !b.isEmpty())
			.forEach(b -> batches.add(batch(population, payloads, List.copyOf(b), accepted, files)));
		this.startedAt = System.nanoTime();
		ExecutorService senders = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				int client = c;
				sent.add(senders.submit(() -> {
					for (int b = client; b < batches.size(); b += clients) {
						batches.get(b).run();
					}
				}));
			}
			for (Future<?> f : sent) {
				f.get();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("sending the population failed: " + ex.getMessage(), ex);
		}
		finally {
			senders.shutdown();
		}
		return accepted.get();
	}

	private Runnable batch(Population population, SourcePayloads payloads, List<GeneratedRecord> records,
			AtomicLong accepted, int[] files) {
		String source = records.get(0).source();
		if (source.equals(GeneratedRecord.BOX_OFFICE)) {
			String name = "population-" + population.run() + "-" + (++files[0]) + ".csv";
			return () -> {
				drop(name, payloads.boxOfficeFile(records));
				// counted as accepted when applied: the file's report is written later
				accepted.addAndGet(records.size());
			};
		}
		return () -> {
			HttpResponse<String> response = post(source, payloads.jsonBatch(records));
			if (response.statusCode() != 202) {
				throw new IllegalStateException("POST /api/v1/ingest/" + source + " answered " + response.statusCode()
						+ ": " + response.body());
			}
			Matcher count = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)").matcher(response.body());
			accepted.addAndGet(count.find() ? Long.parseLong(count.group(1)) : 0);
		};
	}

	/**
	 * Waits until every record is applied or quarantined, or until nothing has moved for
	 * {@code stall}; then reads what became of each.
	 */
	public Outcome await(Population population, Duration atMost, Duration stall) {
		String[] ids = population.records().stream().map(GeneratedRecord::eventId).toArray(String[]::new);
		String like = "%-" + population.run() + "-%";
		long[] last = { -1, System.nanoTime() };
		Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
			long settled = count("select count(*) from processed_event where event_id = any (?)", ids) + this.jdbc
				.queryForObject("select count(*) from quarantine where raw_payload like ?", Long.class, like);
			if (settled != last[0]) {
				last[0] = settled;
				last[1] = System.nanoTime();
			}
			return settled >= ids.length || System.nanoTime() - last[1] > stall.toNanos();
		});
		// the merges unify left for later are made (by the sweep, for those whose
		// customers
		// stayed held)
		Awaitility.await()
			.atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.jdbc.queryForObject("select count(*) from unify_pending_merge", Long.class) == 0);
		double seconds = (last[1] - this.startedAt) / 1e9;
		return outcome(population, ids, like, seconds);
	}

	private Outcome outcome(Population population, String[] ids, String like, double seconds) {
		Map<Long, Long> mergedInto = new HashMap<>();
		this.jdbc.query("select id, merged_into from customer where merged_into is not null", rs -> {
			mergedInto.put(rs.getLong(1), rs.getLong(2));
		});
		Map<String, Long> customerOf = new HashMap<>();
		Map<Long, Set<Integer>> peopleOfCustomer = new HashMap<>();
		Map<String, GeneratedRecord> byEvent = new HashMap<>();
		population.records().forEach(r -> byEvent.put(r.eventId(), r));
		this.jdbc.query(c -> {
			var statement = c
				.prepareStatement("select event_id, customer_id from processed_event where event_id = any (?)");
			statement.setArray(1, c.createArrayOf("text", ids));
			return statement;
		}, rs -> {
			String event = rs.getString(1);
			long customer = rs.getLong(2);
			// an event applied without a customer (anonymous): none, not customer 0
			if (rs.wasNull()) {
				customerOf.put(event, null);
				return;
			}
			peopleOfCustomer.computeIfAbsent(customer, k -> new HashSet<>()).add(byEvent.get(event).personId());
			customerOf.put(event, live(customer, mergedInto));
		});
		Map<String, GeneratedRecord> byKey = new HashMap<>();
		population.records().forEach(r -> byKey.put(r.naturalKey(), r));
		Pattern key = Pattern.compile("(?:BO|WEB|LY|KI|SC)-" + population.run() + "-\\d+");
		Map<String, String> quarantined = new TreeMap<>();
		this.jdbc.query("select raw_payload, reason from quarantine where raw_payload like ? order by id", rs -> {
			Matcher m = key.matcher(rs.getString(1));
			if (m.find() && byKey.containsKey(m.group())) {
				quarantined.putIfAbsent(byKey.get(m.group()).eventId(), rs.getString(2));
			}
		}, like);
		List<GeneratedRecord> lost = population.records()
			.stream()
			.filter(r -> !customerOf.containsKey(r.eventId()) && !quarantined.containsKey(r.eventId()))
			.toList();
		// quarantined records that were applied afterwards (replayed) are not held back
		quarantined.keySet().removeAll(customerOf.keySet());
		Map<String, Long> merges = new TreeMap<>();
		Map<String, Long> wrong = new TreeMap<>();
		this.jdbc.query(c -> {
			var statement = c.prepareStatement(
					"select survivor_id, merged_id, rule from merge_log where unmerged_at is null and event_id = any (?)");
			statement.setArray(1, c.createArrayOf("text", ids));
			return statement;
		}, rs -> {
			Set<Integer> survivor = peopleOfCustomer.getOrDefault(rs.getLong(1), Set.of());
			Set<Integer> merged = peopleOfCustomer.getOrDefault(rs.getLong(2), Set.of());
			merges.merge(rs.getString(3), 1L, Long::sum);
			if (!survivor.isEmpty() && !merged.isEmpty() && survivor.stream().noneMatch(merged::contains)) {
				wrong.merge(rs.getString(3), 1L, Long::sum);
			}
		});
		return new Outcome(customerOf, quarantined, lost, merges, wrong, seconds);
	}

	private static Long live(long customer, Map<Long, Long> mergedInto) {
		long current = customer;
		for (int hops = 0; mergedInto.containsKey(current) && hops < 1000; hops++) {
			current = mergedInto.get(current);
		}
		return current;
	}

	private long count(String sql, String[] ids) {
		return this.jdbc.execute((ConnectionCallback<Long>) c -> {
			Array array = c.createArrayOf("text", ids);
			try (var statement = c.prepareStatement(sql)) {
				statement.setArray(1, array);
				try (var rs = statement.executeQuery()) {
					rs.next();
					return rs.getLong(1);
				}
			}
		});
	}

	private HttpResponse<String> post(String source, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/v1/ingest/" + source))
			.header("Content-Type", "application/json")
			.header("X-Api-Key", "dev-" + source + "-key")
			.timeout(Duration.ofMinutes(2))
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void drop(String name, String content) {
		try {
			Path folder = this.inbox.resolve("box-office");
			Files.createDirectories(folder);
			// written aside, then moved in, as an export job does
			Path part = Files.writeString(this.inbox.resolve(name + ".part"), content, StandardCharsets.UTF_8);
			Files.move(part, folder.resolve(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package com.venuehub.benchmark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.venuehub.HubTestSupport;
import com.venuehub.customer.UnifyConsumers;
import com.venuehub.platform.BrokerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A box-office file of {@code benchmark.fileMb} MiB (64 by default) dropped in the inbox
 * and read by the file route: decoded, parsed, mapped and published to the events queue,
 * part after part. Unify is stopped, so that what is measured is intake (file to broker)
 * alone, and the events queue pages to disk beyond 16 MiB, as a standalone broker holds
 * its messages in its own memory. The file is written to disk a row at a time, never held
 * in memory. Printed at every tenth of the file: rows read, rows/s, and the heap used
 * after the garbage collections of that tenth (GC notifications), and the heap still used
 * after a full collection at that point (what the hub holds), which stays flat when the
 * file streams. Run with a small heap:
 * {@code ./mvnw -o -Pbenchmark verify -Dtest=LargeFileBenchmark -Dbenchmark.fileMb=1024 -Dtest.jvm.args=-Xmx256m}.
 */
@Tag("benchmark")
@TestPropertySource(properties = { "hub.metrics.refresh-ms=10000" })
class LargeFileBenchmark extends HubTestSupport {

	private static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	@Autowired
	UnifyConsumers unifyConsumers;

	@Autowired
	EmbeddedActiveMQ broker;

	@Autowired
	BrokerProperties brokerProperties;

	@Autowired
	MeterRegistry meters;

	@Test
	void aLargeBoxOfficeFileIngestsInConstantMemory() throws Exception {
		long bytes = Long.getLong("benchmark.fileMb", 64) << 20;
		String u = unique();
		String queue = this.brokerProperties.eventsQueue();
		this.unifyConsumers.stop();
		this.broker.getActiveMQServer()
			.getAddressSettingsRepository()
			.addMatch(queue, new AddressSettings().setMaxSizeBytes(16L << 20)
				.setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE));
		Path folder = Files.createDirectories(Path.of(this.inbox, "box-office"));
		Path part = folder.getParent().resolve("large-" + u + ".csv.part");
		Path file = folder.resolve("large-" + u + ".csv");
		HeapAfterGc heap = new HeapAfterGc();
		try {
			long rows = write(part, bytes, u);
			double before = taken();
			System.gc();
			heap.start();
			long start = System.nanoTime();
			Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
			System.out.printf("%n=== venue-hub large file benchmark: intake of one box-office file ===%n");
			System.out.printf("file                : %,d MiB, %,d rows; max heap %,d MiB; unify stopped%n", bytes >> 20,
					rows, Runtime.getRuntime().maxMemory() >> 20);
			System.out.printf("%5s %12s %10s %30s %16s%n", "read", "rows", "rows/s", "heap after GCs: min-max (GCs)",
					"live (full GC)");
			int tenth = 1;
			while (tenth <= 10) {
				double read = taken() - before;
				if (read >= rows * tenth / 10.0) {
					long[] window = heap.window();
					double seconds = (System.nanoTime() - start) / 1e9;
					// what the heap holds at this point: a full collection, then its use
					System.gc();
					long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
					heap.window();
					System.out.printf("%4d%% %,12.0f %,10.0f %,17d-%,4d MiB (%d) %,12d MiB%n", tenth * 10, read,
							read / seconds, window[0] >> 20, window[1] >> 20, window[2], live >> 20);
					tenth++;
					continue;
				}
				assertThat(Files.exists(file) || read >= rows).as("the file route stopped before the end: see the log")
					.isTrue();
				Thread.sleep(200);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf(
					"whole file          : %.1f s, %,.0f rows/s, %.1f MiB/s; highest heap after a GC %,d MiB%n",
					seconds, rows / seconds, (bytes >> 20) / seconds, heap.highest() >> 20);
			assertThat(taken() - before).isEqualTo(rows);
		}
		finally {
			heap.stop();
			Files.deleteIfExists(part);
			Files.deleteIfExists(file);
			deleteDone("large-" + u);
			// the events of the file are not unified: they would keep the next test busy
			this.broker.getActiveMQServer().locateQueue(queue).deleteAllReferences();
			this.broker.getActiveMQServer().getAddressSettingsRepository().removeMatch(queue);
			this.unifyConsumers.start();
		}
	}

	/** Rows of the box-office source read so far: accepted or quarantined. */
	private double taken() {
		return this.meters.counter("hub.ingest.records", "source", "box-office", "outcome", "accepted").count()
				+ this.meters.counter("hub.ingest.records", "source", "box-office", "outcome", "quarantined").count();
	}

	/**
	 * Writes valid sales, one per row, each with its own ticket and email, until the file
	 * holds {@code bytes}; a row at a time through a buffer.
	 */
	private static long write(Path file, long bytes, String u) throws IOException {
		long rows = 0;
		long written = 0;
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write(HEADER);
			out.write('\n');
			written += HEADER.length() + 1;
			while (written < bytes) {
				String row = "LF" + u + "-" + rows + ";14/03/2026 10:30;zoo-lyon;ADULT;Entrée adulte;LFT" + u + "-"
						+ rows + ";14/03/2026;13/03/2027;24,50;Jeanne;Martin;lf" + rows + "." + u
						+ "@example.fr;06 12 34 " + String.format("%02d %02d", rows / 100 % 100, rows % 100)
						+ ";69001;02/05/1985;;1;0\n";
				out.write(row);
				written += row.getBytes(StandardCharsets.UTF_8).length;
				rows++;
			}
		}
		return rows;
	}

	private void deleteDone(String prefix) throws IOException {
		Path done = Path.of(this.inbox, "box-office", ".done");
		if (Files.isDirectory(done)) {
			try (Stream<Path> files = Files.list(done)) {
				for (Path f : files.filter(f -> f.getFileName().toString().contains(prefix)).toList()) {
					Files.delete(f);
				}
			}
		}
	}

	/**
	 * The heap used after each garbage collection (all heap pools), told by the JVM's GC
	 * notifications: the lowest and highest since the last window, and their number.
	 */
	private static final class HeapAfterGc implements NotificationListener {

		private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter(pool -> pool.getType() == MemoryType.HEAP)
			.map(MemoryPoolMXBean::getName)
			.collect(Collectors.toSet());

		private final List<NotificationEmitter> emitters = new ArrayList<>();

		private long low = Long.MAX_VALUE;

		private long high;

		private long count;

		private long highest;

		void start() {
			for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
				if (gc instanceof NotificationEmitter emitter) {
					emitter.addNotificationListener(this, null, null);
					this.emitters.add(emitter);
				}
			}
		}

		void stop() throws Exception {
			for (NotificationEmitter emitter : this.emitters) {
				emitter.removeNotificationListener(this);
			}
		}

		@Override
		public synchronized void handleNotification(Notification notification, Object handback) {
			if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
				return;
			}
			GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
				.from((CompositeData) notification.getUserData());
			long used = 0;
			for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
				if (this.heapPools.contains(pool.getKey())) {
					MemoryUsage usage = pool.getValue();
					used += usage.getUsed();
				}
			}
			this.low = Math.min(this.low, used);
			this.high = Math.max(this.high, used);
			this.highest = Math.max(this.highest, used);
			this.count++;
		}

		/** Lowest, highest and number since the last window; a new window starts. */
		synchronized long[] window() {
			long[] window = { this.count == 0 ? 0 : this.low, this.high, this.count };
			this.low = Long.MAX_VALUE;
			this.high = 0;
			this.count = 0;
			return window;
		}

		synchronized long highest() {
			return this.highest;
		}

	}

}

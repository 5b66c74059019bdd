package com.venuehub.customer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import com.venuehub.InChildJvms;
import com.venuehub.BoxOfficeSale;
import com.venuehub.ChildHub;
import com.venuehub.HubTestSupport;
import com.venuehub.OrderStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub killed with {@code kill -9} in the middle of a stream of batches and of the
 * ingest of a box-office file (its JVM and the PostgreSQL server it started, as a crash
 * of the machine would), then started again on the same data folders: every order it
 * answered 202 ends in the store exactly once, and the file, read again, gives each of
 * its rows once and moves to {@code .done/}. The hub runs in a child JVM, on its own
 * ports and folders.
 */
@InChildJvms
class HubKilledMidBatchTest {

	private static final int FILE_ROWS = 10_000;

	@Test
	void everyOrderAnswered202BeforeTheKillIsAppliedOnceAfterTheRestart() throws Exception {
		Path data = Path.of("target/test-data/killed-hub").toAbsolutePath();
		HubTestSupport.deleteTree(data);
		Files.createDirectories(data);
		int httpPort = ChildHub.freePort();
		int databasePort = ChildHub.freePort();

		ChildHub first = ChildHub.start(data, httpPort, databasePort, 1);
		Set<String> answered202;
		int batches;
		int refused;
		Path inbox = Files.createDirectories(data.resolve("inbox").resolve("box-office"));
		Path export = inbox.resolve("export-killed.csv");
		long fileRowsAtKill;
		try (OrderStream orders = new OrderStream(httpPort, "K", 10)) {
			// batches answered and more on the wire first; then the file, so that the
			// kill
			// falls in the middle of both however fast the file is read: part of the file
			// applied, the file not yet done, unify applying
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> orders.accepted() >= 30);
			dropExport(inbox);
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> fileTickets(first) > 0);
			fileRowsAtKill = fileTickets(first);
			boolean fileDone = !Files.exists(export);
			first.kill();
			answered202 = orders.answered202();
			batches = orders.accepted();
			refused = orders.refused();
			assertThat(fileDone).as("the kill fell while the file was read").isFalse();
		}

		ChildHub second = ChildHub.start(data, httpPort, databasePort, 2);
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> second.ordersApplied(answered202) == answered202.size());
			// the file is read again from its start: what was on the queue already is
			// dropped by its duplicate id, and every row is applied once
			await().atMost(Duration.ofSeconds(120)).until(() -> fileTickets(second) == FILE_ROWS && done(inbox));
			long fileDistinct = second
				.count("select count(distinct sale_ref) from ticket where ticket_number like 'FKT%'");
			long tickets = second.count("select count(*) from ticket where sale_ref like 'K%'");
			long distinctTickets = second
				.count("select count(distinct ticket_number) from ticket where sale_ref like 'K%'");
			long events = second.count("select count(*) from processed_event where event_id like 'online:purchase:K%'");
			System.out.printf(
					"Hub killed mid-batch: %d batches answered 202 (%d orders) before the kill, %d refused or cut; "
							+ "after the restart %d events applied, %d tickets, %d distinct; a file of %d rows, %d "
							+ "applied at the kill, %d applied after the restart, %d distinct sales, moved to .done%n",
					batches, answered202.size(), refused, events, tickets, distinctTickets, FILE_ROWS, fileRowsAtKill,
					fileTickets(second), fileDistinct);
			assertThat(tickets).isEqualTo(distinctTickets);
			assertThat(events).isEqualTo(tickets).isGreaterThanOrEqualTo(answered202.size());
			assertThat(fileDistinct).isEqualTo(FILE_ROWS);
		}
		finally {
			// the folders and the hubs' logs stay in target/ for a look after a failure
			second.stop();
		}
	}

	/**
	 * A box-office export dropped as a copy does it: written under another name, then
	 * renamed.
	 */
	private static void dropExport(Path inbox) throws IOException {
		StringBuilder rows = new StringBuilder(BoxOfficeSale.HEADER).append('\n');
		for (int i = 0; i < FILE_ROWS; i++) {
			rows.append("FK")
				.append(i)
				.append(";14/03/2026 10:30;zoo-lyon;ADULT;Adulte;FKT")
				.append(i)
				.append(";14/03/2026;13/03/2027;20,00;;;;;;;;;\n");
		}
		Files.writeString(inbox.resolve("export-killed.part"), rows);
		Files.move(inbox.resolve("export-killed.part"), inbox.resolve("export-killed.csv"));
	}

	/** Tickets of the dropped file in the store; -1 while the hub cannot answer. */
	private static long fileTickets(ChildHub hub) {
		try {
			return hub.count("select count(*) from ticket where ticket_number like 'FKT%'");
		}
		catch (Exception ex) {
			return -1;
		}
	}

	/** Whether the file is in .done/, under its name after the time it was read. */
	private static boolean done(Path inbox) throws IOException {
		Path done = inbox.resolve(".done");
		if (!Files.isDirectory(done)) {
			return false;
		}
		try (Stream<Path> files = Files.list(done)) {
			return files.anyMatch(file -> file.getFileName().toString().endsWith("-export-killed.csv"));
		}
	}

}

package com.venuehub.customer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.venuehub.InChildJvms;
import com.venuehub.ChildHub;
import com.venuehub.HubTestSupport;
import com.venuehub.OrderStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub's PostgreSQL server frozen with {@code SIGSTOP} (its postmaster and every
 * backend) for half a minute while orders keep coming, then thawed with {@code SIGCONT}:
 * every order answered 202 ends in the store exactly once, and the consumers go on
 * applying what comes after. The hub runs in a child JVM, on its own ports and folders.
 */
@InChildJvms
class DatabasePausedUnderLoadTest {

	private static final Duration PAUSE = Duration.ofSeconds(30);

	@Test
	void everyOrderAnswered202WhileTheDatabaseWasFrozenIsAppliedOnce() throws Exception {
		Path data = Path.of("target/test-data/paused-database").toAbsolutePath();
		HubTestSupport.deleteTree(data);
		Files.createDirectories(data);
		ChildHub hub = ChildHub.start(data, ChildHub.freePort(), ChildHub.freePort(), 1);
		List<Long> database = List.of();
		try (OrderStream orders = new OrderStream(hub.httpPort(), "Z", 10, Duration.ofMillis(100))) {
			await().atMost(Duration.ofSeconds(60)).until(() -> orders.accepted() >= 10);

			database = databaseProcesses(data.resolve("postgres"));
			int stopped = database.size();
			int acceptedBefore = orders.accepted();
			int sentBefore = orders.sent();
			signal("-STOP", database);
			Instant frozen = Instant.now();
			// the fault lasts its time, and orders keep coming through it
			await().atMost(PAUSE.plusSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> Duration.between(frozen, Instant.now()).compareTo(PAUSE) >= 0
						&& orders.sent() - sentBefore >= 3);
			int acceptedWhileFrozen = orders.accepted() - acceptedBefore;
			int sentWhileFrozen = orders.sent() - sentBefore;
			signal("-CONT", database);
			database = List.of();

			// the consumers go on: batches sent after the thaw are applied too
			int acceptedAtThaw = orders.accepted();
			await().atMost(Duration.ofSeconds(90)).until(() -> orders.accepted() >= acceptedAtThaw + 10);
			orders.close();
			Set<String> answered202 = orders.answered202();

			await().atMost(Duration.ofSeconds(120)).until(() -> hub.ordersApplied(answered202) == answered202.size());
			long tickets = hub.count("select count(*) from ticket where sale_ref like 'Z%'");
			long distinct = hub.count("select count(distinct ticket_number) from ticket where sale_ref like 'Z%'");
			long events = hub.count("select count(*) from processed_event where event_id like 'online:purchase:Z%'");
			System.out.printf(
					"Database frozen for %ds under load: 1 round, %d database processes stopped; batches of 10 orders: "
							+ "%d answered 202 before, %d sent and %d answered 202 while frozen, %d refused or cut in "
							+ "all, %d answered 202 in all (%d orders); %d events applied, %d tickets, %d distinct%n",
					PAUSE.toSeconds(), stopped, acceptedBefore, sentWhileFrozen, acceptedWhileFrozen, orders.refused(),
					orders.accepted(), answered202.size(), events, tickets, distinct);
			assertThat(tickets).isEqualTo(distinct);
			assertThat(events).isEqualTo(tickets).isGreaterThanOrEqualTo(answered202.size());
		}
		finally {
			if (!database.isEmpty()) {
				signal("-CONT", database);
			}
			hub.stop();
		}
	}

	/**
	 * The PostgreSQL server's postmaster (its pid is the first line of postmaster.pid)
	 * and every process it started.
	 */
	private static List<Long> databaseProcesses(Path dataDirectory) throws IOException {
		long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
		ProcessHandle handle = ProcessHandle.of(postmaster)
			.orElseThrow(() -> new AssertionError("no PostgreSQL server runs as " + postmaster));
		List<Long> pids = new ArrayList<>();
		pids.add(postmaster);
		handle.descendants().forEach(p -> pids.add(p.pid()));
		return pids;
	}

	private static void signal(String signal, List<Long> pids) throws Exception {
		List<String> command = new ArrayList<>(List.of("kill", signal));
		pids.forEach(pid -> command.add(Long.toString(pid)));
		// a backend that ended meanwhile is not there to signal: the others are
		new ProcessBuilder(command).inheritIO().start().waitFor();
	}

}

package com.venuehub.customer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import com.venuehub.ChildHub;
import com.venuehub.HubTestSupport;
import com.venuehub.OrderStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub killed with {@code kill -9} in the middle of a stream of batches (its JVM and the
 * PostgreSQL server it started, as a crash of the machine would), then started again on
 * the same data folders: every order it answered 202 ends in the store exactly once. The
 * hub runs in a child JVM, on its own ports and folders.
 */
class HubKilledMidBatchTest {

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
		try (OrderStream orders = new OrderStream(httpPort, "K", 10)) {
			// in the middle of the stream: batches answered, more on the wire, unify
			// applying
			await().atMost(Duration.ofSeconds(60)).until(() -> orders.accepted() >= 30);
			first.kill();
			answered202 = orders.answered202();
			batches = orders.accepted();
			refused = orders.refused();
		}

		ChildHub second = ChildHub.start(data, httpPort, databasePort, 2);
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> second.ordersApplied(answered202) == answered202.size());
			long tickets = second.count("select count(*) from ticket where sale_ref like 'K%'");
			long distinctTickets = second
				.count("select count(distinct ticket_number) from ticket where sale_ref like 'K%'");
			long events = second.count("select count(*) from processed_event where event_id like 'online:purchase:K%'");
			System.out.printf(
					"Hub killed mid-batch: %d batches answered 202 (%d orders) before the kill, %d refused or cut; "
							+ "after the restart %d events applied, %d tickets, %d distinct%n",
					batches, answered202.size(), refused, events, tickets, distinctTickets);
			assertThat(tickets).isEqualTo(distinctTickets);
			assertThat(events).isEqualTo(tickets).isGreaterThanOrEqualTo(answered202.size());
		}
		finally {
			// the folders and the hubs' logs stay in target/ for a look after a failure
			second.stop();
		}
	}

}

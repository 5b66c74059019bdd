package com.venuehub.email;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.venuehub.InChildJvms;
import com.venuehub.ChildHub;
import com.venuehub.HubTestSupport;
import com.venuehub.TestMailServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub killed with {@code kill -9} while it sends a long queue of confirmation emails
 * (its JVM and its PostgreSQL server), then started again on the same folders: every
 * outbox row is sent, and a row is sent twice only if the kill fell between the relay
 * taking it and the commit of its batch, so at most one batch per dispatch worker. The
 * hub runs in a child JVM and sends to the test JVM's SMTP server (GreenMail), which
 * counts what it received per outbox dedup key.
 */
@InChildJvms
class HubKilledMidDispatchTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final int ORDERS = 300;

	private static final int WORKERS = 2;

	private static final int BATCH = 5;

	@Test
	void everyQueuedEmailIsSentAfterTheRestartAndOnlyAnInFlightBatchTwice() throws Exception {
		Path data = Path.of("target/test-data/killed-dispatch").toAbsolutePath();
		HubTestSupport.deleteTree(data);
		Files.createDirectories(data);
		int httpPort = ChildHub.freePort();
		int databasePort = ChildHub.freePort();
		String run = Long.toString(System.nanoTime(), 36);
		String domain = "kill-" + run + ".example.org";
		String[] dispatching = { "--hub.test.smtp-port=" + TestMailServer.port(), "--hub.email.dispatch.enabled=true",
				"--hub.email.dispatch.workers=" + WORKERS, "--hub.email.dispatch.batch=" + BATCH,
				"--hub.email.dispatch.period-ms=200" };

		ChildHub first = ChildHub.start(data, httpPort, databasePort, 1, dispatching);
		for (int batch = 0; batch < ORDERS / 50; batch++) {
			StringBuilder body = new StringBuilder("[");
			for (int i = 0; i < 50; i++) {
				String code = "KM" + run + "x" + (batch * 50 + i);
				body.append(i == 0 ? "" : ",")
					.append("""
							{"code": "%s", "status": "p", "email": "%s@%s", "datetime": "2026-05-03T10:00:00Z",
							 "event": "zoo-lyon", "positions": [{"positionid": 1, "item": 7, "price": "19.90",
							 "secret": "%s-1", "valid_from": "2026-05-03", "valid_until": "2027-12-31"}]}"""
						.formatted(code, code.toLowerCase(), domain, code));
			}
			HttpResponse<String> answer = HTTP
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/v1/ingest/online"))
					.header("X-Api-Key", "dev-online-key")
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString()))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		}
		// in the middle of the dispatch: some sent, many rows still waiting
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> received(domain).size() >= 20);
		long waiting = first.count("select count(*) from outbox_message where dedup_key like ? and status = 'PENDING'",
				"confirmation:online:KM" + run + "%");
		first.kill();
		int receivedAtKill = received(domain).size();
		assertThat(waiting).as("rows still to send when the hub was killed").isPositive();

		ChildHub second = ChildHub.start(data, httpPort, databasePort, 2, dispatching);
		try {
			// the SMTP server's thread of a connection the kill cut reports the reset:
			// not
			// this test's failure
			await().dontCatchUncaughtExceptions()
				.atMost(Duration.ofSeconds(180))
				.until(() -> perKey(domain).size() == ORDERS && sent(second, run) == ORDERS);
			Map<String, Long> perKey = perKey(domain);
			long duplicates = perKey.values().stream().mapToLong(n -> n - 1).sum();
			assertThat(second.count("select count(*) from outbox_message where dedup_key like ?",
					"confirmation:online:KM" + run + "%"))
				.isEqualTo(ORDERS);
			System.out.printf(
					"Hub killed mid-dispatch: 1 round, %d confirmations queued, %d received before the kill with %d "
							+ "rows still pending; after the restart %d distinct received, %d received twice "
							+ "(bound: %d workers x %d per batch)%n",
					ORDERS, receivedAtKill, waiting, perKey.size(), duplicates, WORKERS, BATCH);
			assertThat(perKey).hasSize(ORDERS);
			assertThat(perKey.values()).allMatch(n -> n <= 2);
			assertThat(duplicates).isLessThanOrEqualTo(WORKERS * BATCH);
		}
		finally {
			second.stop();
		}
	}

	private static List<MimeMessage> received(String domain) {
		return TestMailServer.received().stream().filter(m -> to(m).endsWith("@" + domain)).toList();
	}

	/** How many times each outbox row's email was received, by its dedup key. */
	private static Map<String, Long> perKey(String domain) {
		return received(domain).stream()
			.map(HubTestSupport::dedupKey)
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private static long sent(ChildHub hub, String run) {
		try {
			return hub.count("select count(*) from outbox_message where dedup_key like ? and status = 'SENT'",
					"confirmation:online:KM" + run + "%");
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private static String to(MimeMessage message) {
		try {
			return message.getAllRecipients() == null ? "" : message.getAllRecipients()[0].toString();
		}
		catch (MessagingException ex) {
			throw new AssertionError(ex);
		}
	}

}

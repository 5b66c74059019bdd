package com.venuehub.customer;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.venuehub.HubApplication;
import com.venuehub.HubTestSupport;
import com.venuehub.platform.EmbeddedDatabaseConfiguration;
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

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final int ORDERS_PER_BATCH = 10;

	@Test
	void everyOrderAnswered202BeforeTheKillIsAppliedOnceAfterTheRestart() throws Exception {
		Path data = Path.of("target/test-data/killed-hub").toAbsolutePath();
		HubTestSupport.deleteTree(data);
		Files.createDirectories(data);
		int httpPort = freePort();
		int databasePort = freePort();

		Set<String> answered202 = ConcurrentHashMap.newKeySet();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger batches = new AtomicInteger();
		Process first = start(data, httpPort, databasePort, 1);
		AtomicBoolean sending = new AtomicBoolean(true);
		Thread client = new Thread(() -> {
			for (int batch = 0; sending.get(); batch++) {
				List<String> codes = new ArrayList<>();
				StringBuilder body = new StringBuilder("[");
				for (int i = 0; i < ORDERS_PER_BATCH; i++) {
					String code = "K" + batch + "x" + i;
					codes.add(code);
					body.append(i == 0 ? "" : ",")
						.append("""
								{"code": "%s", "status": "p", "email": "%s@example.org", "datetime": "2026-05-03T10:00:00Z",
								 "positions": [{"positionid": 1, "item": 7, "price": "19.90", "secret": "%s-1"}]}"""
							.formatted(code, code.toLowerCase(), code));
				}
				try {
					HttpResponse<String> answer = HTTP.send(
							HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/v1/ingest/online"))
								.header("X-Api-Key", "dev-online-key")
								.header("Content-Type", "application/json")
								.timeout(Duration.ofSeconds(10))
								.POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString()))
								.build(),
							HttpResponse.BodyHandlers.ofString());
					if (answer.statusCode() == 202) {
						answered202.addAll(codes);
						batches.incrementAndGet();
					}
					else {
						refused.incrementAndGet();
					}
				}
				catch (IOException ex) {
					refused.incrementAndGet();
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "orders");
		client.start();
		// in the middle of the stream: batches answered, more on the wire, unify applying
		await().atMost(Duration.ofSeconds(60)).until(() -> batches.get() >= 30);
		killTree(first);
		int acceptedBeforeKill = answered202.size();
		sending.set(false);
		client.join(15_000);

		Process second = start(data, httpPort, databasePort, 2);
		try {
			String url = "jdbc:postgresql://localhost:" + databasePort + "/postgres";
			Properties login = new Properties();
			login.setProperty("user", "postgres");
			login.setProperty("password",
					Files.readString(EmbeddedDatabaseConfiguration.passwordFile(data.resolve("postgres"))).strip());
			await().atMost(Duration.ofSeconds(60)).until(() -> applied(url, login, answered202) == answered202.size());
			try (Connection db = DriverManager.getConnection(url, login)) {
				long tickets = count(db, "select count(*) from ticket where sale_ref like 'K%'");
				long distinctTickets = count(db,
						"select count(distinct ticket_number) from ticket where sale_ref like 'K%'");
				long events = count(db,
						"select count(*) from processed_event where event_id like 'online:purchase:K%'");
				System.out.printf(
						"Hub killed mid-batch: %d batches answered 202 (%d orders) before the kill, %d refused or cut; "
								+ "after the restart %d events applied, %d tickets, %d distinct%n",
						batches.get(), acceptedBeforeKill, refused.get(), events, tickets, distinctTickets);
				assertThat(tickets).isEqualTo(distinctTickets);
				assertThat(events).isEqualTo(tickets).isGreaterThanOrEqualTo(answered202.size());
			}
		}
		finally {
			// the folders and the hubs' logs stay in target/ for a look after a failure
			stop(second);
		}
	}

	/** How many of these orders have their one ticket in the store. */
	private static int applied(String url, Properties login, Set<String> codes) {
		try (Connection db = DriverManager.getConnection(url, login);
				PreparedStatement query = db
					.prepareStatement("select count(distinct sale_ref) from ticket where sale_ref = any (?)")) {
			query.setArray(1, db.createArrayOf("text", codes.toArray()));
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() ? rows.getInt(1) : 0;
			}
		}
		catch (Exception ex) {
			// the restarted hub is still recovering
			return -1;
		}
	}

	private static long count(Connection db, String sql) throws Exception {
		try (ResultSet rows = db.createStatement().executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/**
	 * A hub in a child JVM on these folders and ports, the test profile's other settings.
	 */
	private static Process start(Path data, int httpPort, int databasePort, int round) throws Exception {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classpath,
				HubApplication.class.getName(), "--spring.profiles.active=test", "--server.port=" + httpPort,
				"--hub.db.embedded.data-directory=" + data.resolve("postgres"), "--hub.db.embedded.clean=false",
				"--hub.db.embedded.port=" + databasePort, "--hub.broker.url=vm://0",
				"--hub.broker.embedded.data-directory=" + data.resolve("artemis"), "--hub.broker.embedded.core-port=-1",
				"--hub.broker.embedded.amqp-port=-1", "--hub.broker.embedded.mqtt-port=-1",
				"--hub.ingest.inbox=" + data.resolve("inbox"), "--hub.test.smtp-port=" + freePort(),
				"--hub.test.twilio-port=" + freePort(), "--hub.email.dispatch.enabled=false",
				"--hub.email.reminders.enabled=false", "--hub.sms.dispatch.enabled=false",
				"--hub.resellers.webhook.enabled=false", "--hub.resellers.digest.enabled=false"));
		File log = data.resolve("hub-" + round + ".log").toFile();
		Process hub = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
			.start();
		try {
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
				if (!hub.isAlive()) {
					throw new AssertionError("the hub stopped at start-up: see " + log);
				}
				return ready(httpPort);
			});
		}
		catch (RuntimeException | AssertionError ex) {
			killTree(hub);
			throw ex;
		}
		return hub;
	}

	private static boolean ready(int port) {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** kill -9 of the hub and of every process it started (its PostgreSQL server). */
	private static void killTree(Process hub) throws InterruptedException {
		List<ProcessHandle> tree = new ArrayList<>(hub.descendants().toList());
		hub.destroyForcibly();
		tree.forEach(ProcessHandle::destroyForcibly);
		hub.waitFor();
		for (ProcessHandle process : tree) {
			process.onExit().join();
		}
	}

	private static void stop(Process hub) throws InterruptedException {
		List<ProcessHandle> tree = new ArrayList<>(hub.descendants().toList());
		hub.destroy();
		if (!hub.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
			killTree(hub);
		}
		tree.forEach(ProcessHandle::destroyForcibly);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}

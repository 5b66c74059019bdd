package com.venuehub;

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
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.venuehub.platform.EmbeddedDatabaseConfiguration;

import static org.awaitility.Awaitility.await;

/**
 * A hub in a child JVM on its own folders and ports, with the test profile's other
 * settings, for the tests that kill it as a crash would: {@link #kill()} is
 * {@code kill -9} of the JVM and of the PostgreSQL server it started.
 */
public final class ChildHub {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/**
	 * JVM options of the hubs and brokers the tests start: the client compiler only and
	 * the serial collector. A JVM that lives a minute starts about a quarter sooner.
	 */
	public static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	private final Path data;

	private final int httpPort;

	private final int databasePort;

	private final Process process;

	private ChildHub(Path data, int httpPort, int databasePort, Process process) {
		this.data = data;
		this.httpPort = httpPort;
		this.databasePort = databasePort;
		this.process = process;
	}

	/**
	 * Starts a hub on these folders and ports and waits until it is ready; its log is
	 * {@code hub-<round>.log} in the data folder. The arguments given
	 * ({@code --name=value}) replace the defaults here (dispatchers and schedulers off,
	 * no broker ports).
	 */
	public static ChildHub start(Path data, int httpPort, int databasePort, int round, String... arguments)
			throws Exception {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> settings = new ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=" + httpPort,
				"--hub.db.embedded.data-directory=" + data.resolve("postgres"), "--hub.db.embedded.clean=false",
				"--hub.db.embedded.port=" + databasePort, "--hub.broker.url=vm://0",
				"--hub.broker.embedded.data-directory=" + data.resolve("artemis"), "--hub.broker.embedded.core-port=-1",
				"--hub.broker.embedded.amqp-port=-1", "--hub.broker.embedded.mqtt-port=-1",
				"--hub.ingest.inbox=" + data.resolve("inbox"), "--hub.test.smtp-port=" + freePort(),
				"--hub.test.twilio-port=" + freePort(), "--hub.email.dispatch.enabled=false",
				"--hub.email.reminders.enabled=false", "--hub.sms.dispatch.enabled=false",
				"--hub.resellers.webhook.enabled=false", "--hub.resellers.digest.enabled=false"));
		// an argument given replaces the default of its setting (a repeated one would be
		// read as a list)
		Map<String, String> byName = new LinkedHashMap<>();
		for (String setting : settings) {
			byName.put(setting.substring(0, setting.indexOf('=')), setting);
		}
		for (String argument : arguments) {
			byName.put(argument.substring(0, argument.indexOf('=')), argument);
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
		command.addAll(QUICK_START);
		command.addAll(List.of("-cp", classpath, HubApplication.class.getName()));
		command.addAll(byName.values());
		File log = data.resolve("hub-" + round + ".log").toFile();
		Process hub = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
			.start();
		ChildHub child = new ChildHub(data, httpPort, databasePort, hub);
		try {
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
				if (!hub.isAlive()) {
					throw new AssertionError("the hub stopped at start-up: see " + log);
				}
				return ready(httpPort);
			});
		}
		catch (RuntimeException | AssertionError ex) {
			child.kill();
			throw ex;
		}
		return child;
	}

	public int httpPort() {
		return this.httpPort;
	}

	/** A connection to the hub's PostgreSQL server, as its owner. */
	public Connection database() throws IOException, SQLException {
		Properties login = new Properties();
		login.setProperty("user", "postgres");
		login.setProperty("password",
				Files.readString(EmbeddedDatabaseConfiguration.passwordFile(this.data.resolve("postgres"))).strip());
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + this.databasePort + "/postgres", login);
	}

	/** A count the SQL answers, its parameters bound in order. */
	public long count(String sql, Object... parameters) throws IOException, SQLException {
		try (Connection db = database(); PreparedStatement query = db.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				query.setObject(i + 1, parameters[i]);
			}
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	/**
	 * How many of these online orders have their ticket in the store; -1 while the hub
	 * cannot answer.
	 */
	public long ordersApplied(Set<String> codes) {
		try (Connection db = database();
				PreparedStatement query = db
					.prepareStatement("select count(distinct sale_ref) from ticket where sale_ref = any (?)")) {
			query.setArray(1, db.createArrayOf("text", codes.toArray()));
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() ? rows.getLong(1) : 0;
			}
		}
		catch (IOException | SQLException ex) {
			return -1;
		}
	}

	/** kill -9 of the hub and of every process it started (its PostgreSQL server). */
	public void kill() throws InterruptedException {
		List<ProcessHandle> tree = new ArrayList<>(this.process.descendants().toList());
		this.process.destroyForcibly();
		tree.forEach(ProcessHandle::destroyForcibly);
		this.process.waitFor();
		for (ProcessHandle process : tree) {
			process.onExit().join();
		}
	}

	/** A stop as an operator's, then kill -9 of whatever is left. */
	public void stop() throws InterruptedException {
		List<ProcessHandle> tree = new ArrayList<>(this.process.descendants().toList());
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			kill();
		}
		tree.forEach(ProcessHandle::destroyForcibly);
	}

	/** Whether the hub's readiness is UP now. */
	public boolean ready() {
		return ready(this.httpPort);
	}

	/**
	 * The hub's readiness document, whatever its status; empty while it cannot answer.
	 */
	public String readiness() {
		try {
			return HTTP
				.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + this.httpPort + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
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

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}

package com.venuehub;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Spring context for every end-to-end test (real embedded PostgreSQL and Artemis, the
 * real routes, HTTP on a random port). Tests do not share data: each builds its records
 * from a fresh {@link #unique()} token, so no truncation is needed between them.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(HubTestConfiguration.class)
public abstract class HubTestSupport {

	public static final String OPERATOR_KEY = "dev-operator-key";

	/**
	 * The embedded broker's AMQP, MQTT and core ports: chosen once per JVM, the same for
	 * every test class. Another hub instance joins the broker through the core port.
	 */
	protected static final int AMQP_PORT;

	protected static final int MQTT_PORT;

	protected static final int CORE_PORT;

	static {
		// the embedded broker's journal is kept across runs by design; tests start from
		// an empty one
		deleteTree(Path.of("target/test-data"));
		AMQP_PORT = freePort();
		MQTT_PORT = freePort();
		CORE_PORT = freePort();
	}

	@DynamicPropertySource
	static void brokerPorts(DynamicPropertyRegistry properties) {
		// declared here only, with constant values: every test class keeps sharing one
		// Spring context
		properties.add("hub.broker.embedded.amqp-port", () -> AMQP_PORT);
		properties.add("hub.broker.embedded.mqtt-port", () -> MQTT_PORT);
		properties.add("hub.broker.embedded.core-port", () -> CORE_PORT);
	}

	/**
	 * The loyalty platform's user on the embedded broker
	 * ({@code hub.broker.embedded.loyalty-users}): may send to loyalty.in only.
	 */
	public static final String LOYALTY_BROKER_USER = "loyalty-test";

	public static final String LOYALTY_BROKER_PASSWORD = "test-loyalty-broker-password";

	/**
	 * Venues whose kiosks have a user on the embedded broker
	 * ({@code hub.broker.embedded.kiosk-users}); each test takes venues of its own with
	 * {@link #kioskVenue()}, so that its answers and scores are its own.
	 */
	private static final int KIOSK_VENUES = 40;

	private static final AtomicInteger KIOSK_VENUES_TAKEN = new AtomicInteger();

	@DynamicPropertySource
	static void brokerUsers(DynamicPropertyRegistry properties) {
		properties.add("hub.broker.embedded.loyalty-users." + LOYALTY_BROKER_USER, () -> LOYALTY_BROKER_PASSWORD);
		for (int i = 1; i <= KIOSK_VENUES; i++) {
			String venue = "venue-" + i;
			properties.add("hub.broker.embedded.kiosk-users." + kioskUser(venue) + ".venue", () -> venue);
			properties.add("hub.broker.embedded.kiosk-users." + kioskUser(venue) + ".password",
					() -> kioskPassword(venue));
		}
	}

	/** A venue of this test's own, whose kiosks may publish over MQTT. */
	public static String kioskVenue() {
		int n = KIOSK_VENUES_TAKEN.incrementAndGet();
		if (n > KIOSK_VENUES) {
			throw new AssertionError("more than " + KIOSK_VENUES + " kiosk venues taken: declare more");
		}
		return "venue-" + n;
	}

	/** The broker user of a venue's kiosks. */
	public static String kioskUser(String venue) {
		return "kiosks-" + venue;
	}

	public static String kioskPassword(String venue) {
		return "test-kiosk-password-" + venue;
	}

	protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void testServers(DynamicPropertyRegistry registry) {
		// the SMTP server is up before the context, on a port the whole JVM keeps
		registry.add("hub.test.smtp-port", TestMailServer::port);
		registry.add("hub.test.twilio-port", () -> TestTwilioServer.server().port());
	}

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected ObjectMapper json;

	@Value("${hub.ingest.inbox}")
	protected String inbox;

	/**
	 * A series of the Prometheus scrape ({@code name{tags}}), NaN when it is not there.
	 */
	protected double gauge(String series) {
		return gauge(series, Double.NaN);
	}

	/** A series of the Prometheus scrape, or {@code absent} when it is not there. */
	protected double gauge(String series, double absent) {
		String metrics = get("/actuator/prometheus", null).body();
		Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
		return value.find() ? Double.parseDouble(value.group(1)) : absent;
	}

	protected static String unique() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
	}

	protected HttpResponse<String> post(String path, String key, String contentType, String body) {
		return send(to(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)), key);
	}

	/** Posts these bytes as they are, in whatever charset they are written. */
	protected HttpResponse<String> postBytes(String path, String key, String contentType, byte[] body) {
		HttpRequest.Builder request = to(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request, key);
	}

	protected HttpResponse<String> get(String path, String key) {
		return send(to(path).GET(), key);
	}

	protected HttpResponse<String> put(String path, String key, String contentType, String body) {
		return send(to(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body)), key);
	}

	protected HttpResponse<String> delete(String path, String key) {
		return send(to(path).DELETE(), key);
	}

	private HttpRequest.Builder to(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	/** Sends the request with the API key, when there is one. */
	private static HttpResponse<String> send(HttpRequest.Builder request, String key) {
		if (key != null) {
			request.header("X-Api-Key", key);
		}
		return send(request.build());
	}

	protected JsonNode getJson(String path) {
		HttpResponse<String> response = get(path, OPERATOR_KEY);
		if (response.statusCode() != 200) {
			throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return readJson(response.body());
	}

	protected JsonNode readJson(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (IOException ex) {
			throw new AssertionError("not JSON: " + body, ex);
		}
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Posts these sales to the box-office ingest endpoint as one CSV export; answers the
	 * ingest report.
	 */
	protected JsonNode postBoxOffice(BoxOfficeSale... sales) {
		HttpResponse<String> answer = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv",
				BoxOfficeSale.csv(sales));
		if (answer.statusCode() != 202) {
			throw new AssertionError("box-office ingest answered " + answer.statusCode() + ": " + answer.body());
		}
		return readJson(answer.body());
	}

	/**
	 * Drops these sales in the box-office inbox folder as one export file, written aside
	 * then moved in, as an export job should.
	 */
	protected void dropBoxOffice(String fileName, BoxOfficeSale... sales) {
		try {
			Path folder = Path.of(this.inbox, "box-office");
			Files.createDirectories(folder);
			Path part = Files.writeString(folder.getParent().resolve(fileName + ".part"), BoxOfficeSale.csv(sales),
					java.nio.charset.StandardCharsets.UTF_8);
			Files.move(part, folder.resolve(fileName));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	/** Waits until the ticket is applied with a customer; answers that customer. */
	protected long holderOf(String ticket) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select customer_id from ticket where ticket_number = ?", Long.class,
					ticket), found -> !found.isEmpty() && found.get(0) != null)
			.get(0);
	}

	/**
	 * Waits until the ticket is applied; answers whether it has a customer (false: an
	 * anonymous sale).
	 */
	protected boolean appliedWithHolder(String ticket) {
		List<Long> found = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select customer_id from ticket where ticket_number = ?", Long.class,
					ticket), rows -> !rows.isEmpty());
		return found.get(0) != null;
	}

	/**
	 * The emails the test SMTP server received for that address, whose outbox dedup key
	 * starts so.
	 */
	protected static List<MimeMessage> mailsTo(String address, String dedupKeyPrefix) {
		return TestMailServer.receivedBy(address).stream().filter(m -> dedupKey(m).startsWith(dedupKeyPrefix)).toList();
	}

	/** A reseller made through the API, with its own key. */
	public record TestReseller(long id, String code, String key) {
	}

	/** A new reseller of that code, through the operator API. */
	protected TestReseller newReseller(String code) {
		HttpResponse<String> response = post("/api/v1/resellers", OPERATOR_KEY, "application/json",
				"{\"code\": \"" + code + "\", \"name\": \"Voyages " + code + "\", \"email\": \"stock."
						+ code.toLowerCase() + "@reseller.example\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode created = readJson(response.body());
		return new TestReseller(created.path("id").asLong(), code, created.path("apiKey").asText());
	}

	/** An undated allocation of the reseller, with the default thresholds; its id. */
	protected long allocate(TestReseller reseller, String product, int quantity) {
		HttpResponse<String> response = post("/api/v1/resellers/" + reseller.id() + "/allocations", OPERATOR_KEY,
				"application/json", "{\"productCode\": \"" + product + "\", \"quantity\": " + quantity + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return readJson(response.body()).path("id").asLong();
	}

	/** The allocation's remaining stock, as the reseller reads it with its own key. */
	protected int remaining(TestReseller reseller, long allocation) {
		for (JsonNode a : readJson(get("/api/v1/resellers/" + reseller.id() + "/stock", reseller.key()).body())) {
			if (a.path("id").asLong() == allocation) {
				return a.path("remaining").asInt();
			}
		}
		throw new AssertionError("no allocation " + allocation);
	}

	/** The outbox dedup key an email carries. */
	public static String dedupKey(MimeMessage message) {
		try {
			String[] values = message.getHeader("X-Hub-Dedup-Key");
			return values == null ? "" : values[0];
		}
		catch (MessagingException ex) {
			throw new AssertionError(ex);
		}
	}

	protected static String resource(String name) {
		try (var in = HubTestSupport.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new AssertionError("missing test resource " + name);
			}
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("no free port for the test broker", ex);
		}
	}

	public static void deleteTree(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

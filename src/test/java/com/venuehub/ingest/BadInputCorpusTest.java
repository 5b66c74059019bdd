package com.venuehub.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.HubTestSupport;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input corpus ({@code src/test/resources/ingest/bad-input-corpus.jsonl}): every
 * HTTP ingest source, the box-office file drop and the Twilio webhooks fed what an
 * attacker or an unlucky export sends (NUL bytes, control characters, over-long fields,
 * wrong types, impossible dates, huge numbers, deep JSON, wrong content types and
 * charsets, invalid bytes, injection strings, forged keys). For each: never a 5xx; a
 * refusal is a problem detail saying what is wrong; each case gets the outcome it names;
 * and nothing is lost after a 2xx: every record read is applied (in the store) or
 * quarantined with a reason.
 */
class BadInputCorpusTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Pattern BYTE = Pattern.compile("\\{\\{0x([0-9A-Fa-f]{2})}}");

	private static final String PUBLIC_URL = "https://hub.venue-hub.test";

	private static final String AUTH_TOKEN = "test-auth-token";

	private static volatile String reseller;

	private static volatile String resellerKey;

	@Autowired
	EmbeddedActiveMQ broker;

	static Stream<Arguments> corpus() throws IOException {
		ObjectMapper json = new ObjectMapper();
		List<Arguments> cases = new ArrayList<>();
		try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/ingest/bad-input-corpus.jsonl")) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank()) {
					JsonNode c = json.readTree(line);
					cases.add(Arguments.of(c.path("source").asText() + ": " + c.path("case").asText(), c));
				}
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void badInputIsNeverA5xxAndNothingTakenIsLost(String name, JsonNode c) throws Exception {
		String u = unique();
		String source = c.path("source").asText();
		String expect = c.path("expect").asText();
		if (source.equals("box-office-file")) {
			dropped(name, c, u, expect);
			return;
		}
		HttpResponse<String> response = source.startsWith("twilio-") ? twilio(c, u) : ingest(c, u, source);
		String seen = name + " answered " + response.statusCode() + ": " + abbreviate(response.body());
		assertThat(response.statusCode()).as(seen).isLessThan(500);
		if (c.has("status")) {
			assertThat(response.statusCode()).as(seen).isEqualTo(c.path("status").asInt());
		}
		if (response.statusCode() >= 400) {
			assertThat(expect).as(seen).isEqualTo("rejected");
			assertThat(response.headers().firstValue("Content-Type").orElse("")).as(seen).contains("json");
			JsonNode problem = readJson(response.body());
			assertThat(problem.path("detail").asText()).as(seen)
				.isNotBlank()
				.doesNotContain("Exception:")
				.doesNotContain("\tat ")
				.doesNotContain("org.springframework");
			return;
		}
		assertThat(expect).as(seen).isNotEqualTo("rejected");
		if (source.startsWith("twilio-")) {
			await(seen).atMost(WAIT).until(this::callbacksApplied);
			return;
		}
		JsonNode report = readJson(response.body());
		checkNothingLost(seen, report, u, expect);
	}

	private void checkNothingLost(String seen, JsonNode report, String u, String expect) {
		int read = report.path("read").asInt();
		int accepted = report.path("accepted").asInt();
		int quarantined = report.path("quarantined").asInt();
		assertThat(accepted + quarantined).as(seen).isEqualTo(read);
		for (JsonNode rejection : report.path("rejections")) {
			assertThat(rejection.path("reason").asText()).as(seen).isNotBlank();
			JsonNode kept = getJson("/api/v1/quarantine/" + rejection.path("quarantineId").asLong());
			assertThat(kept.path("reason").asText()).as(seen).isEqualTo(rejection.path("reason").asText());
		}
		switch (expect) {
			case "empty", "done-empty" -> assertThat(read).as(seen).isZero();
			case "applied" -> {
				assertThat(accepted).as(seen).isPositive();
				await(seen).atMost(WAIT).until(() -> applied(u) >= accepted);
			}
			case "quarantined" -> {
				assertThat(accepted).as(seen).isZero();
				assertThat(quarantined).as(seen).isPositive();
				assertThat(quarantinedAtIntake(u)).as(seen).isGreaterThanOrEqualTo(quarantined);
			}
			case "taken", "done" -> {
				assertThat(read).as(seen).isPositive();
				// each accepted record ends in the store, or in quarantine when the
				// database refuses its data
				await(seen).atMost(WAIT).until(() -> applied(u) + quarantinedByUnify(u) >= accepted);
			}
			default -> throw new AssertionError(seen + ": the corpus names an unknown outcome '" + expect + "'");
		}
	}

	private HttpResponse<String> ingest(JsonNode c, String u, String source) {
		// a reseller posts with its own key
		String key = c.has("key") ? c.path("key").asText()
				: source.equals("reseller") ? resellerKey() : "dev-" + source + "-key";
		String contentType = c.has("contentType") ? c.path("contentType").asText() : null;
		return postBytes("/api/v1/ingest/" + source, key.equals("none") ? null : key, contentType,
				body(c.path("body").asText(), c.path("encoding").asText("UTF-8"), u));
	}

	private void dropped(String name, JsonNode c, String u, String expect) throws IOException {
		Path folder = Files.createDirectories(Path.of(this.inbox, "box-office"));
		String file = "corpus-" + u + ".csv";
		Path part = Files.write(folder.getParent().resolve(file + ".part"),
				body(c.path("body").asText(), c.path("encoding").asText("UTF-8"), u));
		Files.move(part, folder.resolve(file));
		String outcome = await(name).atMost(WAIT).until(() -> outcome(folder, u), o -> o != null);
		assertThat(outcome).as(name + ": " + outcome).startsWith(expect.equals("failed") ? "failed" : "done");
		if (outcome.startsWith("failed")) {
			assertThat(outcome).as(name).contains("Problem:");
			return;
		}
		JsonNode report = readJson(outcome.substring("done".length()));
		checkNothingLost(name + " (" + report + ")", report, u, report.path("read").asInt() == 0 ? "empty" : "taken");
	}

	/**
	 * "done" and its JSON report, "failed" and its text report, or null while the file
	 * waits.
	 */
	private static String outcome(Path folder, String u) throws IOException {
		for (String kind : List.of(".done", ".failed")) {
			Path dir = folder.resolve(kind);
			if (!Files.isDirectory(dir)) {
				continue;
			}
			try (Stream<Path> files = Files.list(dir)) {
				for (Path file : files.toList()) {
					String fileName = file.getFileName().toString();
					if (fileName.contains("corpus-" + u) && fileName.matches(".*\\.report\\.(json|txt)")) {
						return kind.substring(1) + Files.readString(file);
					}
				}
			}
		}
		return null;
	}

	private HttpResponse<String> twilio(JsonNode c, String u) throws Exception {
		String path = c.path("source").asText().equals("twilio-inbound") ? "/webhooks/twilio/inbound"
				: "/webhooks/twilio/status";
		Map<String, String> params = new TreeMap<>();
		c.path("form")
			.fields()
			.forEachRemaining(field -> params.put(field.getKey(), fill(field.getValue().asText(), u)));
		StringBuilder form = new StringBuilder();
		params.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&")
			.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("I-Twilio-Idempotency-Token", "corpus-" + u)
			.POST(HttpRequest.BodyPublishers.ofString(form.toString()));
		if (c.path("signed").asBoolean(true)) {
			StringBuilder data = new StringBuilder(PUBLIC_URL + path);
			params.forEach((k, v) -> data.append(k).append(v));
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			request.header("X-Twilio-Signature",
					Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8))));
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The body's bytes: tokens filled in, written in the case's encoding, a byte-order
	 * mark when it says so, and each {@code {{0xHH}}} as that raw byte.
	 */
	private byte[] body(String text, String encoding, String u) {
		boolean bom = encoding.endsWith("+BOM");
		Charset charset = Charset.forName(bom ? encoding.substring(0, encoding.length() - 4) : encoding);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		if (bom) {
			bytes.writeBytes("\uFEFF".getBytes(charset.name().equals("UTF-16") ? StandardCharsets.UTF_16BE : charset));
		}
		Matcher raw = BYTE.matcher(fill(text, u));
		int from = 0;
		String filled = fill(text, u);
		while (raw.find()) {
			bytes.writeBytes(filled.substring(from, raw.start()).getBytes(charset));
			bytes.write(Integer.parseInt(raw.group(1), 16));
			from = raw.end();
		}
		bytes.writeBytes(filled.substring(from).getBytes(charset));
		return bytes.toByteArray();
	}

	private String fill(String text, String u) {
		return text.replace("{{u}}", u)
			.replace("{{U}}", u.toUpperCase())
			.replace("{{digits}}", String.valueOf(1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999)))
			.replace("{{reseller}}", reseller());
	}

	/**
	 * A reseller of the corpus's own, made once, whose sales the reseller cases report.
	 */
	private String reseller() {
		if (reseller == null) {
			String code = "CORPUS" + unique().toUpperCase();
			HttpResponse<String> created = post("/api/v1/resellers", OPERATOR_KEY, "application/json",
					"{\"code\": \"" + code + "\", \"name\": \"Corpus\", \"email\": \"corpus@reseller.example\"}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			resellerKey = readJson(created.body()).path("apiKey").asText();
			reseller = code;
		}
		return reseller;
	}

	private String resellerKey() {
		reseller();
		return resellerKey;
	}

	private int applied(String u) {
		return this.jdbc.queryForObject("select count(*) from processed_event where event_id like ?", Integer.class,
				"%" + u + "%");
	}

	private int quarantinedAtIntake(String u) {
		return this.jdbc.queryForObject(
				"select count(*) from quarantine where origin <> 'unify' and (raw_payload like ? or raw_payload like ?)",
				Integer.class, "%" + u + "%", "%" + u.toUpperCase() + "%");
	}

	private int quarantinedByUnify(String u) {
		return this.jdbc.queryForObject("select count(*) from quarantine where origin = 'unify' and raw_payload like ?",
				Integer.class, "%" + u + "%");
	}

	private boolean callbacksApplied() {
		Queue queue = this.broker.getActiveMQServer().locateQueue(SimpleString.of("twilio.callbacks"));
		return queue == null || queue.getMessageCount() == 0;
	}

	private static String abbreviate(String text) {
		return text == null ? "" : text.length() > 600 ? text.substring(0, 600) + "…" : text;
	}

}

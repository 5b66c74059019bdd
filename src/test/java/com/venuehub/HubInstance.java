package com.venuehub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another hub started in the test JVM apart from the shared test context, the way an
 * operator starts one: the test profile, then command-line settings (they win over it),
 * HTTP on a random port, the JVM's SMTP server and Twilio stand-in.
 */
public final class HubInstance implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConfigurableApplicationContext context;

	private HubInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts a hub with these settings ({@code --key=value}) on top of the defaults. */
	public static HubInstance start(String... settings) {
		Map<String, String> args = new LinkedHashMap<>();
		for (String setting : List.of("--server.port=0", "--hub.test.smtp-port=" + TestMailServer.port(),
				"--hub.test.twilio-port=" + TestTwilioServer.server().port())) {
			args.put(setting.substring(0, setting.indexOf('=')), setting);
		}
		for (String setting : settings) {
			// a setting given twice would be bound as a list: the later one replaces
			args.put(setting.substring(0, setting.indexOf('=')), setting);
		}
		return new HubInstance(
				new SpringApplicationBuilder(HubApplication.class, HubTestConfiguration.class).profiles("test")
					.run(args.values().toArray(String[]::new)));
	}

	/**
	 * Starts a hub that uses an external PostgreSQL and an external Artemis, as in
	 * production, with these settings on top.
	 */
	public static HubInstance startExternal(String jdbcUrl, String brokerUrl, String... settings) {
		List<String> args = new ArrayList<>(
				List.of("--hub.db.embedded.enabled=false", "--spring.datasource.url=" + jdbcUrl,
						"--spring.datasource.username=postgres", "--spring.datasource.password=" + databasePassword(),
						"--hub.broker.embedded.enabled=false", "--hub.broker.url=" + brokerUrl));
		args.addAll(List.of(settings));
		return start(args.toArray(String[]::new));
	}

	/**
	 * Starts a hub of its own on these data folders (its PostgreSQL server, its broker's
	 * journal on in-VM id {@code vm}, its inbox), kept as they are: a hub started again
	 * on the same folders finds what the last one left. Network acceptors off; these
	 * settings on top.
	 */
	public static HubInstance startOn(Path data, int vm, String... settings) {
		List<String> args = new ArrayList<>(List.of("--hub.db.embedded.clean=false",
				"--hub.db.embedded.data-directory=" + data.resolve("postgres"),
				"--hub.broker.embedded.data-directory=" + data.resolve("artemis"), "--hub.broker.url=vm://" + vm,
				"--hub.ingest.inbox=" + data.resolve("inbox"), "--hub.broker.embedded.amqp-port=-1",
				"--hub.broker.embedded.mqtt-port=-1", "--hub.email.dispatch.enabled=false"));
		args.addAll(List.of(settings));
		return start(args.toArray(String[]::new));
	}

	/**
	 * The password of the test JVM's embedded PostgreSQL, from the file the hub keeps
	 * beside its data directory.
	 */
	public static String databasePassword() {
		try {
			return java.nio.file.Files
				.readString(com.venuehub.platform.EmbeddedDatabaseConfiguration
					.passwordFile(java.nio.file.Path.of("target/test-data/postgres").toAbsolutePath()))
				.strip();
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public HttpResponse<String> post(String path, String key, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
			.header("Content-Type", contentType)
			.header("X-Api-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	public HttpResponse<String> get(String path, String key) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
			.header("X-Api-Key", key)
			.build());
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

	@Override
	public void close() {
		this.context.close();
	}

}

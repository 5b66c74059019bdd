package com.venuehub.console;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console user's session over HTTP, logged in through the login form (its cookie and
 * CSRF token), for tests that read pages without a browser.
 */
public final class ConsoleSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NORMAL)
		.build();

	private final int port;

	private ConsoleSession(int port) {
		this.port = port;
	}

	/** Logs in a development user (password {@code dev-<name>}). */
	public static ConsoleSession login(int port, String user) {
		ConsoleSession session = new ConsoleSession(port);
		Matcher csrf = CSRF.matcher(session.get("/console/login").body());
		assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
		String body = "username=" + user + "&password=dev-" + user + "&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> home = session.send(HttpRequest.newBuilder(session.uri("/console/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
		assertThat(home.body()).as(user + " logged in").contains("Log out");
		return session;
	}

	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	/**
	 * Posts a form as the page's own form would: with the session's CSRF token, read from
	 * the console's home page.
	 */
	public HttpResponse<String> post(String path, Map<String, String> form) {
		Matcher csrf = CSRF_META.matcher(page("/console"));
		assertThat(csrf.find()).as("the page's CSRF token").isTrue();
		String body = form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&", "", "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)));
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/** A page that must answer 200: its HTML. */
	public String page(String path) {
		HttpResponse<String> page = get(path);
		assertThat(page.statusCode()).as(path).isEqualTo(200);
		return page.body();
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}

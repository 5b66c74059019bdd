package com.venuehub.console;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pager every console listing shares: its links go to the neighbouring pages and keep
 * the listing's filters and page size.
 */
class ConsolePagerTest extends HubTestSupport {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]+)\" rel=\"(prev|next)\">");

	@Test
	void thePagerWalksAFilteredListingAndKeepsItsFilters() throws Exception {
		String word = "pager" + unique();
		this.jdbc.update("""
				insert into quarantine (source, mapping, origin, line_number, format, raw_payload, reason)
				select 'box-office', 'box-office', 'pager-test', g, 'csv', 'S-' || g || ';31/02/2026', ? || ' ' || g
				from generate_series(1, 3) g""", word);
		HttpClient session = login("it");

		String first = page(session, "/console/quarantine?reason=" + word + "&size=2");
		assertThat(first).contains("Page 1 of 2", word + " 3", word + " 2").doesNotContain(word + " 1<");
		assertThat(links(first, "prev")).isNull();
		String next = links(first, "next");
		assertThat(next).isEqualTo("/console/quarantine?reason=" + word + "&size=2&page=1");

		String second = page(session, next);
		assertThat(second).contains("Page 2 of 2", word + " 1").doesNotContain(word + " 3<");
		assertThat(links(second, "next")).isNull();
		assertThat(links(second, "prev")).isEqualTo("/console/quarantine?reason=" + word + "&size=2&page=0");
	}

	/**
	 * The pager's link to the previous or next page, unescaped; null when there is none.
	 */
	private static String links(String page, String rel) {
		Matcher link = LINK.matcher(page);
		while (link.find()) {
			if (link.group(2).equals(rel)) {
				return link.group(1).replace("&amp;", "&");
			}
		}
		return null;
	}

	private String page(HttpClient session, String path) throws Exception {
		HttpResponse<String> page = session.send(HttpRequest.newBuilder(uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).as(path).isEqualTo(200);
		return page.body();
	}

	/** A session of that console user, logged in through the login form. */
	private HttpClient login(String user) throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		String form = page(client, "/console/login");
		Matcher csrf = CSRF.matcher(form);
		assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
		String body = "username=" + user + "&password=dev-" + user + "&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> home = client.send(HttpRequest.newBuilder(uri("/console/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(home.body()).as(user + " logged in").contains("Log out");
		return client;
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}

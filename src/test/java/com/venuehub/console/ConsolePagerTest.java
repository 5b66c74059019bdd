package com.venuehub.console;

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

	private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]+)\" rel=\"(prev|next)\">");

	@Test
	void thePagerWalksAFilteredListingAndKeepsItsFilters() {
		String word = "pager" + unique();
		this.jdbc.update("""
				insert into quarantine (source, mapping, origin, line_number, format, raw_payload, reason)
				select 'box-office', 'box-office', 'pager-test', g, 'csv', 'S-' || g || ';31/02/2026', ? || ' ' || g
				from generate_series(1, 3) g""", word);
		ConsoleSession session = ConsoleSession.login(this.port, "it");

		String first = session.page("/console/quarantine?reason=" + word + "&size=2");
		assertThat(first).contains("Page 1 of 2", word + " 3", word + " 2").doesNotContain(word + " 1<");
		assertThat(links(first, "prev")).isNull();
		String next = links(first, "next");
		assertThat(next).isEqualTo("/console/quarantine?reason=" + word + "&size=2&page=1");

		String second = session.page(next);
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

}

package com.venuehub.customer;

import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A store that already knows a first name: customers of other families bearing it, with
 * the match key the names' counts are read from, as an earlier stream left them. The
 * names are the test's own, so that no count of them is remembered from another test.
 */
final class NameBearers {

	private NameBearers() {
	}

	/** Letters only, from a test's token: a word no other test uses. */
	static String word(String token) {
		return token.chars()
			.map(c -> Character.isDigit(c) ? 'g' + (c - '0') : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
	}

	/**
	 * Adds {@code count} customers bearing that first name, written as the store folds it
	 * ({@code lena…} for Léna…).
	 */
	static void add(JdbcTemplate jdbc, String firstName, String folded, int count, String token) {
		for (int i = 0; i < count; i++) {
			Long id = jdbc.queryForObject("insert into customer (first_name, last_name) values (?, ?) returning id",
					Long.class, firstName, "Porteur" + token + i);
			jdbc.update("insert into customer_match_key (customer_id, key) values (?, ?)", id,
					"tf|fn|" + folded.toLowerCase(Locale.ROOT));
		}
	}

	/**
	 * Adds a customer bearing that first and last name, counted under each name and under
	 * the full name (names of Latin letters without accents, as the store folds them).
	 */
	static void addBearing(JdbcTemplate jdbc, String firstName, String lastName) {
		Long id = jdbc.queryForObject("insert into customer (first_name, last_name) values (?, ?) returning id",
				Long.class, firstName, lastName);
		for (String key : List.of("tf|fn|" + firstName, "tf|ln|" + lastName, "tf|nm|" + firstName + "|" + lastName)) {
			jdbc.update("insert into customer_match_key (customer_id, key) values (?, ?)", id,
					key.toLowerCase(Locale.ROOT));
		}
	}

}

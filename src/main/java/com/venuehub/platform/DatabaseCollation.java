package com.venuehub.platform;

import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Says at start-up how the database compares text. The hub looks up and keeps unique its
 * match keys, identifiers, event ids, ticket numbers and dedup keys in text indexes. A
 * database created with a linguistic collation ({@code en_US.UTF-8}, {@code fr_FR.UTF-8},
 * an ICU locale) compares every one of them through the collation library, slower than by
 * code point, and an upgrade of that library (a new glibc or ICU) can leave those indexes
 * out of order until they are rebuilt. The embedded server is created by code point
 * ({@link DatabaseProperties.Embedded#CODE_POINT_ORDER}); an external one is the
 * operator's: ops/README.md says how to create it.
 */
@Component
public class DatabaseCollation {

	private static final Logger log = LoggerFactory.getLogger(DatabaseCollation.class);

	/** How a database compares text, as far as the hub's keys are concerned. */
	public enum Order {

		/** byte by byte (the builtin provider, or libc's C and POSIX) */
		CODE_POINT,

		/** libc's C.UTF-8: code point order, through the C library's comparison */
		CODE_POINT_THROUGH_LIBRARY,

		/** a language's order, through libc or ICU */
		LINGUISTIC

	}

	private final JdbcTemplate jdbc;

	public DatabaseCollation(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param provider {@code pg_database.datlocprovider}: {@code b} builtin, {@code c}
	 * libc, {@code i} ICU, null before PostgreSQL 15 (libc)
	 * @param collate {@code pg_database.datcollate} (libc's collation)
	 */
	public static Order order(String provider, String collate) {
		if ("b".equals(provider)) {
			return Order.CODE_POINT;
		}
		if ("i".equals(provider)) {
			return Order.LINGUISTIC;
		}
		if ("C".equals(collate) || "POSIX".equals(collate)) {
			return Order.CODE_POINT;
		}
		String folded = collate == null ? "" : collate.replace("-", "").toLowerCase(Locale.ROOT);
		return folded.equals("c.utf8") ? Order.CODE_POINT_THROUGH_LIBRARY : Order.LINGUISTIC;
	}

	@EventListener(ApplicationReadyEvent.class)
	public void report() {
		Map<String, Object> row;
		try {
			// the columns of PostgreSQL 15 to 17 read by name: null where a version has
			// none
			row = this.jdbc.queryForMap("""
					select to_jsonb(d) ->> 'datlocprovider' as provider, d.datcollate as collate,
					       coalesce(to_jsonb(d) ->> 'datlocale', to_jsonb(d) ->> 'daticulocale') as locale
					from pg_database d where d.datname = current_database()""");
		}
		catch (DataAccessException ex) {
			log.info("How PostgreSQL compares text could not be read: {}", ex.getMostSpecificCause().getMessage());
			return;
		}
		String provider = (String) row.get("provider");
		String collate = (String) row.get("collate");
		String locale = (String) row.get("locale");
		String named = switch (provider == null ? "c" : provider) {
			case "b" -> "the builtin locale " + locale;
			case "i" -> "the ICU locale " + locale;
			default -> "the C library's locale " + collate;
		};
		switch (order(provider, collate)) {
			case CODE_POINT -> log.info("PostgreSQL compares text by code point ({})", named);
			case CODE_POINT_THROUGH_LIBRARY ->
				log.info("PostgreSQL compares text by code point through the C library ({}); the builtin C.UTF-8 "
						+ "locale compares the hub's keys faster (ops/README.md, \"The database\")", named);
			case LINGUISTIC -> log.warn("PostgreSQL compares text with {}: every key, identifier and event id of "
					+ "the hub's indexes is compared through that collation, slower than by code point, and an "
					+ "upgrade of its library can leave those indexes out of order until they are rebuilt. "
					+ "A database created with the builtin C.UTF-8 locale avoids both (ops/README.md, \"The database\")",
					named);
		}
	}

}

package com.venuehub.platform;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the hub's PostgreSQL lives: an embedded server started by the hub itself (default
 * run, tests) or an external one (the {@code prod} profile, through
 * {@code spring.datasource.*}).
 */
@Validated
@ConfigurationProperties("hub.db")
public record DatabaseProperties(Embedded embedded) {

	public DatabaseProperties {
		if (embedded == null) {
			embedded = new Embedded(true, "data/postgres", 55432, false, Map.of(), Map.of());
		}
	}

	/**
	 * @param enabled start PostgreSQL from the build instead of using spring.datasource
	 * @param dataDirectory kept across restarts unless {@code clean} is set
	 * @param port 0 picks a free port
	 * @param clean wipe the data directory at start (tests only)
	 * @param settings further PostgreSQL server settings (e.g. {@code work_mem},
	 * {@code shared_preload_libraries}); {@code fsync} and {@code synchronous_commit}
	 * stay on whatever is set here
	 * @param initdb options of {@code initdb} for a new data directory (e.g.
	 * {@code locale-provider=icu}, {@code icu-locale=fr-FR}); unless set, text is
	 * compared by code point with PostgreSQL's builtin {@code C.UTF-8} locale
	 * ({@link #CODE_POINT_ORDER})
	 */
	public record Embedded(boolean enabled, @NotBlank String dataDirectory, @Min(0) @Max(65535) int port, boolean clean,
			Map<String, String> settings, Map<String, String> initdb) {

		/**
		 * The builtin provider's {@code C.UTF-8}: the hub's keys, identifiers and event
		 * ids are compared byte by byte in their indexes, as fast as the C locale, with
		 * Unicode's upper and lower case; independent of the shell's locale (a French
		 * laptop's {@code fr_FR.UTF-8} made every comparison go through the system's
		 * collation) and of the operating system's library, whose upgrades can leave
		 * indexes of a linguistic collation out of order. Server messages in English
		 * ({@code locale=C}).
		 */
		public static final Map<String, String> CODE_POINT_ORDER = Map.of("locale-provider", "builtin",
				"builtin-locale", "C.UTF-8", "locale", "C");

		public Embedded {
			settings = settings == null ? Map.of() : Map.copyOf(settings);
			initdb = initdb == null || initdb.isEmpty() ? CODE_POINT_ORDER : Map.copyOf(initdb);
		}

	}

}

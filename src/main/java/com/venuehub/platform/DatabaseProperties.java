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
			embedded = new Embedded(true, "data/postgres", 55432, false, Map.of());
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
	 */
	public record Embedded(boolean enabled, @NotBlank String dataDirectory, @Min(0) @Max(65535) int port, boolean clean,
			Map<String, String> settings) {

		public Embedded {
			settings = settings == null ? Map.of() : Map.copyOf(settings);
		}

	}

}

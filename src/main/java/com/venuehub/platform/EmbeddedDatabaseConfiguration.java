package com.venuehub.platform;

import java.io.IOException;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL server from the binaries shipped on Maven Central, with its
 * data in a directory that survives restarts and fsync on, so the default run needs
 * nothing installed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.db.embedded.enabled", havingValue = "true", matchIfMissing = true)
public class EmbeddedDatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(DatabaseProperties properties) throws IOException {
		DatabaseProperties.Embedded embedded = properties.embedded();
		Path dataDirectory = Path.of(embedded.dataDirectory()).toAbsolutePath();
		dataDirectory.toFile().mkdirs();
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
		// first the operator's settings, then the durability the hub relies on
		embedded.settings().forEach(builder::setServerConfig);
		// stopped by the application context once everything using it has stopped, not by
		// a JVM hook of its own racing with the context's shutdown
		return builder.setRegisterShutdownHook(false)
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(embedded.clean())
			.setPort(embedded.port())
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("max_connections", "100")
			.setServerConfig("shared_buffers", "256MB")
			.start();
	}

	@Bean(destroyMethod = "close")
	DataSource dataSource(EmbeddedPostgres postgres, @Value("${hub.db.pool-size:12}") int poolSize) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		config.setUsername("postgres");
		config.setPassword("postgres");
		config.setMaximumPoolSize(poolSize);
		config.setPoolName("hub-db");
		return new HikariDataSource(config);
	}

}

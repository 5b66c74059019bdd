package com.venuehub.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL server from the binaries shipped on Maven Central, with its
 * data in a directory that survives restarts and fsync on, so the default run needs
 * nothing installed. It takes connections with a password only (SCRAM-SHA-256), a secret
 * generated at the first start and kept beside the data directory
 * ({@code data/postgres.password}, readable by its owner only), then reused.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.db.embedded.enabled", havingValue = "true", matchIfMissing = true)
public class EmbeddedDatabaseConfiguration {

	static final String USER = "postgres";

	private static final String HBA = """
			# written by venue-hub: every connection authenticates with the password in
			# the file beside the data directory (SCRAM-SHA-256)
			local   all   all                  scram-sha-256
			host    all   all   127.0.0.1/32   scram-sha-256
			host    all   all   ::1/128        scram-sha-256
			""";

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(DatabaseProperties properties) throws IOException {
		DatabaseProperties.Embedded embedded = properties.embedded();
		Path dataDirectory = Path.of(embedded.dataDirectory()).toAbsolutePath();
		Path passwordFile = passwordFile(dataDirectory);
		String password = password(passwordFile);
		// a data directory made before passwords were required still trusts every local
		// connection: its password is set once it runs, then its pg_hba.conf rewritten
		boolean trusting = !embedded.clean() && Files.exists(dataDirectory.resolve("postgresql.conf"))
				&& !Files.readString(dataDirectory.resolve("pg_hba.conf")).contains("written by venue-hub");
		dataDirectory.toFile().mkdirs();
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
		// defaults the operator's settings may change, then their settings, then the
		// durability the hub relies on
		builder.setServerConfig("shared_buffers", "256MB");
		// a checkpoint every gigabyte of WAL (the server's default) makes every page
		// written after it go whole into the WAL again: a stream of a million records
		// wrote 14 GB of WAL, 13 of them whole pages; checkpoints further apart write a
		// third of it, at the price of a longer recovery after a crash
		builder.setServerConfig("max_wal_size", "8GB");
		builder.setServerConfig("min_wal_size", "1GB");
		builder.setServerConfig("checkpoint_timeout", "30min");
		embedded.settings().forEach(builder::setServerConfig);
		embedded.initdb().forEach(builder::setLocaleConfig);
		EmbeddedPostgres postgres = builder.setRegisterShutdownHook(false)
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(embedded.clean())
			.setPort(embedded.port())
			// initdb of a new data directory: the superuser's password from the file,
			// password authentication from the start
			.setLocaleConfig("pwfile", passwordFile.toString())
			.setLocaleConfig("auth-host", "scram-sha-256")
			.setLocaleConfig("auth-local", "scram-sha-256")
			.setDataDirectoryCustomizer(directory -> {
				if (!trusting) {
					writeHba(directory.toPath());
				}
			})
			.setConnectConfig("password", password)
			.setServerConfig("password_encryption", "scram-sha-256")
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("max_connections", "100")
			.start();
		if (trusting) {
			requirePassword(postgres, dataDirectory, password);
		}
		return postgres;
	}

	@Bean(destroyMethod = "close")
	DataSource dataSource(EmbeddedPostgres postgres, DatabaseProperties properties,
			@Value("${hub.db.pool-size:12}") int poolSize) throws IOException {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(postgres.getJdbcUrl(USER, USER));
		config.setUsername(USER);
		config.setPassword(password(passwordFile(Path.of(properties.embedded().dataDirectory()).toAbsolutePath())));
		config.setMaximumPoolSize(poolSize);
		config.setPoolName("hub-db");
		// the database's details quote the values of a row ("Key (value)=(…) already
		// exists")
		// and a failed batch would quote its parameters: none of it reaches an
		// exception's
		// text, so none reaches a log (spring.datasource.hikari.data-source-properties
		// for
		// an external database)
		config.addDataSourceProperty("logServerErrorDetail", "false");
		return new HikariDataSource(config);
	}

	/**
	 * Beside the data directory: {@code data/postgres} keeps
	 * {@code data/postgres.password}.
	 */
	public static Path passwordFile(Path dataDirectory) {
		return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".password");
	}

	/** The secret in the file, made at the first start. */
	static String password(Path file) throws IOException {
		if (!Files.exists(file)) {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			Files.createDirectories(file.toAbsolutePath().getParent());
			Path part = file.resolveSibling(file.getFileName() + ".part");
			Files.deleteIfExists(part);
			if (Files.getFileAttributeView(file.toAbsolutePath().getParent(), PosixFileAttributeView.class) != null) {
				Files.createFile(part, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
			}
			Files.writeString(part, secret + "\n", StandardCharsets.UTF_8);
			try {
				Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
				log.info("Embedded PostgreSQL: a password was generated in {}", file);
			}
			catch (FileAlreadyExistsException ex) {
				// another hub made it first: theirs holds
				Files.deleteIfExists(part);
			}
		}
		if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null
				&& !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
			Files.setPosixFilePermissions(file, OWNER_ONLY);
			log.warn("Embedded PostgreSQL: {} was readable by others; now by its owner only", file);
		}
		String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
		if (secret.isEmpty()) {
			throw new IllegalStateException(file + " is empty: delete it together with the data directory "
					+ file.resolveSibling(file.getFileName().toString().replace(".password", "")) + " to start anew");
		}
		return secret;
	}

	private static void writeHba(Path dataDirectory) {
		try {
			Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot write " + dataDirectory.resolve("pg_hba.conf"), ex);
		}
	}

	/**
	 * An older data directory: sets the superuser's password while it still trusts, then
	 * requires it from every connection.
	 */
	private static void requirePassword(EmbeddedPostgres postgres, Path dataDirectory, String password) {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("alter role " + USER + " password '" + password.replace("'", "''") + "'");
			writeHba(dataDirectory);
			statement.execute("select pg_reload_conf()");
			log.warn("Embedded PostgreSQL in {} trusted every local connection: it now requires the password in {}",
					dataDirectory, passwordFile(dataDirectory));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot set the embedded PostgreSQL password: " + ex.getMessage(), ex);
		}
	}

}

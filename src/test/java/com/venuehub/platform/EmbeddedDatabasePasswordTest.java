package com.venuehub.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import com.venuehub.HubTestSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL takes connections with its password only: the secret generated
 * in a file beside the data directory, readable by its owner only; a wrong password, the
 * old {@code postgres} or none is refused. A data directory made when every local
 * connection was trusted requires the password from its next start.
 */
class EmbeddedDatabasePasswordTest extends HubTestSupport {

	@Autowired
	EmbeddedPostgres postgres;

	@Test
	void aConnectionWithoutTheGeneratedPasswordIsRefused() throws Exception {
		Path file = EmbeddedDatabaseConfiguration.passwordFile(Path.of("target/test-data/postgres").toAbsolutePath());
		String password = Files.readString(file).strip();
		assertThat(password).hasSizeGreaterThanOrEqualTo(40);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		String url = this.postgres.getJdbcUrl("postgres", "postgres");

		for (String wrong : new String[] { "postgres", "", password + "x" }) {
			assertThatThrownBy(() -> connect(url, wrong)).isInstanceOf(SQLException.class)
				.satisfies(ex -> assertThat(((SQLException) ex).getSQLState()).isIn("28P01", "08004"));
		}
		try (Connection connection = connect(url, password)) {
			assertThat(connection.isValid(2)).isTrue();
		}
		assertThat(Files.readString(Path.of("target/test-data/postgres/pg_hba.conf"))).doesNotContain("trust")
			.contains("scram-sha-256");
	}

	@Test
	void aDataDirectoryThatTrustedEveryoneRequiresThePasswordFromItsNextStart() throws Exception {
		Path data = Path.of("target/test-data/trusting-postgres").toAbsolutePath();
		HubTestSupport.deleteTree(data);
		Files.deleteIfExists(EmbeddedDatabaseConfiguration.passwordFile(data));
		// as the hub made it before: initdb's trust, no password
		try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setPort(0).start()) {
			try (Connection connection = connect(old.getJdbcUrl("postgres", "postgres"), "")) {
				assertThat(connection.isValid(2)).isTrue();
			}
		}
		DatabaseProperties properties = new DatabaseProperties(
				new DatabaseProperties.Embedded(true, data.toString(), 0, false, Map.of(), Map.of()));
		try (EmbeddedPostgres now = new EmbeddedDatabaseConfiguration().embeddedPostgres(properties)) {
			String url = now.getJdbcUrl("postgres", "postgres");
			assertThatThrownBy(() -> connect(url, "")).isInstanceOf(SQLException.class);
			String password = Files.readString(EmbeddedDatabaseConfiguration.passwordFile(data)).strip();
			try (Connection connection = connect(url, password)) {
				assertThat(connection.isValid(2)).isTrue();
			}
		}
		// and on the start after, the same password still opens it
		try (EmbeddedPostgres again = new EmbeddedDatabaseConfiguration().embeddedPostgres(properties)) {
			String password = Files.readString(EmbeddedDatabaseConfiguration.passwordFile(data)).strip();
			try (Connection connection = connect(again.getJdbcUrl("postgres", "postgres"), password)) {
				assertThat(connection.isValid(2)).isTrue();
			}
		}
		finally {
			HubTestSupport.deleteTree(data);
		}
	}

	private static Connection connect(String url, String password) throws SQLException {
		java.util.Properties properties = new java.util.Properties();
		properties.setProperty("password", password);
		return DriverManager.getConnection(url, properties);
	}

}

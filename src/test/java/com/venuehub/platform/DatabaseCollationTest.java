package com.venuehub.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import com.venuehub.HubTestSupport;
import com.venuehub.platform.DatabaseCollation.Order;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database compares text by code point whatever the shell's locale (the
 * builtin provider's C.UTF-8, with Unicode's upper and lower case), an operator's
 * {@code hub.db.embedded.initdb} reaches initdb, and the start-up report tells a
 * linguistic collation from code point order.
 */
class DatabaseCollationTest extends HubTestSupport {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theEmbeddedDatabaseComparesTextByCodePointWithUnicodeCase() {
		Map<String, Object> row = this.jdbc.queryForMap("""
				select d.datlocprovider::text as provider, d.datlocale as locale, d.datcollate as collate,
				       'z' < 'É' as code_point_order, lower('ÉCOLE') as lowered, 'é' ~* 'É' as case_insensitive
				from pg_database d where d.datname = current_database()""");
		assertThat(row).containsEntry("provider", "b").containsEntry("locale", "C.UTF-8");
		// a language's order puts É before z; code point order after it
		assertThat(row).containsEntry("code_point_order", true);
		assertThat(row).containsEntry("lowered", "école").containsEntry("case_insensitive", true);
		assertThat(DatabaseCollation.order((String) row.get("provider"), (String) row.get("collate")))
			.isEqualTo(Order.CODE_POINT);
	}

	@Test
	void anOperatorsInitdbOptionsReachANewDataDirectory() throws Exception {
		Path data = Path.of("target/test-data/icu-postgres").toAbsolutePath();
		HubTestSupport.deleteTree(data);
		Files.deleteIfExists(EmbeddedDatabaseConfiguration.passwordFile(data));
		DatabaseProperties properties = new DatabaseProperties(new DatabaseProperties.Embedded(true, data.toString(), 0,
				false, Map.of(), Map.of("locale-provider", "icu", "icu-locale", "fr-FR", "locale", "C")));
		try (EmbeddedPostgres postgres = new EmbeddedDatabaseConfiguration().embeddedPostgres(properties)) {
			Properties login = new Properties();
			login.setProperty("password", Files.readString(EmbeddedDatabaseConfiguration.passwordFile(data)).strip());
			try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"),
					login);
					Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("""
							select d.datlocprovider::text, d.datlocale, d.datcollate, 'z' < 'É'
							from pg_database d where d.datname = current_database()""")) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).isEqualTo("i");
				assertThat(rs.getString(2)).isEqualTo("fr-FR");
				assertThat(rs.getBoolean(4)).isFalse();
				assertThat(DatabaseCollation.order(rs.getString(1), rs.getString(3))).isEqualTo(Order.LINGUISTIC);
			}
		}
		finally {
			HubTestSupport.deleteTree(data);
			Files.deleteIfExists(EmbeddedDatabaseConfiguration.passwordFile(data));
		}
	}

	@Test
	void theStartUpReportTellsALanguagesOrderFromCodePointOrder() {
		// PostgreSQL 17's builtin provider, libc's C and POSIX: byte by byte
		assertThat(DatabaseCollation.order("b", "C")).isEqualTo(Order.CODE_POINT);
		assertThat(DatabaseCollation.order("c", "C")).isEqualTo(Order.CODE_POINT);
		assertThat(DatabaseCollation.order("c", "POSIX")).isEqualTo(Order.CODE_POINT);
		// before PostgreSQL 15 there is no provider column: libc
		assertThat(DatabaseCollation.order(null, "C")).isEqualTo(Order.CODE_POINT);
		// libc's C.UTF-8, however the system spells it
		assertThat(DatabaseCollation.order("c", "C.UTF-8")).isEqualTo(Order.CODE_POINT_THROUGH_LIBRARY);
		assertThat(DatabaseCollation.order("c", "C.utf8")).isEqualTo(Order.CODE_POINT_THROUGH_LIBRARY);
		// a language's order: the official image's en_US.utf8, a French server, any ICU
		// locale
		assertThat(DatabaseCollation.order("c", "en_US.utf8")).isEqualTo(Order.LINGUISTIC);
		assertThat(DatabaseCollation.order(null, "fr_FR.UTF-8")).isEqualTo(Order.LINGUISTIC);
		assertThat(DatabaseCollation.order("i", "C")).isEqualTo(Order.LINGUISTIC);
	}

}

package com.venuehub.platform;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DuplicateKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the database refuses reaches the hub's exceptions, and so its logs, without the
 * values of the row: no "Key (…)=(…)" detail and no batch quoting its parameters. The SQL
 * state and the primary message stay, for the quarantine and the operator.
 */
class DatabaseErrorTextTest extends HubTestSupport {

	@Test
	void aRefusedBatchQuotesNeitherItsRowNorItsParameters() {
		String code = "DE" + unique();
		String email = "dominique.erreur." + unique() + "@example.fr";
		String insert = "insert into reseller (code, name, email, key_hash) values (?, 'Voyages Erreur', ?, ?)";
		this.jdbc.update(insert, code, email, "hash-" + unique());

		Throwable refused = catchThrowable(
				() -> this.jdbc.batchUpdate(insert, List.of(new Object[] { code + "B", email, "hash-" + unique() },
						new Object[] { code, email, "hash-" + unique() })));

		assertThat(refused).isInstanceOf(DuplicateKeyException.class);
		StringWriter trace = new StringWriter();
		refused.printStackTrace(new PrintWriter(trace));
		for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getNextException() != null) {
				sql.getNextException().printStackTrace(new PrintWriter(trace));
			}
		}
		assertThat(trace.toString()).contains("reseller_code_key")
			.doesNotContain(email)
			.doesNotContain(code + ")")
			.doesNotContain("Detail:");
	}

}

package com.venuehub.console;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrator's read-only page: every configured console user with their roles and
 * reseller, never a password; the resellers created through the API; no other role opens
 * it.
 */
class ConsoleAdminPageTest extends HubTestSupport {

	@Test
	void anAdministratorReadsTheUsersAndResellersAndNoOneElseDoes() {
		String code = "adm" + unique();
		var created = post("/api/v1/resellers", OPERATOR_KEY, "application/json",
				"""
						{"code": "%s", "name": "Billets %s", "email": "stock@%s.example", "webhookUrl": "https://%s.example/hook",
						 "webhookSecret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}"""
					.formatted(code, code, code, code));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

		String page = ConsoleSession.login(this.port, "admin").page("/console/admin");
		assertThat(page).contains("<title>Users and resellers · venue-hub</title>");
		assertThat(page).containsPattern("id=\"user-marketing\">\\s*<td>marketing</td>\\s*<td>MARKETING</td>")
			.containsPattern("id=\"user-admin\">\\s*<td>admin</td>\\s*<td>ADMIN</td>")
			.containsPattern("id=\"user-reseller\">\\s*<td>reseller</td>\\s*<td>RESELLER</td>\\s*<td>ticketplus</td>");
		assertThat(page).contains("<td>" + code + "</td>", "<td>Billets " + code + "</td>",
				"<td>stock@" + code + ".example</td>");
		// no password, hash, key or webhook secret
		assertThat(page).doesNotContain("dev-admin", "dev-marketing", "{noop}", "whsec_");

		for (String user : new String[] { "marketing", "it", "dpo", "reseller" }) {
			var refused = ConsoleSession.login(this.port, user).get("/console/admin");
			assertThat(refused.statusCode()).as(user).isEqualTo(403);
			assertThat(refused.body()).as(user).doesNotContain("<td>" + code + "</td>");
		}
	}

}

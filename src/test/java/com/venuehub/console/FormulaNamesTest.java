package com.venuehub.console;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A name typed as a spreadsheet formula or as HTML, end to end: the box-office row is
 * accepted, the name is stored and exported (JSON) exactly as typed, and the console's
 * customer page shows it as text, escaped. The hub writes no CSV or spreadsheet export: a
 * spreadsheet import of its JSON must treat cells as text (docs/privacy.md).
 */
class FormulaNamesTest extends HubTestSupport {

	private static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")";

	private static final String SCRIPT = "<script>alert(1)</script>";

	@Test
	void formulaAndScriptNamesAreKeptAsTypedAndEscapedInPages() {
		String u = unique();
		String email = "formula." + u + "@example.fr";
		// a quoted field holds the formula's own quotes, doubled
		String csv = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;valid_until;price;"
				+ "first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms\n" + "FN" + u
				+ ";14/03/2026 10:30;zoo-lyon;ADULT;Entrée adulte;FNT" + u + ";14/03/2026;13/03/2027;24,50;\""
				+ FORMULA.replace("\"", "\"\"") + "\";" + SCRIPT + ";" + email + ";;69002;;;;\n";
		HttpResponse<String> taken = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv", csv);
		assertThat(taken.statusCode()).as(taken.body()).isEqualTo(202);
		assertThat(readJson(taken.body()).path("accepted").asInt()).isEqualTo(1);

		long id = await().atMost(Duration.ofSeconds(30))
			.until(() -> getJson("/api/v1/customers?email=" + email).at("/items/0/id").asLong(0), found -> found > 0);
		JsonNode export = getJson("/api/v1/customers/" + id + "/export");
		assertThat(export.at("/profile/firstName").asText()).isEqualTo(FORMULA);
		assertThat(export.at("/profile/lastName").asText()).isEqualTo(SCRIPT);

		String page = ConsoleSession.login(this.port, "it").page("/console/customers/" + id);
		assertThat(page).contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
			.doesNotContain(SCRIPT)
			.doesNotContain(FORMULA);
	}

}

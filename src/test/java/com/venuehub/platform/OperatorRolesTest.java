package com.venuehub.platform;

import java.net.http.HttpResponse;

import com.venuehub.BoxOfficeSale;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator key does what its roles allow: a marketing key reads campaigns and
 * satisfaction, and is refused a customer's export, erasure and profile; the shipped key,
 * with no roles given, is an administrator and does everything it did.
 */
class OperatorRolesTest extends HubTestSupport {

	private static final String MARKETING_KEY = "dev-marketing-test-key";

	@Test
	void aMarketingKeyCannotExportOrEraseACustomer() throws Exception {
		String sale = "R" + unique();
		BoxOfficeSale rose = new BoxOfficeSale(sale).buyer("Rose", "Roles" + sale)
			.email(sale.toLowerCase() + "@example.fr");
		postBoxOffice(rose);
		long customer = holderOf(rose.ticket(1));

		HttpResponse<String> export = get("/api/v1/customers/" + customer + "/export", MARKETING_KEY);
		assertThat(export.statusCode()).isEqualTo(403);
		assertThat(export.body()).contains("not allowed").doesNotContain("Rose");
		assertThat(delete("/api/v1/customers/" + customer, MARKETING_KEY).statusCode()).isEqualTo(403);
		assertThat(get("/api/v1/customers/" + customer, MARKETING_KEY).statusCode()).isEqualTo(403);
		assertThat(get("/api/v1/customers/" + customer + "/consents", MARKETING_KEY).statusCode()).isEqualTo(403);
		assertThat(get("/api/v1/quarantine", MARKETING_KEY).statusCode()).isEqualTo(403);

		assertThat(get("/api/v1/campaigns", MARKETING_KEY).statusCode()).isEqualTo(200);
		assertThat(get("/api/v1/venues/zoo-lyon/nps", MARKETING_KEY).statusCode()).isEqualTo(200);

		// the administrator key still exports, and the person is still there
		assertThat(get("/api/v1/customers/" + customer + "/export", OPERATOR_KEY).statusCode()).isEqualTo(200);
	}

}

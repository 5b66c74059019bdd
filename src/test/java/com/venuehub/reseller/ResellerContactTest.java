package com.venuehub.reseller;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reseller's contact email at a mail provider mistyped by one letter is refused with
 * the provider it looks like, when the reseller is made and when the email is changed:
 * its stock alerts and digests would never reach it.
 */
class ResellerContactTest extends HubTestSupport {

	@Test
	void anEmailAtAMistypedProviderIsRefusedWithTheProviderItLooksLike() throws Exception {
		String u = unique();
		HttpResponse<String> refused = post("/api/v1/resellers", OPERATOR_KEY, "application/json",
				"{\"code\": \"MTP" + u + "\", \"name\": \"Voyages\", \"email\": \"stock." + u + "@gmial.com\"}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(readJson(refused.body()).path("detail").asText())
			.isEqualTo("email is not a deliverable email address: 'gmial.com' looks like 'gmail.com' mistyped: "
					+ "write the provider as it is (or list it in hub.identity.email-providers)");

		HttpResponse<String> created = post("/api/v1/resellers", OPERATOR_KEY, "application/json",
				"{\"code\": \"MTP" + u + "\", \"name\": \"Voyages\", \"email\": \"stock." + u + "@gmail.com\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		long id = readJson(created.body()).path("id").asLong();
		HttpResponse<String> changed = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/resellers/" + id))
				.header("Content-Type", "application/json")
				.header("X-Api-Key", OPERATOR_KEY)
				.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"email\": \"stock." + u + "@hotmial.fr\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(changed.statusCode()).isEqualTo(400);
		assertThat(readJson(changed.body()).path("detail").asText()).contains("'hotmial.fr' looks like 'hotmail.fr'");
		assertThat(getJson("/api/v1/resellers/" + id).path("email").asText()).isEqualTo("stock." + u + "@gmail.com");
	}

}

package com.venuehub.reseller;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.venuehub.HubTestSupport;
import com.venuehub.TestWebhookServer;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a reseller's webhook endpoint can and cannot make the hub do, end to end against a
 * local mock (WireMock): a URL on the hub's own networks is refused when set and before
 * each delivery; a redirect is not followed; a huge answer, or one dribbled slowly, is
 * cut after a few KB; no row lock is held while the hub waits on the endpoint; each
 * delivery is signed with an id and a timestamp a receiver checks.
 */
class ResellerWebhookSafetyTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void aWebhookUrlOnTheHubsOwnNetworksIsRefusedWhenSet() {
		String u = unique();
		for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.7/hook",
				"http://[fd00::7]/hook")) {
			HttpResponse<String> refused = post("/api/v1/resellers", OPERATOR_KEY, "application/json",
					"{\"code\": \"PRV" + u + "\", \"name\": \"Voyages\", \"email\": \"prv." + u + "@reseller.example\","
							+ " \"webhookUrl\": \"" + url + "\", \"webhookSecret\": \"a-long-shared-secret\"}");
			assertThat(refused.statusCode()).as(url).isEqualTo(400);
			assertThat(readJson(refused.body()).path("detail").asText()).as(url)
				.contains("webhookUrl refused", "public addresses only");
		}
	}

	@Test
	void aDeliveryToAnAddressOfTheHubsOwnNetworksFailsWithoutBeingSent() {
		String u = unique();
		Reseller reseller = reseller("RFD" + u, ok("/hooks/" + u));
		// the URL set before the rule, or the host's address changed since
		this.jdbc.update("update reseller set webhook_url = ? where id = ?", "http://10.255.255.1/hook", reseller.id);
		soldOut(reseller, u);
		JsonNode alert = await().atMost(WAIT)
			.until(() -> alert(reseller), a -> a != null && "FAILED".equals(a.path("webhookStatus").asText()));
		assertThat(alert.path("webhookLastError").asText()).contains("refused", "10.255.255.1", "private");
		assertThat(alert.path("webhookAttempts").asInt()).isEqualTo(1);
	}

	@Test
	void aRedirectIsNotFollowed() {
		String u = unique();
		String path = "/hooks/" + u;
		TestWebhookServer.server()
			.stubFor(WireMock.post(urlEqualTo(path))
				.willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere/" + u)));
		Reseller reseller = reseller("RDR" + u, path);
		soldOut(reseller, u);
		JsonNode alert = await().atMost(WAIT)
			.until(() -> alert(reseller), a -> a != null && a.path("webhookAttempts").asInt() >= 1);
		assertThat(alert.path("webhookLastError").asText()).contains("HTTP 302", "redirects are not followed");
		assertThat(TestWebhookServer.server().findAll(WireMock.anyRequestedFor(urlEqualTo("/elsewhere/" + u))))
			.isEmpty();
	}

	@Test
	void aHugeSlowAnswerIsCutAndDoesNotHoldTheDispatcher() {
		String u = unique();
		String path = "/hooks/" + u;
		// 2 MB of error page, dribbled over 20 s
		TestWebhookServer.server()
			.stubFor(WireMock.post(urlEqualTo(path))
				.willReturn(aResponse().withStatus(500)
					.withBody("x".repeat(2 * 1024 * 1024))
					.withChunkedDribbleDelay(200, 20_000)));
		Reseller reseller = reseller("RBIG" + u, path);
		Instant start = Instant.now();
		soldOut(reseller, u);
		JsonNode alert = await().atMost(WAIT)
			.until(() -> alert(reseller), a -> a != null && a.path("webhookAttempts").asInt() >= 1);
		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
		assertThat(alert.path("webhookLastError").asText()).startsWith("HTTP 500: xxx").hasSizeLessThan(300);
	}

	@Test
	void noRowLockIsHeldWhileTheEndpointTakesItsTime() {
		String u = unique();
		String path = "/hooks/" + u;
		TestWebhookServer.server()
			.stubFor(WireMock.post(urlEqualTo(path)).willReturn(aResponse().withStatus(204).withFixedDelay(2500)));
		Reseller reseller = reseller("RLCK" + u, path);
		soldOut(reseller, u);
		await().atMost(WAIT).until(() -> !requests(path).isEmpty());
		// the delivery is on the wire: its row is free for an operator's change
		Long locked = this.jdbc.queryForObject("""
				select w.id from reseller_webhook w join reseller_alert a on a.id = w.alert_id
				where a.reseller_id = ? for update of w nowait""", Long.class, reseller.id);
		assertThat(locked).isNotNull();
		await().atMost(WAIT)
			.until(() -> alert(reseller), a -> a != null && "SENT".equals(a.path("webhookStatus").asText()));

		LoggedRequest hook = requests(path).get(0);
		assertThat(WebhookSignature.verify(reseller.secret, hook.getHeader("webhook-id"),
				hook.getHeader("webhook-timestamp"), hook.getBodyAsString(), hook.getHeader("webhook-signature"),
				Instant.now(), Duration.ofMinutes(5)))
			.isTrue();
	}

	private record Reseller(long id, String code, String secret, String key) {
	}

	private static String ok(String path) {
		TestWebhookServer.server().stubFor(WireMock.post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
		return path;
	}

	private Reseller reseller(String code, String path) {
		String secret = "webhook-secret-" + code;
		HttpResponse<String> created = post("/api/v1/resellers", OPERATOR_KEY, "application/json",
				"{\"code\": \"" + code + "\", \"name\": \"Voyages " + code + "\", \"email\": \"" + code.toLowerCase()
						+ "@reseller.example\", \"webhookUrl\": \"" + TestWebhookServer.url(path)
						+ "\", \"webhookSecret\": \"" + secret + "\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new Reseller(readJson(created.body()).path("id").asLong(), code, secret,
				readJson(created.body()).path("apiKey").asText());
	}

	/** An allocation of one ticket, and its sale: one sold-out alert. */
	private void soldOut(Reseller reseller, String u) {
		HttpResponse<String> allocation = post("/api/v1/resellers/" + reseller.id + "/allocations", OPERATOR_KEY,
				"application/json", "{\"productCode\": \"P" + u + "\", \"quantity\": 1, \"thresholds\": [\"0\"]}");
		assertThat(allocation.statusCode()).as(allocation.body()).isEqualTo(201);
		HttpResponse<String> sale = post("/api/v1/ingest/reseller", reseller.key, "text/csv",
				"reseller_id;sale_id;sold_at;venue;product_code;event_date;ticket_number;status;price\n" + reseller.code
						+ ";S" + u + ";2026-05-01T10:00:00+02:00;zoo-lyon;P" + u + ";;T" + u + ";sold;20,00\n");
		assertThat(sale.statusCode()).as(sale.body()).isEqualTo(202);
	}

	private JsonNode alert(Reseller reseller) {
		JsonNode alerts = getJson("/api/v1/resellers/" + reseller.id + "/alerts");
		return alerts.size() == 0 ? null : alerts.get(0);
	}

	private static List<LoggedRequest> requests(String path) {
		return TestWebhookServer.server().findAll(postRequestedFor(urlEqualTo(path)));
	}

}

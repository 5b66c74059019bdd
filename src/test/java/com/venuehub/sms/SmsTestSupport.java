package com.venuehub.sms;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import com.venuehub.TestClock;
import com.venuehub.TestTwilioServer;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the SMS tests share: customers made through the real loyalty ingest, campaigns
 * through the API, callbacks signed as Twilio signs them, a clock set to a chosen time.
 */
abstract class SmsTestSupport extends HubTestSupport {

	static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	static final String PUBLIC_URL = "https://hub.venue-hub.test";

	static final String AUTH_TOKEN = "test-auth-token";

	@Autowired
	TestClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	/** Moves the hub to that local time in Paris, time flowing on from there. */
	void travelTo(String parisLocalTime) {
		this.clock.travelTo(LocalDateTime.parse(parisLocalTime).atZone(PARIS).toInstant());
	}

	static Instant paris(String localTime) {
		return LocalDateTime.parse(localTime).atZone(PARIS).toInstant();
	}

	/**
	 * Enrols a loyalty member with that tier and phone through the real loyalty ingest;
	 * answers the customer id once unified.
	 */
	long member(String firstName, String tier, String phone, Boolean optinSms) {
		String u = unique();
		String card = "LC" + digits(10);
		int h = Math.floorMod(u.hashCode(), 60 * 12 * 28);
		String birthDate = String.format("%d-%02d-%02d", 1940 + h / (12 * 28), 1 + h / 28 % 12, 1 + h % 28);
		String body = """
				{"txn_id": "EN-%s", "card_number": "%s", "type": "ENROLL", "points": 0, "balance": 0, "tier": "%s",
				 "occurred_at": "2026-01-05T10:00:00+01:00", "member": {"first_name": "%s", "last_name": "Sms%s",
				 "phone": "%s", "email": "%s.%s@example.fr", "birth_date": "%s", "postcode": "69003"%s}}""".formatted(u,
				card, tier, firstName, u, phone, firstName.toLowerCase(), u, birthDate,
				optinSms == null ? "" : ", \"optin_sms\": " + optinSms);
		HttpResponse<String> response = post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select customer_id from loyalty_card where card_number = ?",
					Long.class, card), ids -> ids.size() == 1)
			.get(0);
	}

	static String mobile() {
		return "+3361" + digits(7);
	}

	static String digits(int n) {
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < n; i++) {
			digits.append(ThreadLocalRandom.current().nextInt(10));
		}
		return digits.toString();
	}

	/** Creates a campaign through the API; answers its id. */
	long campaign(String json) {
		HttpResponse<String> created = post("/api/v1/campaigns", OPERATOR_KEY, "application/json", json);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return readJson(created.body()).path("id").asLong();
	}

	JsonNode launch(long campaign) {
		HttpResponse<String> launched = post("/api/v1/campaigns/" + campaign + "/launch", OPERATOR_KEY,
				"application/json", "");
		assertThat(launched.statusCode()).as(launched.body()).isEqualTo(200);
		return readJson(launched.body());
	}

	static String tierCampaign(String name, String tier, String template) {
		return """
				{"name": "%s", "venue": "zoo-lyon", "segment": {"tiers": ["%s"]}, "template": "%s"}""".formatted(name,
				tier, template);
	}

	/** The message of that campaign to that customer, from the outbox. */
	Map<String, Object> message(long campaign, long customer) {
		return this.jdbc.queryForMap("select * from outbox_message where campaign_id = ? and customer_id = ?", campaign,
				customer);
	}

	@Autowired
	EmbeddedActiveMQ broker;

	/**
	 * Waits until every callback answered so far is applied: the callbacks queue holds
	 * nothing, delivered or not.
	 */
	void awaitCallbacksApplied() {
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			Queue queue = this.broker.getActiveMQServer().locateQueue(SimpleString.of("twilio.callbacks"));
			return queue == null || queue.getMessageCount() == 0;
		});
	}

	/**
	 * Posts a form to a Twilio webhook, signed with the account's auth token; a 200 is
	 * waited on until applied.
	 */
	HttpResponse<String> callback(String path, Map<String, String> params, String token, boolean validSignature) {
		String url = PUBLIC_URL + path;
		String signature = TestTwilioServer.sign(url, params, validSignature ? AUTH_TOKEN : "another-token");
		String body = params.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Twilio-Signature", signature)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("I-Twilio-Idempotency-Token", token);
		}
		HttpResponse<String> response;
		try {
			response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		if (response.statusCode() == 200) {
			awaitCallbacksApplied();
		}
		return response;
	}

	static void assertTwilioWouldAcceptEveryRequest() {
		assertThat(TestTwilioServer.requestsTwilioWouldRefuse()).isEmpty();
	}

}

package com.venuehub.sms;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.venuehub.InChildJvms;
import com.venuehub.ChildHub;
import com.venuehub.HubTestSupport;
import com.venuehub.TestTwilioServer;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub killed with {@code kill -9} (its JVM and its PostgreSQL server) while it sends a
 * campaign's SMS to many customers through the real Twilio SDK, then started again on the
 * same folders: every SMS of the campaign is sent, and a customer gets a second copy only
 * if the kill fell while Twilio held the request and before its answer was recorded. Each
 * worker hands over one message at a time, so at most one per dispatch worker; the
 * message left {@code SENDING} is reconciled by a look-up at Twilio, which finds it in
 * production (the stand-in here lists nothing, so it is the worst case). The hub runs in
 * a child JVM and sends to the test JVM's Twilio stand-in (WireMock), which counts the
 * requests per number.
 */
@InChildJvms
class HubKilledMidSmsDispatchTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int CUSTOMERS = 300;

	private static final int WORKERS = 2;

	private static final int BATCH = 10;

	/** Numbers of this test only: +33 6 98 00 xx xx. */
	private static final String NUMBERS = "+3369800";

	@Test
	void everySmsOfTheCampaignIsSentAfterTheRestartAndOnlyAnInFlightOneTwice() throws Exception {
		Path data = Path.of("target/test-data/killed-sms-dispatch").toAbsolutePath();
		HubTestSupport.deleteTree(data);
		Files.createDirectories(data);
		int httpPort = ChildHub.freePort();
		int databasePort = ChildHub.freePort();
		String run = Long.toString(System.nanoTime(), 36).toUpperCase();
		String tier = "KILL" + run;
		// Twilio takes a little time per message, as over the network: the kill falls
		// in the middle of the campaign
		StubMapping slow = TestTwilioServer.server()
			.stubFor(post(urlPathEqualTo(TestTwilioServer.MESSAGES)).atPriority(5)
				.withRequestBody(containing("To=%2B" + NUMBERS.substring(1)))
				.willReturn(TestTwilioServer.accepted().withFixedDelay(20)));
		String[] dispatching = { "--hub.test.twilio-port=" + TestTwilioServer.server().port(),
				"--hub.sms.dispatch.enabled=true", "--hub.sms.dispatch.workers=" + WORKERS,
				"--hub.sms.dispatch.batch=" + BATCH,
				// promos may go at any hour of any day of the run
				"--hub.sms.venues.default.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY",
				"--hub.sms.venues.default.opens-at=00:00", "--hub.sms.venues.default.closes-at=23:59",
				"--hub.sms.venues.default.holidays=none" };
		ChildHub first = null;
		try {
			first = ChildHub.start(data, httpPort, databasePort, 1, dispatching);
			StringBuilder members = new StringBuilder("[");
			for (int i = 0; i < CUSTOMERS; i++) {
				members.append(i == 0 ? "" : ",")
					.append("""
							{"txn_id": "EN-%s-%d", "card_number": "KS%s%04d", "type": "ENROLL", "points": 0, "balance": 0,
							 "tier": "%s", "occurred_at": "2026-01-05T10:00:00+01:00", "member": {"first_name": "Lou",
							 "last_name": "Sms%s%d", "phone": "%s%04d", "postcode": "69003", "optin_sms": true}}"""
						.formatted(run, i, run, i, tier, run, i, NUMBERS, i));
			}
			assertThat(send(httpPort, "/api/v1/ingest/loyalty", "dev-loyalty-key", members.append("]").toString())
				.statusCode()).isEqualTo(202);
			ChildHub hub = first;
			await().atMost(Duration.ofSeconds(120))
				.until(() -> hub.count("select count(*) from loyalty_card where card_number like ?",
						"KS" + run + "%") == CUSTOMERS);
			HttpResponse<String> created = send(httpPort, "/api/v1/campaigns", "dev-operator-key", """
					{"name": "Kill %s", "venue": "zoo-lyon", "segment": {"tiers": ["%s"]},
					 "template": "Bonjour {{firstName}}, -10%% ce week-end au zoo"}""".formatted(run, tier));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			long campaign = JSON.readTree(created.body()).path("id").asLong();
			HttpResponse<String> launched = send(httpPort, "/api/v1/campaigns/" + campaign + "/launch",
					"dev-operator-key", "");
			assertThat(launched.statusCode()).as(launched.body()).isEqualTo(200);

			// in the middle of the dispatch: some sent, many still to send
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> perNumber().size() >= 20);
			long waiting = first.count(
					"select count(*) from outbox_message where campaign_id = ? and status in ('PENDING', 'SENDING')",
					campaign);
			first.kill();
			int receivedAtKill = perNumber().values().stream().mapToInt(Long::intValue).sum();
			assertThat(waiting).as("messages still to send when the hub was killed").isPositive();

			ChildHub second = ChildHub.start(data, httpPort, databasePort, 2, dispatching);
			try {
				await().atMost(Duration.ofSeconds(180))
					.until(() -> perNumber().size() == CUSTOMERS && sent(second, campaign) == CUSTOMERS);
				Map<String, Long> perNumber = perNumber();
				long duplicates = perNumber.values().stream().mapToLong(n -> n - 1).sum();
				assertThat(second.count("select count(*) from outbox_message where campaign_id = ?", campaign))
					.isEqualTo(CUSTOMERS);
				System.out.printf(
						"Hub killed mid-SMS-dispatch: 1 round, a campaign to %d customers, %d SMS received by Twilio "
								+ "before the kill with %d messages still pending or sending; after the restart %d "
								+ "numbers reached, %d reached twice (bound: %d workers x 1 message in flight)%n",
						CUSTOMERS, receivedAtKill, waiting, perNumber.size(), duplicates, WORKERS);
				assertThat(perNumber).hasSize(CUSTOMERS);
				assertThat(perNumber.values()).allMatch(n -> n <= 2);
				assertThat(duplicates).isLessThanOrEqualTo(WORKERS);
			}
			finally {
				second.stop();
			}
		}
		finally {
			if (first != null) {
				// a kill of a hub already killed does nothing
				first.kill();
			}
			TestTwilioServer.server().removeStub(slow);
		}
	}

	/** How many create requests Twilio received for each number of this test. */
	private static Map<String, Long> perNumber() {
		return TestTwilioServer.server()
			.findAll(postRequestedFor(urlPathEqualTo(TestTwilioServer.MESSAGES))
				.withRequestBody(containing("To=%2B" + NUMBERS.substring(1))))
			.stream()
			.map(request -> TestTwilioServer.form(request.getBodyAsString()).get("To"))
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private static long sent(ChildHub hub, long campaign) {
		try {
			return hub.count("select count(*) from outbox_message where campaign_id = ? and status = 'SENT'", campaign);
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private static HttpResponse<String> send(int port, String path, String key, String body) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("X-Api-Key", key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}

package com.venuehub.reseller;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.venuehub.HubTestSupport;
import com.venuehub.TestMailServer;
import com.venuehub.TestWebhookServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reseller stock alerts end to end: sales posted at the ingest endpoint, remaining stock
 * in the database, alerts at the SMTP server (GreenMail) and the webhook mock (WireMock).
 */
class ResellerStockAlertTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String SALES_TEAM = "sales-team@venue-hub.test";

	@Test
	void concurrentSalesCrossingFiftyTwentyAndTenPercentGiveExactlyOneAlertPerThreshold() throws Exception {
		String u = unique();
		Reseller reseller = reseller("C" + u, "/hooks/" + u);
		long allocation = allocate(reseller, "NIGHT-" + u, 100, null);

		// 95 sales of one ticket each, from 5 threads at once
		ExecutorService threads = Executors.newFixedThreadPool(5);
		List<Future<Integer>> posted = new ArrayList<>();
		for (int t = 0; t < 5; t++) {
			int thread = t;
			posted.add(threads.submit(() -> {
				for (int i = 0; i < 19; i++) {
					String ticket = "R" + u + "-" + thread + "-" + i;
					int status = post("/api/v1/ingest/reseller", reseller.key(), "text/csv",
							csv(reseller.code(), "S" + ticket, "NIGHT-" + u, ticket, "sold"))
						.statusCode();
					assertThat(status).isEqualTo(202);
				}
				return 19;
			}));
		}
		for (Future<Integer> f : posted) {
			f.get();
		}
		threads.shutdown();

		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 5);
		await().atMost(WAIT).until(() -> mails(reseller.email()).size() >= 3 && webhooks(reseller).size() >= 3);
		// nothing more comes: every alert of these sales is already decided
		assertThat(alerts(reseller)).extracting(a -> a.path("threshold").asText())
			.containsExactlyInAnyOrder("50%", "20%", "10%");
		await().atMost(WAIT)
			.until(() -> alerts(reseller).findValuesAsText("emailStatus").stream().allMatch("SENT"::equals));
		assertThat(mails(reseller.email())).hasSize(3);
		List<LoggedRequest> hooks = webhooks(reseller);
		assertThat(hooks).hasSize(3);
		List<String> thresholds = new ArrayList<>();
		for (LoggedRequest hook : hooks) {
			assertSigned(hook, reseller.secret());
			JsonNode body = readJson(hook.getBodyAsString());
			assertThat(body.path("type").asText()).isEqualTo("LOW");
			assertThat(body.path("allocation").path("product").asText()).isEqualTo("NIGHT-" + u);
			thresholds.add(body.path("threshold").asText());
		}
		assertThat(thresholds).containsExactlyInAnyOrder("50%", "20%", "10%");
		// no sell-out: the sales team is not told
		assertThat(mails(SALES_TEAM).stream().filter(m -> text(m).contains("NIGHT-" + u))).isEmpty();
	}

	@Test
	void aBurstFromSixtyToFivePercentGivesOneAlertNamingTenPercent() {
		String u = unique();
		Reseller reseller = reseller("B" + u, "/hooks/" + u);
		long allocation = allocate(reseller, "DAY-" + u, 100, null);
		order(reseller, "O1" + u, "DAY-" + u, 40, "p");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 60);
		assertThat(alerts(reseller)).isEmpty();

		order(reseller, "O2" + u, "DAY-" + u, 55, "p");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 5);
		await().atMost(WAIT).until(() -> webhooks(reseller).size() >= 1 && mails(reseller.email()).size() >= 1);
		assertThat(alerts(reseller)).singleElement()
			.satisfies(a -> assertThat(a.path("threshold").asText()).isEqualTo("10%"));
		assertThat(readJson(webhooks(reseller).get(0).getBodyAsString()).path("threshold").asText()).isEqualTo("10%");
		assertThat(subject(mails(reseller.email()).get(0))).contains("10%", "5");
		// every threshold the burst passed is spent
		JsonNode stock = stock(reseller, allocation);
		assertThat(stock.path("thresholds").findValuesAsText("armed")).containsExactly("false", "false", "false",
				"true");
	}

	@Test
	void raisingTheAllocationReArmsTheThresholdsItPassesAgain() {
		String u = unique();
		Reseller reseller = reseller("R" + u, null);
		long allocation = allocate(reseller, "ZOO-" + u, 10, null);
		for (int i = 0; i < 9; i++) {
			post("/api/v1/ingest/reseller", reseller.key(), "text/csv",
					csv(reseller.code(), "S" + i, "ZOO-" + u, "T" + u + "-" + i, "sold"));
		}
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 1);
		await().atMost(WAIT).until(() -> alerts(reseller).size() == 3);

		// 10 -> 30: 21 left, above 50% (15), 20% (6) and 10% (3) again
		var raised = patch(reseller, allocation, 30);
		assertThat(raised.path("remaining").asInt()).isEqualTo(21);
		assertThat(raised.path("thresholds").findValuesAsText("armed")).containsOnly("true");

		order(reseller, "O" + u, "ZOO-" + u, 15, "p");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 6);
		await().atMost(WAIT).until(() -> alerts(reseller).size() == 4);
		assertThat(alerts(reseller).get(0).path("threshold").asText()).isEqualTo("20%");
		await().atMost(WAIT).until(() -> mails(reseller.email()).size() == 4);
	}

	@Test
	void aCancellationGivesTheTicketBack() {
		String u = unique();
		Reseller reseller = reseller("X" + u, null);
		long allocation = allocate(reseller, "EXPO-" + u, 20, List.of("5"));
		order(reseller, "O" + u, "EXPO-" + u, 3, "p");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 17);
		order(reseller, "O" + u, "EXPO-" + u, 3, "c");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 20);
		// the same cancellation again changes nothing
		order(reseller, "O" + u, "EXPO-" + u, 3, "c");
		post("/api/v1/ingest/reseller", reseller.key(), "text/csv",
				csv(reseller.code(), "S1", "EXPO-" + u, "T" + u + "-1", "sold"));
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 19);
	}

	@Test
	void ticketsGivenBackAboveAThresholdReArmItAndCrossingItAgainAlertsAgain() {
		String u = unique();
		Reseller reseller = reseller("G" + u, null);
		long allocation = allocate(reseller, "AQUA-" + u, 10, List.of("5"));
		for (int i = 1; i <= 5; i++) {
			sale(reseller, "AQUA-" + u, "T" + u + "-" + i, "sold");
		}
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 5);
		await().atMost(WAIT).until(() -> alerts(reseller).size() == 1);

		// back to 6 left: above 5 again, the threshold can fire again
		sale(reseller, "AQUA-" + u, "T" + u + "-1", "cancelled");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 6);
		assertThat(stock(reseller, allocation).path("thresholds").findValuesAsText("armed")).containsExactly("true");

		sale(reseller, "AQUA-" + u, "T" + u + "-6", "sold");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 5);
		await().atMost(WAIT).until(() -> alerts(reseller).size() == 2);
		assertThat(alerts(reseller)).extracting(a -> a.path("threshold").asText()).containsExactly("5", "5");
		await().atMost(WAIT).until(() -> mails(reseller.email()).size() == 2);

		// a give-back that leaves the stock at the threshold does not re-arm it
		sale(reseller, "AQUA-" + u, "T" + u + "-7", "sold");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 4);
		sale(reseller, "AQUA-" + u, "T" + u + "-7", "refunded");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 5);
		assertThat(stock(reseller, allocation).path("thresholds").findValuesAsText("armed")).containsExactly("false");
		sale(reseller, "AQUA-" + u, "T" + u + "-8", "sold");
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 4);
		assertThat(alerts(reseller)).hasSize(2);
	}

	@Test
	void anOperatorChangesAResellersContactAndWebhookAndTheSecretIsNeverShown() {
		String u = unique();
		Reseller before = reseller("P" + u, "/hooks/old-" + u);
		String hookPath = "/hooks/new-" + u;
		TestWebhookServer.server().stubFor(WireMock.post(urlEqualTo(hookPath)).willReturn(aResponse().withStatus(200)));
		String email = "stock." + u + "@new-reseller.example";
		String secret = "whsec-new-" + u + "-0123456789";

		var changed = patchReseller(before.id(),
				"{\"name\": \" Voyages Nouveaux \", \"email\": \" Stock." + u
						+ "@New-Reseller.example\", \"phone\": \"+33478000000\", \"webhookUrl\": \""
						+ TestWebhookServer.url(hookPath) + "\", \"webhookSecret\": \"" + secret + "\"}");
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		JsonNode view = readJson(changed.body());
		assertThat(view.path("name").asText()).isEqualTo("Voyages Nouveaux");
		assertThat(view.path("email").asText()).isEqualTo(email);
		assertThat(view.path("phone").asText()).isEqualTo("+33478000000");
		assertThat(view.path("webhookUrl").asText()).isEqualTo(TestWebhookServer.url(hookPath));
		assertThat(view.path("code").asText()).isEqualTo(before.code());
		// no answer ever holds a webhook secret, old or new
		for (String body : List.of(changed.body(), get("/api/v1/resellers/" + before.id(), OPERATOR_KEY).body(),
				get("/api/v1/resellers", OPERATOR_KEY).body(),
				get("/api/v1/resellers/" + before.id() + "/stock", before.key()).body())) {
			assertThat(body).doesNotContain(secret)
				.doesNotContain(before.secret())
				.doesNotContainIgnoringCase("secret");
		}

		// the next alert goes to the new address and webhook, signed with the new secret
		Reseller after = new Reseller(before.id(), before.code(), email, before.key(), secret, hookPath);
		long allocation = allocate(after, "TOUR-" + u, 2, List.of("0"));
		order(after, "O" + u, "TOUR-" + u, 2, "p");
		await().atMost(WAIT).until(() -> remaining(after, allocation) == 0);
		await().atMost(WAIT).until(() -> mails(email).size() == 1 && webhooks(after).size() == 1);
		assertSigned(webhooks(after).get(0), secret);
		assertThat(webhooks(before)).isEmpty();
		assertThat(mails(before.email())).isEmpty();

		// the daily digest alone still changes as before; the rest is kept
		var digest = patchReseller(before.id(), "{\"dailyDigest\": true}");
		assertThat(digest.statusCode()).as(digest.body()).isEqualTo(200);
		assertThat(readJson(digest.body()).path("dailyDigest").asBoolean()).isTrue();
		assertThat(readJson(digest.body()).path("email").asText()).isEqualTo(email);

		// refused with the reason, nothing changed
		for (String[] refused : List.of(new String[] { "{}", "nothing to change" },
				new String[] { "{\"name\": \"  \"}", "name is missing" },
				new String[] { "{\"email\": \"not-an-address\"}", "email" },
				new String[] { "{\"webhookUrl\": \"ftp://x.example/hook\"}", "http or https" },
				new String[] { "{\"webhookSecret\": \"short\"}", "at least 16 characters" }, new String[] {
						"{\"webhookUrl\": \"\", \"webhookSecret\": \"" + secret + "\"}", "without a webhookUrl" },
				new String[] { "{\"name\": 12, \"email\": [", "" })) {
			var answer = patchReseller(before.id(), refused[0]);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
			assertThat(answer.headers().firstValue("Content-Type"))
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(readJson(answer.body()).path("detail").asText()).contains(refused[1])
				.doesNotContain("Exception");
		}
		assertThat(patchReseller(before.id() + 1_000_000, "{\"name\": \"X\"}").statusCode()).isEqualTo(404);
		assertThat(readJson(get("/api/v1/resellers/" + before.id(), OPERATOR_KEY).body()).path("name").asText())
			.isEqualTo("Voyages Nouveaux");

		// an empty webhookUrl removes the webhook and its secret
		var removed = patchReseller(before.id(), "{\"webhookUrl\": \"\"}");
		assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
		assertThat(readJson(removed.body()).has("webhookUrl")).isFalse();
		assertThat(
				this.jdbc.queryForObject("select webhook_secret from reseller where id = ?", String.class, before.id()))
			.isNull();
	}

	@Test
	void anOversaleIsRecordedAndAlertedToTheResellerAndTheSalesTeam() {
		String u = unique();
		Reseller reseller = reseller("V" + u, "/hooks/" + u);
		long allocation = allocate(reseller, "GALA-" + u, 2, null);
		order(reseller, "O" + u, "GALA-" + u, 3, "p");

		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == -1);
		JsonNode stock = stock(reseller, allocation);
		assertThat(stock.path("sold").asInt()).isEqualTo(3);
		assertThat(stock.path("oversold").asInt()).isEqualTo(1);
		await().atMost(WAIT).until(() -> alerts(reseller).size() == 2);
		assertThat(alerts(reseller)).extracting(a -> a.path("kind").asText())
			.containsExactlyInAnyOrder("SOLD_OUT", "OVERSOLD");
		await().atMost(WAIT).until(() -> mails(reseller.email()).size() == 2 && webhooks(reseller).size() == 2);
		await().atMost(WAIT)
			.until(() -> mails(SALES_TEAM).stream().filter(m -> text(m).contains("GALA-" + u)).count() == 2);
		assertThat(mails(reseller.email()).stream().map(ResellerStockAlertTest::text))
			.anySatisfy(t -> assertThat(t).contains("Survente", "1 billet(s)"));
	}

	@Test
	void aWebhookFailingTwiceThenSucceedingIsDeliveredOnce() {
		String u = unique();
		String path = "/hooks/" + u;
		var mock = TestWebhookServer.server();
		mock.stubFor(WireMock.post(urlEqualTo(path))
			.inScenario(u)
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500).withBody("down"))
			.willSetStateTo("failed once"));
		mock.stubFor(WireMock.post(urlEqualTo(path))
			.inScenario(u)
			.whenScenarioStateIs("failed once")
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("failed twice"));
		mock.stubFor(WireMock.post(urlEqualTo(path))
			.inScenario(u)
			.whenScenarioStateIs("failed twice")
			.willReturn(aResponse().withStatus(204)));
		Reseller reseller = reseller("W" + u, path, false);
		long allocation = allocate(reseller, "SHOW-" + u, 2, List.of("0"));
		order(reseller, "O" + u, "SHOW-" + u, 2, "p");

		await().atMost(WAIT).until(() -> "SENT".equals(alerts(reseller).path(0).path("webhookStatus").asText()));
		JsonNode alert = alerts(reseller).get(0);
		assertThat(alert.path("kind").asText()).isEqualTo("SOLD_OUT");
		assertThat(alert.path("webhookAttempts").asInt()).isEqualTo(3);
		assertThat(webhooks(reseller)).hasSize(3);
		// the same body each time, signed each time; one delivery only was accepted
		assertThat(webhooks(reseller).stream().map(LoggedRequest::getBodyAsString).distinct()).hasSize(1);
		webhooks(reseller).forEach(hook -> assertSigned(hook, reseller.secret()));
		// one id for every attempt of one delivery: the reseller drops the duplicates
		assertThat(webhooks(reseller).stream().map(hook -> hook.getHeader("webhook-id")).distinct()).hasSize(1);
		assertThat(remaining(reseller, allocation)).isZero();
	}

	@Test
	void aReportDroppedInTheInboxCountsSalesMadeBeforeTheAllocationToo() throws Exception {
		String u = unique();
		Reseller reseller = reseller("F" + u, null);
		Path folder = Path.of(this.inbox, "reseller");
		Files.createDirectories(folder);
		String report = "reseller_id;sale_id;sold_at;venue;product_code;event_date;ticket_number;status;price\n"
				+ reseller.code() + ";S1;2026-06-01T10:00:00+02:00;zoo-lyon;NIGHT-" + u + ";14/07/2026;F" + u
				+ "-1;sold;19,90\n" + reseller.code() + ";S1;2026-06-01T10:00:00+02:00;zoo-lyon;NIGHT-" + u
				+ ";14/07/2026;F" + u + "-2;sold;19,90\n";
		Path part = Files.writeString(folder.getParent().resolve("report-" + u + ".csv.part"), report);
		Files.move(part, folder.resolve("report-" + u + ".csv"));
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForObject("select count(*) from reseller_sale where reseller_id = ?",
					Integer.class, reseller.id()) == 2);

		// the allocation comes after the sales: they count, and 2 of 2 is sold out
		String body = "{\"productCode\": \"NIGHT-" + u + "\", \"eventDate\": \"2026-07-14\", \"quantity\": 2}";
		var response = post("/api/v1/resellers/" + reseller.id() + "/allocations", OPERATOR_KEY, "application/json",
				body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode allocation = readJson(response.body());
		assertThat(allocation.path("remaining").asInt()).isZero();
		assertThat(alerts(reseller)).extracting(a -> a.path("kind").asText()).containsExactly("SOLD_OUT");
	}

	@Test
	void aSaleForAnUnknownResellerIsQuarantinedWithItsRowAndTheRestGoesThrough() {
		String u = unique();
		Reseller reseller = reseller("K" + u, null);
		long allocation = allocate(reseller, "PARK-" + u, 10, null);
		String unknown = "R-999" + u;
		String report = "reseller_id;sale_id;sold_at;venue;product_code;event_date;ticket_number;status;price\n"
				+ reseller.code() + ";S1;2026-05-01T10:00:00+02:00;zoo-lyon;PARK-" + u + ";;K" + u + "-1;sold;20,00\n"
				+ unknown + ";S2;2026-05-01T10:00:00+02:00;zoo-lyon;PARK-" + u + ";;K" + u + "-2;sold;20,00\n"
				+ reseller.code() + ";S3;2026-05-01T10:00:00+02:00;zoo-lyon;PARK-" + u + ";;K" + u + "-3;sold;20,00\n";

		// venue IT posts a report it received: rows of any reseller
		var response = post("/api/v1/ingest/reseller", OPERATOR_KEY, "text/csv", report);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode answer = readJson(response.body());
		assertThat(answer.path("accepted").asInt()).isEqualTo(2);
		assertThat(answer.path("quarantined").asInt()).isEqualTo(1);
		assertThat(answer.at("/rejections/0/line").asInt()).isEqualTo(3);
		assertThat(answer.at("/rejections/0/reason").asText()).startsWith("unknown reseller '" + unknown + "'");
		// the rest goes through
		await().atMost(WAIT).until(() -> remaining(reseller, allocation) == 8);

		long quarantineId = answer.at("/rejections/0/quarantineId").asLong();
		JsonNode kept = getJson("/api/v1/quarantine/" + quarantineId);
		assertThat(kept.path("source").asText()).isEqualTo("reseller");
		assertThat(kept.path("rawPayload").asText()).startsWith(unknown + ";S2;").contains("K" + u + "-2");
		assertThat(kept.path("reason").asText()).contains("unknown reseller '" + unknown + "'");
		assertThat(this.jdbc.queryForObject("select count(*) from reseller_sale where ticket_number = ?", Integer.class,
				"K" + u + "-2"))
			.isZero();

		// an online order naming an unknown reseller is held back the same way
		String order = "{\"code\": \"OU" + u + "\", \"status\": \"p\", \"reseller_id\": \"" + unknown
				+ "\", \"datetime\": \"2026-05-01T10:00:00+02:00\", \"event\": \"zoo-lyon\", \"positions\": "
				+ "[{\"positionid\": 1, \"item\": \"PARK-" + u + "\", \"price\": \"20.00\", \"secret\": \"OU" + u
				+ "-1\"}]}";
		JsonNode online = readJson(post("/api/v1/ingest/online", "dev-online-key", "application/json", order).body());
		assertThat(online.path("quarantined").asInt()).isEqualTo(1);
		assertThat(online.at("/rejections/0/reason").asText()).startsWith("unknown reseller '" + unknown + "'");

		// once the reseller exists, the row replays and counts against its allocation
		Reseller late = reseller(unknown, null);
		long lateAllocation = allocate(late, "PARK-" + u, 5, null);
		var replay = post("/api/v1/quarantine/" + quarantineId + "/replay", OPERATOR_KEY, "text/csv", "");
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		await().atMost(WAIT).until(() -> remaining(late, lateAllocation) == 4);
		assertThat(remaining(reseller, allocation)).isEqualTo(8);
	}

	@Test
	void aResellerReadsItsOwnStockOnly() {
		String u = unique();
		Reseller a = reseller("A" + u, null);
		Reseller b = reseller("B" + u, null);
		allocate(a, "A-PRODUCT-" + u, 10, null);
		allocate(b, "B-PRODUCT-" + u, 10, null);

		var own = get("/api/v1/resellers/" + a.id() + "/stock", a.key());
		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(own.body()).contains("A-PRODUCT-" + u).doesNotContain("B-PRODUCT-" + u);

		var other = get("/api/v1/resellers/" + b.id() + "/stock", a.key());
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(other.body()).doesNotContain("B-PRODUCT-" + u);
		// nor anything else of the hub
		assertThat(get("/api/v1/resellers/" + b.id(), a.key()).statusCode()).isEqualTo(403);
		assertThat(get("/api/v1/resellers", a.key()).statusCode()).isEqualTo(403);
		assertThat(get("/api/v1/customers?page=0&size=1", a.key()).statusCode()).isEqualTo(403);
		assertThat(get("/api/v1/resellers/" + a.id() + "/stock", "rsk_not-a-key").statusCode()).isEqualTo(401);
		assertThat(get("/api/v1/resellers/" + a.id() + "/stock", null).statusCode()).isEqualTo(401);
	}

	// --- helpers

	record Reseller(long id, String code, String email, String key, String secret, String hookPath) {
	}

	private Reseller reseller(String code, String hookPath) {
		return reseller(code, hookPath, true);
	}

	private Reseller reseller(String code, String hookPath, boolean stub) {
		String secret = "whsec-" + code + "-0123456789";
		if (hookPath != null && stub) {
			TestWebhookServer.server()
				.stubFor(WireMock.post(urlEqualTo(hookPath)).willReturn(aResponse().withStatus(200)));
		}
		String email = "alerts." + code.toLowerCase() + "@reseller.example";
		String body = "{\"code\": \"" + code + "\", \"name\": \"Voyages " + code + "\", \"email\": \"" + email + "\""
				+ (hookPath == null ? "" : ", \"webhookUrl\": \"" + TestWebhookServer.url(hookPath)
						+ "\", \"webhookSecret\": \"" + secret + "\"")
				+ "}";
		var response = post("/api/v1/resellers", OPERATOR_KEY, "application/json", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode created = readJson(response.body());
		return new Reseller(created.path("id").asLong(), code, email, created.path("apiKey").asText(), secret,
				hookPath);
	}

	private long allocate(Reseller reseller, String product, int quantity, List<String> thresholds) {
		String body = "{\"productCode\": \"" + product + "\", \"quantity\": " + quantity
				+ (thresholds == null ? "" : ", \"thresholds\": " + write(thresholds)) + "}";
		var response = post("/api/v1/resellers/" + reseller.id() + "/allocations", OPERATOR_KEY, "application/json",
				body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return readJson(response.body()).path("id").asLong();
	}

	private void sale(Reseller reseller, String product, String ticket, String status) {
		var response = post("/api/v1/ingest/reseller", reseller.key(), "text/csv",
				csv(reseller.code(), "S" + ticket, product, ticket, status));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(readJson(response.body()).path("quarantined").asInt()).as(response.body()).isZero();
	}

	private java.net.http.HttpResponse<String> patchReseller(long id, String body) {
		var request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/api/v1/resellers/" + id))
			.header("Content-Type", "application/json")
			.header("X-Api-Key", OPERATOR_KEY)
			.method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			return HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private JsonNode patch(Reseller reseller, long allocation, int quantity) {
		var request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/api/v1/resellers/" + reseller.id()
					+ "/allocations/" + allocation))
			.header("Content-Type", "application/json")
			.header("X-Api-Key", OPERATOR_KEY)
			.method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"quantity\": " + quantity + "}"))
			.build();
		try {
			var response = HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return readJson(response.body());
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	/**
	 * One online order of {@code tickets} positions sold by the reseller: p paid, c
	 * cancelled.
	 */
	private void order(Reseller reseller, String code, String product, int tickets, String status) {
		StringBuilder positions = new StringBuilder();
		for (int i = 1; i <= tickets; i++) {
			positions.append(i == 1 ? "" : ",")
				.append("{\"positionid\": ")
				.append(i)
				.append(", \"item\": \"")
				.append(product)
				.append("\", \"price\": \"20.00\", \"secret\": \"")
				.append(code)
				.append("-")
				.append(i)
				.append("\"}");
		}
		String body = "{\"code\": \"" + code + "\", \"status\": \"" + status + "\", \"reseller_id\": \""
				+ reseller.code() + "\", \"datetime\": \"2026-05-01T10:00:00+02:00\", \"event\": \"zoo-lyon\", "
				+ "\"positions\": [" + positions + "]}";
		var response = post("/api/v1/ingest/online", "dev-online-key", "application/json", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(readJson(response.body()).path("rejected").asInt()).as(response.body()).isZero();
	}

	private static String csv(String reseller, String sale, String product, String ticket, String status) {
		return "reseller_id;sale_id;sold_at;venue;product_code;event_date;ticket_number;status;price\n" + reseller + ";"
				+ sale + ";2026-05-01T10:00:00+02:00;zoo-lyon;" + product + ";;" + ticket + ";" + status + ";20,00\n";
	}

	private JsonNode stock(Reseller reseller, long allocation) {
		for (JsonNode a : readJson(get("/api/v1/resellers/" + reseller.id() + "/stock", reseller.key()).body())) {
			if (a.path("id").asLong() == allocation) {
				return a;
			}
		}
		throw new AssertionError("no allocation " + allocation);
	}

	private int remaining(Reseller reseller, long allocation) {
		return stock(reseller, allocation).path("remaining").asInt();
	}

	private JsonNode alerts(Reseller reseller) {
		return getJson("/api/v1/resellers/" + reseller.id() + "/alerts");
	}

	private static List<MimeMessage> mails(String address) {
		return TestMailServer.receivedBy(address);
	}

	private static List<LoggedRequest> webhooks(Reseller reseller) {
		return TestWebhookServer.server().findAll(postRequestedFor(urlEqualTo(reseller.hookPath())));
	}

	/** Signed as Standard Webhooks say: HMAC-SHA256 of "id.timestamp.body", in base64. */
	static void assertSigned(LoggedRequest hook, String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			String signed = hook.getHeader("webhook-id") + "." + hook.getHeader("webhook-timestamp") + ".";
			mac.update(signed.getBytes(StandardCharsets.UTF_8));
			String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(hook.getBody()));
			assertThat(hook.getHeader("webhook-id")).startsWith("rsw_");
			assertThat(hook.getHeader("webhook-timestamp")).matches("[0-9]{10}");
			assertThat(hook.getHeader("webhook-signature")).isEqualTo(expected);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new AssertionError(ex);
		}
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private static String text(MimeMessage message) {
		try {
			Object content = message.getContent();
			if (content instanceof String s) {
				return s;
			}
			if (content instanceof jakarta.mail.Multipart multipart) {
				StringBuilder all = new StringBuilder();
				for (int i = 0; i < multipart.getCount(); i++) {
					Object part = multipart.getBodyPart(i).getContent();
					if (part instanceof jakarta.mail.Multipart inner) {
						for (int j = 0; j < inner.getCount(); j++) {
							all.append(inner.getBodyPart(j).getContent());
						}
					}
					else {
						all.append(part);
					}
				}
				return all.toString();
			}
			return String.valueOf(content);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

}

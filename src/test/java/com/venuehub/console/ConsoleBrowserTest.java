package com.venuehub.console;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.venuehub.BoxOfficeSale;
import com.venuehub.TestClock;
import com.venuehub.TestTwilioServer;
import com.venuehub.TestWebhookServer;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser: each role logs in to its own home; venue IT fixes a
 * quarantined record and replays it; a duplicate pair is confirmed; marketing builds a
 * segment, launches a campaign and reads its results; a reseller sees its own stock and
 * tests its webhook; venue IT replays a dead letter and discards another; marketing is
 * refused an export.
 */
class ConsoleBrowserTest extends BrowserTestSupport {

	private static final String CALLBACKS = "twilio.callbacks";

	@Autowired
	TestClock clock;

	@Autowired
	EmbeddedActiveMQ broker;

	@Autowired
	ConnectionFactory jmsConnectionFactory;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void eachRoleLogsInToItsOwnHome() throws Exception {
		record Home(String user, String panel, String notShown) {
		}
		for (Home home : List.of(new Home("it", "Sources and quarantine", "Campaigns"),
				new Home("marketing", "Campaigns", "Identity"), new Home("dpo", "Exports and erasures", "Campaigns"),
				new Home("reseller", "Stock of ticketplus", "Identity"),
				new Home("admin", "Sources and quarantine", "Stock of"))) {
			loginAs(home.user());
			assertThat(text(By.tagName("h1"))).isEqualTo("Hello, " + home.user());
			assertThat(page()).as(home.user()).contains(home.panel()).doesNotContain(home.notShown());
			screenshot(home.user() + "-home");
		}
		assertThat(page()).contains("Campaigns", "Identity", "Exports and erasures");
	}

	@Test
	void aQuarantinedRowFixedInThePageIsReplayedAndItsBuyerAppears() {
		String sale = "Q" + unique();
		String ticket = "T-" + sale;
		String row = String.join(";", sale, "31/02/2026 10:15", "zoo-lyon", "ADULT", "Entrée adulte", ticket,
				"28/02/2026", "13/03/2027", "24,50", "Paulette", "Replay" + sale, sale.toLowerCase() + "@example.fr",
				"", "69002", "", "", "", "");
		HttpResponse<String> posted = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv",
				BoxOfficeSale.HEADER + "\n" + row + "\n");
		long id = readJson(posted.body()).at("/rejections/0/quarantineId").asLong();

		loginAs("it");
		open("/console/quarantine?source=box-office");
		assertThat(text(By.id("q-" + id))).contains("31/02/2026", "is not a date");
		browser.findElement(By.id("fix-" + id)).click();
		WebElement payload = waitFor(By.id("payload"));
		payload.clear();
		payload.sendKeys(row.replace("31/02/2026 10:15", "28/02/2026 10:15"));
		browser.findElement(By.id("replay")).click();
		assertThat(waitFor(By.cssSelector("p.notice")).getText()).contains("Record " + id + " replayed");

		open("/console/customers?q=" + ticket);
		// a refresh that Chrome aborts for a navigation still in progress is tried again
		new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.TimeoutException.class)
			.until(d -> {
				d.navigate().refresh();
				return page().contains("Replay" + sale);
			});
		browser.findElement(By.linkText("#" + holderOf(ticket))).click();
		assertThat(text(By.id("tickets"))).contains(ticket);
		assertThat(text(By.id("timeline"))).contains("Bought ticket " + ticket);
	}

	@Test
	void aDeadLetterReplayedFromThePageIsAppliedAndOneDiscardedIsGone() throws Exception {
		String u = unique();
		String replayed = "dlc-replay-" + u;
		String discarded = "dlc-discard-" + u;
		String trigger = "console_dead_letter_" + u;
		this.broker.getActiveMQServer()
			.getAddressSettingsRepository()
			.addMatch(CALLBACKS, new AddressSettings().setMaxDeliveryAttempts(2).setRedeliveryDelay(0));
		try {
			// the database refuses these callbacks as bad data: the broker gives up on
			// them
			this.jdbc.execute("""
					create function %s() returns trigger language plpgsql as $$
					begin
					  if new.token in ('%s', '%s') then
					    raise exception 'refused by the test' using errcode = '22023';
					  end if;
					  return new;
					end $$""".formatted(trigger, replayed, discarded));
			this.jdbc.execute("create trigger " + trigger + " before insert on twilio_callback for each row "
					+ "execute function " + trigger + "()");
			callback(replayed, "+33612345678", "SMc1" + u);
			callback(discarded, "+33698765432", "SMc2" + u);
			String first = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter("SMc1" + u), id -> id != null);
			String second = await().atMost(Duration.ofSeconds(30))
				.until(() -> deadLetter("SMc2" + u), id -> id != null);

			loginAs("it");
			assertThat(page()).contains("Dead letters");
			open("/console/dead-letters?size=200");
			assertThat(text(By.id("dl-" + first))).contains(CALLBACKS, "+33*******78", "SMc1" + u, reason(first))
				.doesNotContain("+33612345678");
			assertThat(page()).doesNotContain("+33612345678").doesNotContain("+33698765432");

			// the cause fixed, venue IT replays one and discards the other, confirming
			this.jdbc.execute("drop trigger " + trigger + " on twilio_callback");
			browser.findElement(By.id("replay-" + first)).click();
			assertThat(waitFor(By.cssSelector("p.notice")).getText()).contains(first, "sent back");
			await().atMost(Duration.ofSeconds(30)).until(() -> appliedCallback(replayed));
			open("/console/dead-letters?size=200");
			assertThat(browser.findElements(By.id("dl-" + first))).isEmpty();
			browser.findElement(By.id("open-" + second)).click();
			assertThat(text(By.id("reason"))).isEqualTo(reason(second));
			browser.findElement(By.id("confirmed")).click();
			browser.findElement(By.id("discard")).click();
			assertThat(waitFor(By.cssSelector("p.notice")).getText()).contains("discarded");
			assertThat(browser.findElements(By.id("dl-" + second))).isEmpty();
			assertThat(appliedCallback(discarded)).isFalse();
			assertThat(deadLetter("SMc2" + u)).isNull();
		}
		finally {
			this.broker.getActiveMQServer().getAddressSettingsRepository().removeMatch(CALLBACKS);
			this.jdbc.execute("drop trigger if exists " + trigger + " on twilio_callback");
			this.jdbc.execute("drop function if exists " + trigger + "()");
		}
	}

	@Test
	void aDuplicatePairConfirmedInThePageLeavesOneCustomer() {
		String u = unique();
		// names and a place of this test's own: nobody else in the shared store looks
		// like them
		String given = "Ysolde" + letters(u.substring(0, 4));
		String postcode = "2" + digits(4);
		BoxOfficeSale first = new BoxOfficeSale("D1" + u).buyer(given, "Doublon" + u)
			.email("ysolde.a" + u + "@example.fr")
			.phone("06" + digits(8))
			.postcode(postcode)
			.birthDate(String.format("%02d/%02d/19%d", 1 + ThreadLocalRandom.current().nextInt(28),
					1 + ThreadLocalRandom.current().nextInt(12), 50 + ThreadLocalRandom.current().nextInt(50)));
		BoxOfficeSale second = new BoxOfficeSale("D2" + u).buyer(given, "Doublon" + u)
			.email("ysolde.b" + u + "@example.fr")
			.postcode(postcode);
		postBoxOffice(first);
		long a = holderOf(first.ticket(1));
		postBoxOffice(second);
		long b = holderOf(second.ticket(1));
		assertThat(b).isNotEqualTo(a);
		long pair = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForList(
					"select id from duplicate_pair where status = 'OPEN' and customer_a = ? and customer_b = ?",
					Long.class, Math.min(a, b), Math.max(a, b)), ids -> ids.size() == 1)
			.get(0);

		loginAs("it");
		// the queue lists the oldest open pairs first: in a store shared with other
		// tests,
		// this pair is reached from its own link
		open("/console/duplicates");
		assertThat(browser.findElements(By.cssSelector("[id^=pair-]"))).isNotEmpty();
		open("/console/duplicates/" + pair);
		assertThat(text(By.id("side-by-side"))).contains("Doublon" + u, "ysolde.a" + u, "ysolde.b" + u);
		assertThat(text(By.id("contributions"))).contains("same person");
		browser.findElement(By.id("confirm")).click();
		assertThat(waitFor(By.cssSelector("p.notice")).getText()).contains("one customer");
		assertThat(text(By.id("customer-name"))).contains("#" + Math.min(a, b));
		assertThat(text(By.id("tickets"))).contains(first.ticket(1), second.ticket(1));
		assertThat(getJson("/api/v1/customers/" + Math.max(a, b)).path("id").asLong()).isEqualTo(Math.min(a, b));
	}

	@Test
	void theSegmentAudienceChangesAsTheSegmentIsBuilt() {
		String tier = "T" + unique();
		member("Alice", tier, true);
		member("Bruno", tier, true);
		member("Chantal", tier, false);

		loginAs("marketing");
		open("/console/segments");
		String everybody = text(By.id("matched-count"));
		browser.findElement(By.id("tiers")).sendKeys(tier);
		waitForExactText(By.id("matched-count"), "3");
		waitForExactText(By.id("audience-count"), "2");
		assertThat(text(By.id("left-out"))).contains("Never said yes to SMS offers 0", "Said no to SMS offers 1");
		assertThat(everybody).isNotEqualTo("3");
		browser.findElement(By.name("lastVisitWithinDays")).sendKeys("30");
		waitForExactText(By.id("matched-count"), "0");
		waitForExactText(By.id("audience-count"), "0");
	}

	@Test
	void aCampaignLaunchedFromThePageIsSentAndShowsItsResults() {
		// a Tuesday morning in Paris: within commercial hours
		this.clock.travelTo(LocalDateTime.parse("2026-12-01T10:00:00").atZone(ZoneId.of("Europe/Paris")).toInstant());
		String tier = "T" + unique();
		String phone = member("Denise", tier, true);

		loginAs("marketing");
		open("/console/campaigns/new");
		browser.findElement(By.id("name")).sendKeys("Console " + tier);
		browser.findElement(By.id("template")).sendKeys("Bonjour {{firstName}}, le code {{voucherCode}}");
		browser.findElement(By.id("tiers")).sendKeys(tier);
		browser.findElement(By.id("create")).click();
		assertThat(waitFor(By.id("preview-audience")).getText()).isEqualTo("1");
		assertThat(page()).contains("Bonjour Denise, le code V");
		browser.findElement(By.id("launch")).click();
		waitForText(By.id("state"), "RUNNING");
		waitForText(By.id("sent"), "1");
		assertThat(browser.findElements(By.cssSelector("#results canvas"))).hasSize(1);
		assertThat(TestTwilioServer.sentTo(phone)).hasSize(1);
	}

	@Test
	void aResellerSeesItsOwnStockAndNotAnothersAndTestsItsWebhook() {
		String u = unique();
		String hook = "/hooks/ticketplus-" + u;
		TestWebhookServer.server()
			.stubFor(WireMock.post(urlEqualTo(hook)).willReturn(aResponse().withStatus(200).withBody("got it")));
		long own = reseller("ticketplus",
				"{\"code\": \"ticketplus\", \"name\": \"TicketPlus\", "
						+ "\"email\": \"stock@ticketplus.example\", \"webhookUrl\": \"" + TestWebhookServer.url(hook)
						+ "\", \"webhookSecret\": \"a-secret-of-ticketplus\"}");
		long other = reseller("other" + u,
				"{\"code\": \"other" + u + "\", \"name\": \"Other\", \"email\": \"stock@other.example\"}");
		allocate(own, "OWN-" + u, 10);
		allocate(other, "THEIRS-" + u, 10);
		StringBuilder sales = new StringBuilder(
				"reseller_id;sale_id;sold_at;venue;product_code;event_date;ticket_number;status;price\n");
		for (int i = 1; i <= 6; i++) {
			sales.append("ticketplus;S")
				.append(u)
				.append(i)
				.append(";2026-06-01T10:00:00+02:00;zoo-lyon;OWN-")
				.append(u)
				.append(";;RT-")
				.append(u)
				.append('-')
				.append(i)
				.append(";sold;19,90\n");
		}
		assertThat(post("/api/v1/ingest/reseller", OPERATOR_KEY, "text/csv", sales.toString()).statusCode())
			.isEqualTo(202);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> getJson("/api/v1/resellers/" + own + "/alerts").size(), n -> n > 0);

		loginAs("reseller");
		open("/console/reseller");
		assertThat(text(By.id("stock"))).contains("OWN-" + u).doesNotContain("THEIRS-" + u);
		assertThat(text(By.id("alerts"))).contains("OWN-" + u, "LOW");
		browser.findElement(By.id("test-webhook")).click();
		assertThat(waitFor(By.id("webhook-answer")).getText()).contains("200", "accepted", "got it");
		TestWebhookServer.server()
			.verify(postRequestedFor(urlEqualTo(hook))
				.withHeader("webhook-signature", matching("v1,[A-Za-z0-9+/=]{44}"))
				.withRequestBody(containing("\"TEST\"")));
		open("/console/quarantine");
		assertThat(text(By.tagName("h1"))).isEqualTo("Not for your role");
	}

	@Test
	void marketingIsRefusedAnExport() {
		String sale = "M" + unique();
		BoxOfficeSale bought = new BoxOfficeSale(sale).buyer("Marc", "Private" + sale)
			.email(sale.toLowerCase() + "@example.fr");
		postBoxOffice(bought);
		long customer = holderOf(bought.ticket(1));

		loginAs("marketing");
		open("/console/privacy/customers/" + customer + "/export");
		assertThat(text(By.tagName("h1"))).isEqualTo("Not for your role");
		assertThat(page()).doesNotContain("Private" + sale);
		open("/console/customers/" + customer);
		assertThat(text(By.tagName("h1"))).isEqualTo("Not for your role");
		assertThat(browser.findElements(By.linkText("Export & erasure"))).isEmpty();
	}

	/** A STOP as the Twilio webhook keeps it on the callbacks queue. */
	private void callback(String token, String from, String sid) throws Exception {
		String body = this.json.writeValueAsString(java.util.Map.of("kind", "inbound", "params",
				java.util.Map.of("From", from, "Body", "STOP", "MessageSid", sid), "token", token, "statedAt",
				java.time.Instant.now().toString(), "receivedAt", java.time.Instant.now().toString()));
		try (Connection connection = this.jmsConnectionFactory.createConnection();
				Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
				MessageProducer producer = session.createProducer(session.createQueue(CALLBACKS))) {
			var message = session.createTextMessage(body);
			message.setStringProperty("hubSource", "twilio");
			producer.send(message);
			session.commit();
		}
	}

	/**
	 * The id of the dead letter of this Twilio message, as the API lists it; null when
	 * none.
	 */
	private String deadLetter(String sid) {
		for (com.fasterxml.jackson.databind.JsonNode letter : getJson("/api/v1/dead-letters?size=200").path("items")) {
			if (sid.equals(letter.at("/summary/MessageSid").asText())) {
				return letter.path("id").asText();
			}
		}
		return null;
	}

	/** The failure the API gives for this dead letter. */
	private String reason(String id) {
		return getJson("/api/v1/dead-letters/" + id).path("reason").asText();
	}

	private boolean appliedCallback(String token) {
		return this.jdbc.queryForObject("select count(*) from twilio_callback where token = ?", Integer.class,
				token) == 1;
	}

	private void screenshot(String name) throws java.io.IOException {
		java.nio.file.Files.createDirectories(SCREENSHOTS);
		java.nio.file.Files.write(SCREENSHOTS.resolve(name + ".png"),
				((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
	}

	/** A loyalty member enrolled through the real ingest; answers their phone. */
	private String member(String firstName, String tier, boolean optinSms) {
		String u = unique();
		String card = "LC" + digits(10);
		String phone = "+3361" + digits(7);
		String body = """
				{"txn_id": "EN-%s", "card_number": "%s", "type": "ENROLL", "points": 0, "balance": 0, "tier": "%s",
				 "occurred_at": "2026-01-05T10:00:00+01:00", "member": {"first_name": "%s", "last_name": "Console%s",
				 "phone": "%s", "email": "%s.%s@example.fr", "birth_date": "1980-0%d-1%d", "postcode": "69003",
				 "optin_sms": %s}}""".formatted(u, card, tier, firstName, u, phone, firstName.toLowerCase(), u,
				1 + ThreadLocalRandom.current().nextInt(9), ThreadLocalRandom.current().nextInt(9), optinSms);
		assertThat(post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json", body).statusCode())
			.isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select customer_id from loyalty_card where card_number = ?",
					Long.class, card), ids -> ids.size() == 1);
		return phone;
	}

	private long reseller(String code, String json) {
		List<Long> existing = this.jdbc.queryForList("select id from reseller where code = ?", Long.class, code);
		if (!existing.isEmpty()) {
			return existing.get(0);
		}
		HttpResponse<String> created = post("/api/v1/resellers", OPERATOR_KEY, "application/json", json);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return readJson(created.body()).path("id").asLong();
	}

	private void allocate(long reseller, String product, int quantity) {
		HttpResponse<String> allocated = post("/api/v1/resellers/" + reseller + "/allocations", OPERATOR_KEY,
				"application/json", "{\"productCode\": \"" + product + "\", \"quantity\": " + quantity + "}");
		assertThat(allocated.statusCode()).as(allocated.body()).isEqualTo(201);
	}

	/** The token in letters only, as a name is written. */
	private static String letters(String token) {
		StringBuilder letters = new StringBuilder();
		for (char c : token.toCharArray()) {
			letters.append(Character.isDigit(c) ? (char) ('g' + (c - '0')) : c);
		}
		return letters.toString();
	}

	private static String digits(int n) {
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < n; i++) {
			digits.append(ThreadLocalRandom.current().nextInt(10));
		}
		return digits.toString();
	}

}

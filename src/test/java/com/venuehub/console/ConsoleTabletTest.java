package com.venuehub.console;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.venuehub.TestClock;
import com.venuehub.TestTwilioServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The campaign pages on a tablet held upright (800 × 1280) and with the keyboard only:
 * every control has a label, the page does not scroll sideways, focus is always visible
 * and moves in reading order, and marketing creates and launches a campaign without a
 * mouse. The screenshot of the campaign page is left in
 * {@code target/console-screenshots}.
 */
class ConsoleTabletTest extends BrowserTestSupport {

	@Autowired
	TestClock clock;

	@AfterEach
	void realTime() {
		this.clock.reset();
	}

	@Test
	void marketingCreatesAndLaunchesACampaignOnATabletWithTheKeyboardOnly() {
		// a Tuesday morning in Paris: within commercial hours
		this.clock.travelTo(LocalDateTime.parse("2026-12-01T10:30:00").atZone(ZoneId.of("Europe/Paris")).toInstant());
		String tier = "T" + unique();
		String phone = member(tier);
		browser.manage().window().setSize(new Dimension(800, 1280));
		// a headless window never has the system's focus: without it the page shows no
		// focus style, as a background window would not
		((ChromeDriver) browser).executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
		loginAs("marketing");
		assertThat(script("return window.innerWidth")).isEqualTo(800L);
		assertThat(script("return document.hasFocus()")).isEqualTo(true);

		open("/console/campaigns/new");
		usableAtThisWidth();
		// the skip link comes first and leads into the page, to the form's first field
		press(Keys.TAB);
		assertThat(focused().getText()).isEqualTo("Skip to content");
		press(Keys.ENTER);
		press(Keys.TAB);
		assertThat(focused().getAttribute("id")).isEqualTo("name");
		type("Tablette " + tier);
		tabTo("template").sendKeys("Bonjour {{firstName}}");
		tabTo("tiers").sendKeys(tier);
		tabTo("create");
		press(Keys.ENTER);

		// the draft: its preview, then Launch with the keyboard
		assertThat(waitFor(By.id("preview-audience")).getText()).isEqualTo("1");
		usableAtThisWidth();
		tabTo("launch");
		press(Keys.ENTER);
		waitForText(By.id("state"), "RUNNING");
		waitForText(By.id("sent"), "1");
		usableAtThisWidth();
		assertThat(browser.findElement(By.cssSelector("#results canvas")).getRect().getWidth())
			.as("the chart fits the tablet")
			.isLessThanOrEqualTo(800);
		await().atMost(Duration.ofSeconds(20)).until(() -> TestTwilioServer.sentTo(phone), sent -> sent.size() == 1);
	}

	/**
	 * Every control of the page has a name a screen reader says, and nothing is wider
	 * than the screen.
	 */
	private void usableAtThisWidth() {
		@SuppressWarnings("unchecked")
		List<String> unnamed = (List<String>) script(
				"""
						return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
						  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
						               && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
						  .map(e => e.outerHTML)""");
		assertThat(unnamed).as("controls without a label").isEmpty();
		assertThat((Long) script("return document.documentElement.scrollWidth")).as("the page does not scroll sideways")
			.isLessThanOrEqualTo((Long) script("return window.innerWidth"));
	}

	/**
	 * Tabs forward until the element of that id has the focus, checking on the way that
	 * each focused element is on screen and outlined; answers it.
	 */
	private WebElement tabTo(String id) {
		for (int i = 0; i < 60; i++) {
			press(Keys.TAB);
			WebElement focused = focused();
			assertThat(focused.isDisplayed()).as("focused " + focused.getTagName() + " is shown").isTrue();
			assertThat((String) script("return getComputedStyle(document.activeElement).outlineStyle"))
				.as("the focus of %s is visible", script("return document.activeElement.outerHTML"))
				.isNotEqualTo("none");
			if (id.equals(focused.getAttribute("id"))) {
				return focused;
			}
		}
		throw new AssertionError("the keyboard never reaches #" + id);
	}

	private WebElement focused() {
		return browser.switchTo().activeElement();
	}

	private void press(CharSequence key) {
		focused().sendKeys(key);
	}

	private void type(String text) {
		focused().sendKeys(text);
	}

	private Object script(String script) {
		return ((JavascriptExecutor) browser).executeScript(script);
	}

	/** A loyalty member of that tier who accepts SMS; answers their phone. */
	private String member(String tier) {
		String u = unique();
		String card = "LC" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
		String phone = "+3361" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
		var response = post("/api/v1/ingest/loyalty", "dev-loyalty-key", "application/json", """
				{"txn_id": "EN-%s", "card_number": "%s", "type": "ENROLL", "points": 0, "balance": 0, "tier": "%s",
				 "occurred_at": "2026-01-05T10:00:00+01:00", "member": {"first_name": "Tess", "last_name": "Tablette%s",
				 "phone": "%s", "email": "tess.%s@example.fr", "birth_date": "1985-04-12", "postcode": "69003",
				 "optin_sms": true}}""".formatted(u, card, tier, u, phone, u));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select customer_id from loyalty_card where card_number = ?",
					Long.class, card), ids -> ids.size() == 1);
		return phone;
	}

}

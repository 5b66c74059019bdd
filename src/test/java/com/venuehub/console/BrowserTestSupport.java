package com.venuehub.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Console tests in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}), driven by Selenium against the hub of the shared test
 * context. Nothing is downloaded: the driver and the browser are named by their paths.
 * Without them the tests are skipped, saying how to install them. Each test leaves a
 * screenshot in {@code target/console-screenshots/}.
 */
abstract class BrowserTestSupport extends HubTestSupport {

	static final Path CHROMIUM = Path.of(System.getProperty("hub.test.chromium", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));

	static final Path SCREENSHOTS = Path.of("target/console-screenshots");

	static WebDriver browser;

	private static Path profile;

	static final String MISSING = "browser test skipped: no Chromium at " + CHROMIUM + " or no ChromeDriver at "
			+ CHROMEDRIVER + "; install them with: apt-get install -y chromium chromium-driver";

	@BeforeAll
	static void startBrowser() throws IOException {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			// each test is then reported skipped with this message (a class-level skip is
			// reported as no test at all)
			System.err.println(MISSING);
			return;
		}
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
		profile = Files.createTempDirectory("console-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1366,900", "--lang=en");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		browser.manage().window().setSize(new Dimension(1366, 900));
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
		if (profile != null) {
			deleteTree(profile);
		}
	}

	@BeforeEach
	void needsTheBrowser() {
		Assumptions.assumeTrue(browser != null, MISSING);
	}

	@AfterEach
	void screenshot(TestInfo test) throws IOException {
		if (browser == null) {
			return;
		}
		Files.createDirectories(SCREENSHOTS);
		byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
		Files.write(SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"), png);
	}

	/** Logs in to the console as this development user (password dev-&lt;user&gt;). */
	void loginAs(String user) {
		browser.manage().deleteAllCookies();
		open("/console/login");
		browser.findElement(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys("dev-" + user);
		browser.findElement(By.cssSelector("form button[type=submit]")).click();
		waitFor(By.cssSelector("form.logout"));
	}

	void open(String path) {
		browser.get("http://localhost:" + this.port + path);
	}

	WebElement waitFor(By locator) {
		return new WebDriverWait(browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	/**
	 * Waits until the element's text is this, reloading the page meanwhile when asked.
	 */
	void waitForText(By locator, String text) {
		new WebDriverWait(browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
	}

	/**
	 * Waits until the element's text is this one exactly: a count of 3 awaited is not the
	 * 1563 of the page before it updates.
	 */
	void waitForExactText(By locator, String text) {
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(locator, text));
	}

	String text(By locator) {
		return browser.findElement(locator).getText();
	}

	String page() {
		return browser.findElement(By.tagName("body")).getText();
	}

}

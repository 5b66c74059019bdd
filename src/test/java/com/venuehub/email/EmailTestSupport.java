package com.venuehub.email;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.venuehub.HubTestSupport;
import com.venuehub.TestClock;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the email tests share: placing orders, reading the SMTP server and the outbox. */
abstract class EmailTestSupport extends HubTestSupport {

	@Autowired
	TestClock clock;

	@AfterEach
	void realTime() {
		this.clock.reset();
	}

	/**
	 * Posts a paid online order of two tickets; answers its code. The hub's clock is
	 * moved to the sale if it is behind: a record dated ahead of it is held.
	 */
	String order(String code, String email, String locale, String sold, String from, String until) {
		notBefore(sold);
		String body = resource("/email/online-order.json").replace("{{code}}", code)
			.replace("{{family}}", familyName(email))
			.replace("{{email}}", email)
			.replace("{{locale}}", locale)
			.replace("{{sold}}", sold)
			.replace("{{from}}", from)
			.replace("{{until}}", until);
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", body).statusCode())
			.isEqualTo(202);
		return code;
	}

	/**
	 * A family name of its own per buyer: identity resolution rightly merges buyers whose
	 * names and emails look alike, and these tests are about emails, not about who is
	 * who.
	 */
	static String familyName(String email) {
		java.util.Random letters = new java.util.Random(email.hashCode());
		StringBuilder name = new StringBuilder().append((char) ('A' + letters.nextInt(26)));
		for (int i = 0; i < 8; i++) {
			name.append((char) ('a' + letters.nextInt(26)));
		}
		return name.toString();
	}

	void scan(String ticket, String at) {
		notBefore(at);
		String body = "{\"scan_id\": \"SC-" + ticket + "\", \"ticket_number\": \"" + ticket
				+ "\", \"gate\": \"G1\", \"scanned_at\": \"" + at + "\", \"result\": \"OK\"}";
		assertThat(post("/api/v1/ingest/turnstile", "dev-turnstile-key", "application/json", body).statusCode())
			.isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "USED".equals(this.jdbc.queryForObject("select status from ticket where ticket_number = ?",
					String.class, ticket)));
	}

	private void notBefore(String dateTime) {
		java.time.Instant at = java.time.OffsetDateTime.parse(dateTime).toInstant();
		if (this.clock.instant().isBefore(at)) {
			this.clock.set(at);
		}
	}

	Long customerOf(String ticket) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("select customer_id from ticket where ticket_number = ?", Long.class,
					ticket), found -> !found.isEmpty() && found.get(0) != null)
			.get(0);
	}

	List<Map<String, Object>> outbox(String dedupKeyPrefix) {
		return this.jdbc.queryForList("select * from outbox_message where dedup_key like ? order by id",
				dedupKeyPrefix + "%");
	}

	static String text(MimeMessage message) {
		return part(message, "text/plain");
	}

	static String html(MimeMessage message) {
		return part(message, "text/html");
	}

	private static String part(MimeMessage message, String type) {
		try {
			Multipart parts = (Multipart) message.getContent();
			for (int i = 0; i < parts.getCount(); i++) {
				BodyPart part = parts.getBodyPart(i);
				if (part.isMimeType(type)) {
					return (String) part.getContent();
				}
			}
			throw new AssertionError("no " + type + " part");
		}
		catch (MessagingException | IOException ex) {
			throw new AssertionError(ex);
		}
	}

	static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new AssertionError(ex);
		}
	}

}

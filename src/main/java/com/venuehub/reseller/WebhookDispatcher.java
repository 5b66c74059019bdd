package com.venuehub.reseller;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the reseller webhook outbox: claims due deliveries with
 * {@code FOR UPDATE SKIP LOCKED}, posts each signed body and records the outcome with it.
 * A 2xx answer delivers it; anything else is retried with a doubling back-off, the last
 * error kept on the row, until it is failed for good.
 */
@Component("resellerWebhookDispatcher")
public class WebhookDispatcher {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ResellerProperties.Webhook properties;

	private final HttpClient http;

	public WebhookDispatcher(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock,
			ResellerProperties properties) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.clock = clock;
		this.properties = properties.webhook();
		this.http = HttpClient.newBuilder().connectTimeout(this.properties.timeout()).build();
	}

	/** Settles every delivery due now; answers how many were tried. */
	public int drain() {
		int tried = 0;
		while (true) {
			Integer batch = this.transaction.execute(status -> sendBatch());
			tried += batch;
			if (batch < this.properties.batch()) {
				return tried;
			}
		}
	}

	private int sendBatch() {
		Instant now = this.clock.instant();
		List<Delivery> due = this.jdbc.query(
				"""
						select w.id, w.url, w.body, w.attempts, r.webhook_secret
						from reseller_webhook w join reseller_alert a on a.id = w.alert_id join reseller r on r.id = a.reseller_id
						where w.status = 'PENDING' and w.next_attempt_at <= ?
						order by w.next_attempt_at, w.id limit ? for update of w skip locked""",
				(rs, n) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)),
				Timestamp.from(now), this.properties.batch());
		for (Delivery delivery : due) {
			send(delivery, now);
		}
		return due.size();
	}

	/**
	 * Posts one signed body now, outside the outbox, as a delivery would be posted (a
	 * reseller testing its endpoint); answers what came back.
	 */
	public TestAnswer test(String url, String secret, String body) {
		try {
			HttpResponse<String> response = this.http.send(request(url, body, secret, "test").build(),
					HttpResponse.BodyHandlers.ofString());
			String answer = response.body() == null ? "" : abbreviate(response.body().strip());
			return new TestAnswer(response.statusCode(), answer, null);
		}
		catch (IOException | IllegalArgumentException ex) {
			return new TestAnswer(null, null,
					ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new TestAnswer(null, null, "interrupted");
		}
	}

	private HttpRequest.Builder request(String url, String body, String secret, String deliveryId) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header("X-Hub-Delivery", deliveryId)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (secret != null) {
			request.header(WebhookSignature.HEADER, WebhookSignature.sign(secret, body));
		}
		return request;
	}

	private void send(Delivery delivery, Instant now) {
		HttpRequest.Builder request = request(delivery.url(), delivery.body(), delivery.secret(),
				String.valueOf(delivery.id()));
		int attempts = delivery.attempts() + 1;
		Integer status = null;
		String error;
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			status = response.statusCode();
			if (status >= 200 && status < 300) {
				this.jdbc.update("""
						update reseller_webhook set status = 'SENT', attempts = ?, last_status = ?, sent_at = ?,
						    updated_at = now() where id = ?""", attempts, status, Timestamp.from(this.clock.instant()),
						delivery.id());
				return;
			}
			String answer = response.body() == null ? "" : response.body().strip();
			error = "HTTP " + status + (answer.isEmpty() ? "" : ": " + abbreviate(answer));
		}
		catch (IOException | IllegalArgumentException ex) {
			error = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			error = "interrupted";
		}
		if (attempts >= this.properties.maxAttempts()) {
			this.jdbc.update("""
					update reseller_webhook set status = 'FAILED', attempts = ?, last_status = ?, last_error = ?,
					    updated_at = now() where id = ?""", attempts, status,
					"gave up after " + attempts + " attempts: " + error, delivery.id());
			log.warn("Webhook delivery {} failed for good after {} attempts", delivery.id(), attempts);
			return;
		}
		Duration backoff = this.properties.initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
		if (backoff.compareTo(this.properties.maxBackoff()) > 0) {
			backoff = this.properties.maxBackoff();
		}
		this.jdbc.update("""
				update reseller_webhook set attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?,
				    updated_at = now() where id = ?""", attempts, status, error, Timestamp.from(now.plus(backoff)),
				delivery.id());
		log.info("Webhook delivery {} attempt {} failed ({}), next in {}", delivery.id(), attempts, error, backoff);
	}

	private static String abbreviate(String text) {
		return text.length() > 200 ? text.substring(0, 200) + "…" : text;
	}

	private record Delivery(long id, String url, String body, int attempts, String secret) {
	}

	/**
	 * @param status the HTTP status the endpoint answered; null when it could not be
	 * reached
	 * @param body the start of its answer
	 * @param error why it could not be reached
	 */
	public record TestAnswer(Integer status, String body, String error) {

		public boolean accepted() {
			return this.status != null && this.status >= 200 && this.status < 300;
		}

	}

}

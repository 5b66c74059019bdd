package com.venuehub.reseller;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Drains the reseller webhook outbox. Due deliveries are claimed with
 * {@code FOR UPDATE SKIP LOCKED} in a statement of their own that moves their next
 * attempt a lease ahead, so that no row lock is held while waiting on the network (a
 * stopped hub's claim lapses and another instance sends it). Each is posted signed
 * (Standard Webhooks), to a public address only (the client connects to the addresses
 * {@link WebhookTargets} checked, in the same look-up, while the Host header and TLS name
 * the host), without following redirects, within its timeout, reading at most
 * {@link #MAX_ANSWER_BYTES} of the answer. A 2xx answer delivers it; anything else is
 * retried with a doubling back-off, the last error kept on the row, until it is failed
 * for good. A target refused as not public fails at once.
 */
@Component("resellerWebhookDispatcher")
public class WebhookDispatcher {

	/** The most of an answer read: enough for an error message, never a whole page. */
	static final int MAX_ANSWER_BYTES = 4096;

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final ResellerProperties.Webhook properties;

	private final WebhookTargets targets;

	private final CloseableHttpClient http;

	/** Cuts an exchange that outlasts its bound (a peer dribbling its answer). */
	private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "webhook-deadlines");
		thread.setDaemon(true);
		return thread;
	});

	@Autowired
	public WebhookDispatcher(JdbcTemplate jdbc, Clock clock, ResellerProperties properties) {
		this(jdbc, clock, properties.webhook(), properties.webhook().targets());
	}

	WebhookDispatcher(JdbcTemplate jdbc, Clock clock, ResellerProperties.Webhook properties, WebhookTargets targets) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		this.targets = targets;
		Timeout timeout = Timeout.ofMilliseconds(properties.timeout().toMillis());
		this.http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(targets.pinned())
				.setDefaultConnectionConfig(
						ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.build();
	}

	@PreDestroy
	void close() throws IOException {
		this.deadlines.shutdownNow();
		this.http.close();
	}

	/** Settles every delivery due now; answers how many were tried. */
	public int drain() {
		int tried = 0;
		while (true) {
			List<Delivery> due = claim();
			for (Delivery delivery : due) {
				send(delivery);
			}
			tried += due.size();
			if (due.size() < this.properties.batch()) {
				return tried;
			}
		}
	}

	/**
	 * Claims due deliveries: their next attempt moves a lease ahead, committed at once,
	 * so that no other pass takes them meanwhile and no lock outlives this statement.
	 */
	private List<Delivery> claim() {
		Instant now = this.clock.instant();
		Duration lease = this.properties.timeout().multipliedBy(3).plusSeconds(30);
		return this.jdbc.query("""
				update reseller_webhook w set next_attempt_at = ?, updated_at = now()
				from reseller_alert a, reseller r
				where w.id in (select id from reseller_webhook where status = 'PENDING' and next_attempt_at <= ?
				               order by next_attempt_at, id limit ? for update skip locked)
				  and a.id = w.alert_id and r.id = a.reseller_id
				returning w.id, w.url, w.body, w.attempts, r.webhook_secret""",
				(rs, n) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)),
				Timestamp.from(now.plus(lease)), Timestamp.from(now), this.properties.batch());
	}

	private void send(Delivery delivery) {
		int attempts = delivery.attempts() + 1;
		URI url;
		try {
			url = URI.create(delivery.url());
		}
		catch (IllegalArgumentException ex) {
			failForGood(delivery, attempts, null, "refused: the webhook URL is not a URL");
			return;
		}
		Answer answer = post(url, "rsw_" + delivery.id(), delivery.secret(), delivery.body());
		if (answer.refused() != null) {
			failForGood(delivery, attempts, null, "refused: " + answer.refused());
			return;
		}
		Integer status = answer.status();
		if (status != null && status >= 200 && status < 300) {
			this.jdbc.update("""
					update reseller_webhook set status = 'SENT', attempts = ?, last_status = ?, last_error = null,
					    sent_at = ?, updated_at = now() where id = ? and status = 'PENDING'""", attempts, status,
					Timestamp.from(this.clock.instant()), delivery.id());
			return;
		}
		String error = answer.error();
		if (status != null) {
			String body = answer.body() == null ? "" : answer.body().strip();
			error = "HTTP " + status
					+ (status >= 300 && status < 400 ? " (redirects are not followed: set the URL it points to)" : "")
					+ (body.isEmpty() ? "" : ": " + abbreviate(body));
		}
		if (attempts >= this.properties.maxAttempts()) {
			failForGood(delivery, attempts, status, "gave up after " + attempts + " attempts: " + error);
			return;
		}
		retry(delivery, attempts, status, error);
	}

	/**
	 * What came of one post: a status and the start of the body; or the target refused;
	 * or why nothing came back.
	 */
	private record Answer(Integer status, String body, String refused, String error) {
	}

	/**
	 * Posts a signed body: the client resolves the host through the target check and
	 * connects to the addresses checked; the whole exchange, answer included, within
	 * twice the timeout, so that a peer dribbling its answer does not hold the
	 * dispatcher.
	 */
	private Answer post(URI url, String id, String secret, String body) {
		HttpPost request = signed(url, id, secret, body);
		long bound = this.properties.timeout().toMillis() * 2;
		ScheduledFuture<?> deadline = this.deadlines.schedule(request::cancel, bound, TimeUnit.MILLISECONDS);
		CloseableHttpResponse response = null;
		try {
			response = this.http.execute(request);
			String answer = "";
			if (response.getEntity() != null) {
				InputStream content = response.getEntity().getContent();
				answer = new String(content.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
			}
			return new Answer(response.getCode(), answer, null, null);
		}
		catch (IOException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof WebhookTargets.RefusedAddress refused) {
					return new Answer(null, null, refused.getMessage(), null);
				}
			}
			if (deadline.isDone() && !deadline.isCancelled()) {
				return new Answer(null, null, null, "no complete answer within " + bound + " ms");
			}
			if (ex instanceof UnknownHostException) {
				return new Answer(null, null, null,
						"the host of the webhook URL is not known (" + ex.getMessage() + ")");
			}
			return new Answer(null, null, null,
					ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
		}
		finally {
			deadline.cancel(false);
			// the rest of the answer is never read: the connection is dropped, not
			// drained
			request.cancel();
			if (response != null) {
				try {
					response.close();
				}
				catch (IOException ignored) {
					// the connection is gone already
				}
			}
		}
	}

	/**
	 * Posts one signed body now, outside the outbox, as a delivery is posted (a reseller
	 * testing its endpoint): the same target check, signature, timeout and bounded
	 * answer; answers what came back.
	 */
	public TestAnswer test(String url, String secret, String body) {
		URI target;
		try {
			target = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			return new TestAnswer(null, null, "refused: the webhook URL is not a URL");
		}
		Answer answer = post(target, "rsw_test_" + this.clock.millis(), secret, body);
		if (answer.refused() != null) {
			return new TestAnswer(null, null, "refused: " + answer.refused());
		}
		if (answer.status() == null) {
			return new TestAnswer(null, null, answer.error());
		}
		return new TestAnswer(answer.status(), answer.body() == null ? "" : abbreviate(answer.body().strip()), null);
	}

	/**
	 * A POST signed as Standard Webhooks: id, timestamp and the v1 signature of both and
	 * the body.
	 */
	private HttpPost signed(URI url, String id, String secret, String body) {
		long timestamp = this.clock.instant().getEpochSecond();
		HttpPost request = new HttpPost(url);
		request.setHeader(WebhookSignature.ID, id);
		request.setHeader(WebhookSignature.TIMESTAMP, String.valueOf(timestamp));
		if (secret != null) {
			request.setHeader(WebhookSignature.SIGNATURE, WebhookSignature.sign(secret, id, timestamp, body));
		}
		request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
		return request;
	}

	private void retry(Delivery delivery, int attempts, Integer status, String error) {
		Duration backoff = this.properties.initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
		if (backoff.compareTo(this.properties.maxBackoff()) > 0) {
			backoff = this.properties.maxBackoff();
		}
		this.jdbc.update("""
				update reseller_webhook set attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?,
				    updated_at = now() where id = ? and status = 'PENDING'""", attempts, status, error,
				Timestamp.from(this.clock.instant().plus(backoff)), delivery.id());
		log.info("Webhook delivery {} attempt {} failed ({}), next in {}", delivery.id(), attempts, error, backoff);
	}

	private void failForGood(Delivery delivery, int attempts, Integer status, String error) {
		this.jdbc.update("""
				update reseller_webhook set status = 'FAILED', attempts = ?, last_status = ?, last_error = ?,
				    updated_at = now() where id = ? and status = 'PENDING'""", attempts, status, error, delivery.id());
		log.warn("Webhook delivery {} failed for good after {} attempts: {}", delivery.id(), attempts, error);
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

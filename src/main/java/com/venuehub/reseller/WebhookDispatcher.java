package com.venuehub.reseller;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Drains the reseller webhook outbox. Due deliveries are claimed with
 * {@code FOR UPDATE SKIP LOCKED} in a statement of their own that moves their next
 * attempt a lease ahead, so that no row lock is held while waiting on the network (a
 * stopped hub's claim lapses and another instance sends it). Each is posted signed
 * (Standard Webhooks), to a public address only, without following redirects, within its
 * timeout, reading at most {@link #MAX_ANSWER_BYTES} of the answer. A 2xx answer delivers
 * it; anything else is retried with a doubling back-off, the last error kept on the row,
 * until it is failed for good. A target refused as not public fails at once.
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

	private final HttpClient http;

	public WebhookDispatcher(JdbcTemplate jdbc, Clock clock, ResellerProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties.webhook();
		this.targets = this.properties.targets();
		this.http = HttpClient.newBuilder()
			.connectTimeout(this.properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
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
			this.targets.check(url);
		}
		catch (WebhookTargets.Refused ex) {
			failForGood(delivery, attempts, null, "refused: " + ex.getMessage());
			return;
		}
		catch (IllegalArgumentException ex) {
			failForGood(delivery, attempts, null, "refused: the webhook URL is not a URL");
			return;
		}
		catch (UnknownHostException ex) {
			retry(delivery, attempts, null, "the host of the webhook URL is not known (" + ex.getMessage() + ")");
			return;
		}
		HttpRequest request = signed(url, "rsw_" + delivery.id(), delivery.secret(), delivery.body());
		Integer status = null;
		String error;
		CompletableFuture<HttpResponse<String>> call = this.http.sendAsync(request, WebhookDispatcher::bounded);
		try {
			// the whole exchange, answer included, within twice the timeout: a peer that
			// dribbles its answer does not hold the dispatcher
			HttpResponse<String> response = call.get(this.properties.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
			status = response.statusCode();
			if (status >= 200 && status < 300) {
				this.jdbc.update("""
						update reseller_webhook set status = 'SENT', attempts = ?, last_status = ?, last_error = null,
						    sent_at = ?, updated_at = now() where id = ? and status = 'PENDING'""", attempts, status,
						Timestamp.from(this.clock.instant()), delivery.id());
				return;
			}
			String answer = response.body() == null ? "" : response.body().strip();
			error = "HTTP "
					+ status + (status >= 300 && status < 400
							? " (redirects are not followed: set the URL " + "it points to)" : "")
					+ (answer.isEmpty() ? "" : ": " + abbreviate(answer));
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			error = "no complete answer within " + this.properties.timeout().multipliedBy(2).toMillis() + " ms";
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause() == null ? ex : ex.getCause();
			error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			call.cancel(true);
			error = "interrupted";
		}
		if (attempts >= this.properties.maxAttempts()) {
			failForGood(delivery, attempts, status, "gave up after " + attempts + " attempts: " + error);
			return;
		}
		retry(delivery, attempts, status, error);
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
			this.targets.check(target);
		}
		catch (WebhookTargets.Refused ex) {
			return new TestAnswer(null, null, "refused: " + ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			return new TestAnswer(null, null, "refused: the webhook URL is not a URL");
		}
		catch (UnknownHostException ex) {
			return new TestAnswer(null, null, "the host of the webhook URL is not known (" + ex.getMessage() + ")");
		}
		CompletableFuture<HttpResponse<String>> call = this.http
			.sendAsync(signed(target, "rsw_test_" + this.clock.millis(), secret, body), WebhookDispatcher::bounded);
		try {
			HttpResponse<String> response = call.get(this.properties.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
			String answer = response.body() == null ? "" : abbreviate(response.body().strip());
			return new TestAnswer(response.statusCode(), answer, null);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			return new TestAnswer(null, null,
					"no complete answer within " + this.properties.timeout().multipliedBy(2).toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause() == null ? ex : ex.getCause();
			return new TestAnswer(null, null,
					cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			call.cancel(true);
			return new TestAnswer(null, null, "interrupted");
		}
	}

	/**
	 * A POST signed as Standard Webhooks: id, timestamp and the v1 signature of both and
	 * the body.
	 */
	private HttpRequest signed(URI url, String id, String secret, String body) {
		long timestamp = this.clock.instant().getEpochSecond();
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header(WebhookSignature.ID, id)
			.header(WebhookSignature.TIMESTAMP, String.valueOf(timestamp))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (secret != null) {
			request.header(WebhookSignature.SIGNATURE, WebhookSignature.sign(secret, id, timestamp, body));
		}
		return request.build();
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

	/** At most {@link #MAX_ANSWER_BYTES} of the answer, then the rest is not read. */
	private static HttpResponse.BodySubscriber<String> bounded(HttpResponse.ResponseInfo info) {
		return new BoundedBody(MAX_ANSWER_BYTES);
	}

	private static final class BoundedBody implements HttpResponse.BodySubscriber<String> {

		private final int max;

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private final CompletableFuture<String> body = new CompletableFuture<>();

		private Flow.Subscription subscription;

		BoundedBody(int max) {
			this.max = max;
		}

		@Override
		public CompletionStage<String> getBody() {
			return this.body;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(1);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			for (ByteBuffer buffer : buffers) {
				int take = Math.min(buffer.remaining(), this.max - this.bytes.size());
				byte[] part = new byte[take];
				buffer.get(part);
				this.bytes.write(part, 0, take);
			}
			if (this.bytes.size() >= this.max) {
				// enough: the connection is closed, the rest never read
				this.subscription.cancel();
				complete();
			}
			else {
				this.subscription.request(1);
			}
		}

		@Override
		public void onError(Throwable failure) {
			if (this.bytes.size() > 0) {
				complete();
			}
			else {
				this.body.completeExceptionally(failure instanceof IOException ? failure : new IOException(failure));
			}
		}

		@Override
		public void onComplete() {
			complete();
		}

		private void complete() {
			this.body.complete(this.bytes.toString(StandardCharsets.UTF_8));
		}

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

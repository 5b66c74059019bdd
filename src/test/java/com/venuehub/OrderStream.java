package com.venuehub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client posting batches of paid online orders to a hub, one after the other, until
 * stopped, for the fault tests: it keeps the codes of the orders of every batch answered
 * 202 (each order has one ticket, {@code <code>-1}, and its own email) and counts the
 * batches sent, accepted and refused or cut.
 */
public final class OrderStream implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Set<String> answered202 = ConcurrentHashMap.newKeySet();

	private final AtomicInteger sent = new AtomicInteger();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger refused = new AtomicInteger();

	private final AtomicBoolean sending = new AtomicBoolean(true);

	private final Thread client;

	/**
	 * Starts posting to the hub on that port, orders coded {@code <prefix><batch>x<i>}.
	 */
	public OrderStream(int httpPort, String prefix, int ordersPerBatch) {
		this(httpPort, prefix, ordersPerBatch, Duration.ZERO);
	}

	/**
	 * Starts posting, a batch at most every {@code pace}: a steady load, not as fast as
	 * the hub answers.
	 */
	public OrderStream(int httpPort, String prefix, int ordersPerBatch, Duration pace) {
		this(httpPort, "dev-online-key", prefix, ordersPerBatch, pace);
	}

	/** Starts posting with that ingest key (a hub run with production keys). */
	public OrderStream(int httpPort, String key, String prefix, int ordersPerBatch, Duration pace) {
		this.client = new Thread(() -> {
			for (int batch = 0; this.sending.get(); batch++) {
				if (batch > 0 && !pace.isZero()) {
					try {
						Thread.sleep(pace.toMillis());
					}
					catch (InterruptedException ex) {
						return;
					}
				}
				this.sent.incrementAndGet();
				List<String> codes = new ArrayList<>();
				StringBuilder body = new StringBuilder("[");
				for (int i = 0; i < ordersPerBatch; i++) {
					String code = prefix + batch + "x" + i;
					codes.add(code);
					body.append(i == 0 ? "" : ",")
						.append("""
								{"code": "%s", "status": "p", "email": "%s@example.org", "datetime": "2026-05-03T10:00:00Z",
								 "positions": [{"positionid": 1, "item": 7, "price": "19.90", "secret": "%s-1"}]}"""
							.formatted(code, code.toLowerCase(), code));
				}
				try {
					HttpResponse<String> answer = HTTP.send(
							HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/v1/ingest/online"))
								.header("X-Api-Key", key)
								.header("Content-Type", "application/json")
								.timeout(Duration.ofSeconds(10))
								.POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString()))
								.build(),
							HttpResponse.BodyHandlers.ofString());
					if (answer.statusCode() == 202) {
						this.answered202.addAll(codes);
						this.accepted.incrementAndGet();
					}
					else {
						this.refused.incrementAndGet();
					}
				}
				catch (IOException ex) {
					this.refused.incrementAndGet();
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "orders");
		this.client.start();
	}

	/** The codes of the orders answered 202 so far. */
	public Set<String> answered202() {
		return Set.copyOf(this.answered202);
	}

	public int sent() {
		return this.sent.get();
	}

	public int accepted() {
		return this.accepted.get();
	}

	public int refused() {
		return this.refused.get();
	}

	/** Stops sending once the batch on the wire is answered. */
	@Override
	public void close() throws InterruptedException {
		this.sending.set(false);
		this.client.join(15_000);
	}

}

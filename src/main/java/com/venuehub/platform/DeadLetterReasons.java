package com.venuehub.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers why a route last failed on a broker message, by its JMS message id, so that
 * the message's entry in the dead-letter listing can say why the broker gave up on it.
 * Kept in the database ({@code dead_letter_reason}, for {@link #KEPT}), so the reason
 * survives a restart and is seen by every instance; written off the failing thread, so a
 * database outage (itself a cause of failures) never holds a consumer up. While the
 * database cannot be written, the reason is kept in memory only.
 */
@Component
public class DeadLetterReasons extends EventNotifierSupport implements DisposableBean {

	/** How long a reason is kept: a dead letter older than that has none. */
	static final Duration KEPT = Duration.ofDays(30);

	private static final Logger log = LoggerFactory.getLogger(DeadLetterReasons.class);

	private final Cache<String, String> reasons = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofDays(7))
		.build();

	/** The same failures for a log line: the route, the kind and SQL state, no value. */
	private final Cache<String, String> summaries = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofDays(7))
		.build();

	private final JdbcTemplate jdbc;

	/** One writer; when it falls behind, the oldest pending write is dropped. */
	private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(1000), runnable -> {
				Thread thread = new Thread(runnable, "dead-letter-reasons");
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.DiscardOldestPolicy());

	private final AtomicBoolean writeFailing = new AtomicBoolean();

	private volatile Instant lastPurge = Instant.EPOCH;

	public DeadLetterReasons(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		setIgnoreCamelContextEvents(true);
		setIgnoreRouteEvents(true);
		setIgnoreServiceEvents(true);
		setIgnoreExchangeCreatedEvent(true);
		setIgnoreExchangeCompletedEvent(true);
		setIgnoreExchangeSendingEvents(true);
		setIgnoreExchangeSentEvents(true);
		setIgnoreExchangeRedeliveryEvents(true);
		setIgnoreStepEvents(true);
	}

	@Override
	public boolean isEnabled(CamelEvent event) {
		return event instanceof CamelEvent.ExchangeFailedEvent;
	}

	@Override
	public void notify(CamelEvent event) {
		if (event instanceof CamelEvent.ExchangeFailedEvent failed) {
			Exchange exchange = failed.getExchange();
			String id = exchange.getMessage().getHeader("JMSMessageID", String.class);
			if (id == null) {
				id = exchange.getIn().getHeader("JMSMessageID", String.class);
			}
			Throwable failure = exchange.getException();
			if (id != null && failure != null) {
				String key = DeadLetters.stripId(id);
				String reason = "route " + exchange.getFromRouteId() + " failed: " + Failures.describe(failure);
				this.reasons.put(key, reason);
				this.summaries.put(key,
						"route " + exchange.getFromRouteId() + " failed with " + Failures.summary(failure));
				if (!this.writer.isShutdown()) {
					this.writer.execute(() -> write(key, reason));
				}
			}
		}
	}

	private void write(String id, String reason) {
		try {
			this.jdbc.update("""
					insert into dead_letter_reason (message_id, reason, failed_at) values (?, ?, now())
					on conflict (message_id) do update set reason = excluded.reason, failed_at = excluded.failed_at""",
					id, reason);
			if (this.lastPurge.isBefore(Instant.now().minus(Duration.ofHours(1)))) {
				this.lastPurge = Instant.now();
				this.jdbc.update("delete from dead_letter_reason where failed_at < now() - make_interval(days => ?)",
						(int) KEPT.toDays());
			}
			if (this.writeFailing.compareAndSet(true, false)) {
				log.info("Dead-letter reasons are written to the database again");
			}
		}
		catch (DataAccessException ex) {
			if (this.writeFailing.compareAndSet(false, true)) {
				log.warn("Dead-letter reasons are kept in memory only while the database cannot be written: {}",
						Failures.describe(ex));
			}
		}
	}

	/** The last failure seen for this message, by any instance, or null. */
	String reason(String id) {
		String reason = this.reasons.getIfPresent(id);
		if (reason != null) {
			return reason;
		}
		try {
			List<String> kept = this.jdbc.queryForList("select reason from dead_letter_reason where message_id = ?",
					String.class, id);
			return kept.isEmpty() ? null : kept.get(0);
		}
		catch (DataAccessException ex) {
			return null;
		}
	}

	/**
	 * The last failure seen for this message by this instance, fit for a log line (no
	 * value of the message), or null.
	 */
	String summary(String id) {
		return this.summaries.getIfPresent(id);
	}

	void forget(String id) {
		this.reasons.invalidate(id);
		this.summaries.invalidate(id);
		if (this.writer.isShutdown()) {
			return;
		}
		this.writer.execute(() -> {
			try {
				this.jdbc.update("delete from dead_letter_reason where message_id = ?", id);
			}
			catch (DataAccessException ex) {
				// purged with the old ones
			}
		});
	}

	/** Writes what is pending before the hub stops. */
	@Override
	public void destroy() throws InterruptedException {
		this.writer.shutdown();
		this.writer.awaitTermination(10, TimeUnit.SECONDS);
	}

}

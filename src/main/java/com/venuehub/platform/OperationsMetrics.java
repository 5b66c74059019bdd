package com.venuehub.platform;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.JMSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What an on-call person watches, as gauges read every {@code hub.metrics.refresh-ms}
 * (never on the scrape itself, which must not wait on a broker or a database that is
 * down): messages waiting on the broker's queues and dead-letter queues, unify's lag (the
 * age of the oldest event not yet applied), and the outbox backlog per channel and
 * status. A gauge that cannot be read is NaN. A dead-letter queue that grows is logged at
 * WARN, one line per queue that an alert can match (ops/README.md, "Alerting"):
 * {@code Dead letters: DLQ.<queue> holds <n> messages (<m> new) from <queue>; last failure: <route and kind>; GET /api/v1/dead-letters lists them}.
 */
@Component
public class OperationsMetrics extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(OperationsMetrics.class);

	private static final List<String> CHANNELS = List.of("EMAIL", "SMS", "WEBHOOK");

	private static final List<String> BACKLOG = List.of("PENDING", "SENDING", "UNCERTAIN");

	private final BrokerManagement broker;

	private final JdbcTemplate jdbc;

	private final List<String> queues;

	private final String eventsQueue;

	private final Map<String, Double> values = new ConcurrentHashMap<>();

	private final DeadLetters deadLetters;

	/** The messages of each dead-letter queue at the last reading. */
	private volatile Map<String, Long> deadLetterDepths = Map.of();

	public OperationsMetrics(BrokerManagement broker, DeadLetters deadLetters, JdbcTemplate jdbc, MeterRegistry meters,
			BrokerProperties brokerProperties, @Value("${hub.loyalty.queue}") String loyaltyQueue,
			@Value("${hub.sms.twilio.callbacks-queue:twilio.callbacks}") String callbacksQueue,
			@Value("${hub.metrics.refresh-ms:10000}") long refreshMs) {
		super("operations-metrics", 0, refreshMs);
		this.broker = broker;
		this.deadLetters = deadLetters;
		this.jdbc = jdbc;
		this.eventsQueue = brokerProperties.eventsQueue();
		this.queues = List.of(this.eventsQueue, loyaltyQueue, callbacksQueue);
		for (String queue : this.queues) {
			gauge(meters, "hub.broker.queue.messages", "queue:" + queue, "queue", queue,
					"messages on the queue, delivered or not");
		}
		gauge(meters, "hub.broker.queue.messages", "queue:" + DeadLetters.ADDRESS, "queue", DeadLetters.ADDRESS,
				"messages on the queue, delivered or not");
		Gauge.builder("hub.unify.lag", this.values, v -> v.getOrDefault("lag", Double.NaN))
			.baseUnit("seconds")
			.description("age of the oldest event on the events queue: how far unify is behind")
			.register(meters);
		Gauge.builder("hub.unify.merges.pending", this.values, v -> v.getOrDefault("merges:pending", Double.NaN))
			.description("merges unify batches left for later and did not make yet (the sweep makes them)")
			.register(meters);
		for (String channel : CHANNELS) {
			for (String status : BACKLOG) {
				if (!channel.equals("WEBHOOK") || status.equals("PENDING")) {
					Gauge
						.builder("hub.outbox.backlog", this.values,
								v -> v.getOrDefault(channel + ":" + status, Double.NaN))
						.tag("channel", channel)
						.tag("status", status)
						.description("outbox messages not settled yet")
						.register(meters);
				}
			}
		}
	}

	private void gauge(MeterRegistry meters, String name, String key, String tag, String value, String description) {
		Gauge.builder(name, this.values, v -> v.getOrDefault(key, Double.NaN))
			.tag(tag, value)
			.description(description)
			.register(meters);
	}

	/** Reads every gauge now. */
	public void refresh() {
		try {
			for (String queue : this.queues) {
				this.values.put("queue:" + queue, (double) this.broker.count("queue." + queue, "messageCount"));
			}
			long dead = this.broker.count("address." + DeadLetters.ADDRESS, "messageCount");
			this.values.put("queue:" + DeadLetters.ADDRESS, (double) dead);
			if (dead > 0 || !this.deadLetterDepths.isEmpty()) {
				try {
					warnOfNewDeadLetters();
				}
				catch (JMSException | RuntimeException ex) {
					log.debug("Dead-letter queues not read: {}", Failures.summary(ex));
				}
			}
			Object age = this.broker.attribute("queue." + this.eventsQueue, "firstMessageAge");
			this.values.put("lag", age instanceof Number ms ? ms.doubleValue() / 1000 : 0.0);
		}
		catch (Exception ex) {
			this.queues.forEach(queue -> this.values.remove("queue:" + queue));
			this.values.remove("queue:" + DeadLetters.ADDRESS);
			this.values.remove("lag");
			log.debug("Broker metrics not read: {}", Failures.summary(ex));
		}
		try {
			Map<String, Double> backlog = new java.util.HashMap<>();
			// each part through its partial index, over the unsettled rows only: the
			// outbox keeps every message sent, and a count over all of it would grow with
			// the store at every reading
			this.jdbc.query(
					"""
							select 'EMAIL', 'PENDING', count(*) from outbox_message where status = 'PENDING' and channel = 'EMAIL'
							union all
							select 'SMS', 'PENDING', count(*) from outbox_message where status = 'PENDING' and channel = 'SMS'
							union all
							select channel, status, count(*) from outbox_message where status in ('SENDING', 'UNCERTAIN')
							group by channel, status""",
					rs -> {
						backlog.put(rs.getString(1) + ":" + rs.getString(2), rs.getDouble(3));
					});
			backlog.put("WEBHOOK:PENDING", this.jdbc
				.queryForObject("select count(*) from reseller_webhook where status = 'PENDING'", Double.class));
			for (String channel : CHANNELS) {
				for (String status : BACKLOG) {
					this.values.put(channel + ":" + status, backlog.getOrDefault(channel + ":" + status, 0.0));
				}
			}
		}
		catch (Exception ex) {
			CHANNELS.forEach(channel -> BACKLOG.forEach(status -> this.values.remove(channel + ":" + status)));
			log.debug("Outbox metrics not read: {}", Failures.summary(ex));
		}
		try {
			// a handful of rows at most in normal running
			this.values.put("merges:pending",
					this.jdbc.queryForObject("select count(*) from unify_pending_merge", Double.class));
		}
		catch (Exception ex) {
			this.values.remove("merges:pending");
			log.debug("Pending merges not counted: {}", Failures.summary(ex));
		}
	}

	private void warnOfNewDeadLetters() throws JMSException {
		Map<String, Long> depths = this.deadLetters.depths();
		depths.forEach((queue, count) -> {
			long before = this.deadLetterDepths.getOrDefault(queue, 0L);
			if (count > before) {
				String failure = null;
				try {
					failure = this.deadLetters.newestFailure(queue);
				}
				catch (JMSException ex) {
					// the count is what the alert needs
				}
				log.warn(
						"Dead letters: {} holds {} messages ({} new) from {}; last failure: {}; "
								+ "GET /api/v1/dead-letters lists them",
						queue, count, count - before, origin(queue),
						failure == null ? "not seen by this instance" : failure);
			}
		});
		this.deadLetterDepths = Map.copyOf(depths);
	}

	/**
	 * The queue a dead-letter queue holds messages of (the broker names it DLQ.<queue>).
	 */
	private static String origin(String deadLetterQueue) {
		String prefix = DeadLetters.ADDRESS + ".";
		return deadLetterQueue.startsWith(prefix) ? deadLetterQueue.substring(prefix.length()) : deadLetterQueue;
	}

	@Override
	protected void runOnce() {
		refresh();
	}

}

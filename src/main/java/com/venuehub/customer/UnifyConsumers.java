package com.venuehub.customer;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.EventPublisher;
import com.venuehub.platform.BrokerProperties;
import com.venuehub.platform.Failures;
import com.venuehub.platform.Quarantine;
import com.venuehub.platform.RecordRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Competing consumers of the events queue that apply events in batches: each takes
 * messages (of one event, or of several as intake groups them) up to {@code batchSize}
 * events in one broker transaction, applies them in one database transaction, commits the
 * database and then the broker. A crash between the two redelivers the batch, which
 * changes nothing (every event is applied once, by id). {@link Failures} decides what a
 * failure means: through an outage of the database the batch is tried again where it is,
 * without end and in order; when the database refuses an event's data, the batch is
 * applied again one event at a time and that event alone is quarantined with the reason.
 * A consumer that loses the broker connects again, and one that fails in any other way is
 * started again; {@link #consumers()} tells which are connected, for readiness.
 */
@Component
public class UnifyConsumers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UnifyConsumers.class);

	private final ConnectionFactory connectionFactory;

	private final Unifier unifier;

	private final Quarantine quarantine;

	private final UnifyProperties properties;

	private final String queue;

	private final Counter applied;

	private final Counter outageRetries;

	/** Batches PostgreSQL aborted to end a deadlock, then tried again. */
	private final Counter deadlocks;

	private final Counter quarantined;

	/** Batches refused as a whole, then applied one event at a time. */
	private final Counter oneByOne;

	private final Counter reconnects;

	private final List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** The consumers connected to the broker now, with the time they connected. */
	private final Map<String, Instant> connected = new ConcurrentHashMap<>();

	/** The last failure of each consumer, for readiness details. */
	private final Map<String, String> lastFailure = new ConcurrentHashMap<>();

	private volatile boolean running;

	public UnifyConsumers(ConnectionFactory jmsConnectionFactory, Unifier unifier, Quarantine quarantine,
			UnifyProperties properties, BrokerProperties broker, MeterRegistry meters) {
		this.connectionFactory = jmsConnectionFactory;
		this.unifier = unifier;
		this.quarantine = quarantine;
		this.properties = properties;
		this.queue = broker.eventsQueue();
		this.applied = meters.counter("hub.unify.events");
		this.outageRetries = meters.counter("hub.unify.outage.retries");
		this.deadlocks = meters.counter("hub.unify.deadlocks");
		this.quarantined = meters.counter("hub.unify.quarantined");
		this.oneByOne = meters.counter("hub.unify.batches.one-by-one");
		this.reconnects = meters.counter("hub.unify.broker.reconnects");
	}

	@Override
	public synchronized void start() {
		// the broker must answer at start-up; later, each consumer connects again on its
		// own
		try (Connection probe = this.connectionFactory.createConnection()) {
			probe.start();
		}
		catch (JMSException ex) {
			throw new IllegalStateException("unify cannot connect to the broker: " + ex.getMessage(), ex);
		}
		this.running = true;
		for (int i = 0; i < this.properties.consumers(); i++) {
			String name = "unify-" + i;
			Thread worker = new Thread(() -> supervise(name), name);
			worker.start();
			this.workers.add(worker);
		}
		log.info("Unify consuming {} with {} consumers, batches of up to {}", this.queue, this.properties.consumers(),
				this.properties.batchSize());
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		for (Thread worker : this.workers) {
			try {
				worker.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.workers.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// after the broker and the database are up, before the web server takes requests
		return Integer.MAX_VALUE - 2000;
	}

	/**
	 * Each consumer as readiness sees it.
	 *
	 * @param alive its thread runs
	 * @param connectedSince when it last connected to the broker; null while it is not
	 * @param lastFailure what last made it reconnect or restart, null if nothing
	 */
	public record ConsumerState(String name, boolean alive, Instant connectedSince, String lastFailure) {
	}

	public List<ConsumerState> consumers() {
		List<ConsumerState> states = new ArrayList<>();
		for (Thread worker : this.workers) {
			states.add(new ConsumerState(worker.getName(), worker.isAlive(), this.connected.get(worker.getName()),
					this.lastFailure.get(worker.getName())));
		}
		return states;
	}

	/** Runs a consumer until the hub stops, starting it again whatever ends it. */
	private void supervise(String name) {
		int restarts = 0;
		while (this.running) {
			try {
				consume(name);
			}
			catch (Throwable ex) {
				this.connected.remove(name);
				this.lastFailure.put(name, Failures.summary(ex));
				restarts++;
				log.error("Unify consumer {} failed ({}); starting it again (restart {})", name, Failures.summary(ex),
						restarts, ex);
				pause(delay(Math.min(restarts, 20)));
			}
		}
		this.connected.remove(name);
	}

	private void consume(String name) {
		int attempt = 0;
		while (this.running) {
			try (Connection connection = this.connectionFactory.createConnection();
					Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
					MessageConsumer consumer = session.createConsumer(session.createQueue(this.queue))) {
				connection.start();
				this.connected.put(name, Instant.now());
				if (attempt > 0) {
					log.info("Unify consumer {} consumes {} again, after {} attempts to connect", name, this.queue,
							attempt);
				}
				attempt = 0;
				while (this.running) {
					List<Message> batch = receiveBatch(consumer);
					if (batch.isEmpty()) {
						continue;
					}
					int events = apply(batch);
					if (events >= 0) {
						session.commit();
						this.applied.increment(events);
					}
					else {
						// stopping in the middle of an outage: the broker delivers the
						// batch again
						session.rollback();
					}
				}
			}
			catch (JMSException | RuntimeException ex) {
				this.connected.remove(name);
				if (!this.running) {
					break;
				}
				this.lastFailure.put(name, Failures.summary(ex));
				attempt++;
				this.reconnects.increment();
				long delay = delay(attempt);
				if (attempt == 1 || attempt % 10 == 0) {
					log.warn("Unify consumer {} lost the broker ({}); connecting again in {} ms (attempt {})", name,
							Failures.summary(ex), delay, attempt);
				}
				pause(delay);
			}
		}
	}

	private List<Message> receiveBatch(MessageConsumer consumer) throws JMSException {
		List<Message> batch = new ArrayList<>();
		Message first = consumer.receive(500);
		if (first == null) {
			return batch;
		}
		batch.add(first);
		int events = events(first);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.properties.batchWaitMs());
		while (events < this.properties.batchSize()) {
			long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			Message next = wait > 0 ? consumer.receive(wait) : consumer.receiveNoWait();
			if (next == null) {
				break;
			}
			batch.add(next);
			events += events(next);
		}
		return batch;
	}

	/** The events a message holds, as intake counted them (one when it did not). */
	private static int events(Message message) throws JMSException {
		return message.propertyExists(EventPublisher.EVENT_COUNT) ? message.getIntProperty(EventPublisher.EVENT_COUNT)
				: 1;
	}

	/**
	 * @return the events of the batch, once every one is applied or quarantined; -1 when
	 * the hub stops first
	 */
	private int apply(List<Message> batch) throws JMSException {
		List<CanonicalEvent> events = new ArrayList<>(this.properties.batchSize());
		try {
			for (Message message : batch) {
				events.addAll(this.unifier.readAll(body(message)));
			}
		}
		catch (RuntimeException | JMSException unreadable) {
			// one at a time: the unreadable one is quarantined alone
			return applyOneByOne(batch);
		}
		for (int attempt = 1;; attempt++) {
			try {
				this.unifier.applyBatch(events);
				if (attempt > 1) {
					log.info("Unify applies events again, after {} attempts", attempt);
				}
				return events.size();
			}
			catch (RuntimeException ex) {
				if (Failures.classify(ex) == Failures.Kind.BAD_DATA) {
					// most often one event the database refuses, which is then set
					// apart; a batch whose every event goes through alone says the
					// batch path failed where one event does not
					this.oneByOne.increment();
					// where, not the message: a database's message quotes the values
					log.warn("Unify batch of {} events refused as a whole ({}, at {}); applied one event at a time",
							events.size(), Failures.summary(ex), Failures.where(ex));
					return applyOneByOne(batch);
				}
				if (!waitOutOutage(ex, attempt)) {
					return -1;
				}
			}
		}
	}

	/**
	 * The same, one event at a time, so that the one the database refuses is set apart.
	 */
	private int applyOneByOne(List<Message> batch) throws JMSException {
		int count = 0;
		for (Message message : batch) {
			List<String> events;
			try {
				events = this.unifier.split(body(message));
			}
			catch (RuntimeException unreadable) {
				// not a text message: set apart whole (a broker failure reading it
				// is thrown on, and the consumer connects again)
				if (Failures.classify(unreadable) != Failures.Kind.BAD_DATA) {
					throw unreadable;
				}
				if (!quarantine(message, null, unreadable)) {
					return -1;
				}
				count++;
				continue;
			}
			for (String event : events) {
				if (!applyOne(message, event)) {
					return -1;
				}
				count++;
			}
		}
		return count;
	}

	private boolean applyOne(Message message, String event) {
		for (int attempt = 1;; attempt++) {
			try {
				this.unifier.apply(event);
				return true;
			}
			catch (RuntimeException ex) {
				if (Failures.classify(ex) == Failures.Kind.BAD_DATA) {
					return quarantine(message, event, ex);
				}
				if (!waitOutOutage(ex, attempt)) {
					return false;
				}
			}
		}
	}

	private boolean quarantine(Message message, String body, Exception ex) {
		String source = "unknown";
		try {
			source = message.getStringProperty("hubSource") == null ? source : message.getStringProperty("hubSource");
		}
		catch (JMSException ignored) {
			// keep "unknown"
		}
		Quarantine.Entry entry = new Quarantine.Entry(source, "canonical", "unify", null, "event",
				body == null ? "" : body, null, ex instanceof RecordRejectedException ? ex.getMessage()
						: "the event could not be applied: " + Failures.describe(ex));
		for (int attempt = 1;; attempt++) {
			try {
				this.quarantine.keep(entry);
				this.quarantined.increment();
				return true;
			}
			catch (RuntimeException failure) {
				if (!waitOutOutage(failure, attempt)) {
					return false;
				}
			}
		}
	}

	/**
	 * Waits before the same work is tried again; the log line says why, at the first
	 * attempt and every tenth.
	 * @return false when the hub is stopping
	 */
	private boolean waitOutOutage(Throwable ex, int attempt) {
		this.outageRetries.increment();
		if (deadlock(ex)) {
			this.deadlocks.increment();
			log.warn("Unify batch rolled back by PostgreSQL to end a deadlock: {}", deadlockDetail(ex));
		}
		long delay = delay(attempt);
		if (attempt == 1 || attempt % 10 == 0) {
			log.warn("Unify cannot apply events now ({}); trying again in {} ms (attempt {})", Failures.summary(ex),
					delay, attempt);
		}
		pause(delay);
		return this.running;
	}

	/** Whether PostgreSQL aborted the work to end a deadlock. */
	private static boolean deadlock(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && "40P01".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Which statement was rolled back, and on what: the statement's first words and the
	 * server's detail (processes, transactions) and context (the relation and row version
	 * it waited for). Neither carries a value of the batch.
	 */
	static String deadlockDetail(Throwable ex) {
		StringBuilder detail = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String prefix = "PreparedStatementCallback; SQL [";
			if (cause instanceof DataAccessException access && access.getMessage() != null
					&& access.getMessage().startsWith(prefix)) {
				String message = access.getMessage();
				// the statement's own text may hold brackets (?::text[])
				int end = message.indexOf("]; ", prefix.length());
				detail.append("statement '")
					.append(firstWords(message.substring(prefix.length(), end < 0 ? message.length() : end)))
					.append("'; ");
			}
			if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
				detail.append(psql.getServerErrorMessage().getDetail())
					.append("; ")
					.append(psql.getServerErrorMessage().getWhere());
				break;
			}
		}
		return detail.toString().replace('\n', ' ');
	}

	private static String firstWords(String sql) {
		String flat = sql.strip().replaceAll("\\s+", " ");
		return flat.length() > 80 ? flat.substring(0, 80) + "…" : flat;
	}

	private long delay(int attempt) {
		long initial = this.properties.retryInitialMs();
		return Math.min(this.properties.retryMaxMs(), initial << Math.min(20, attempt - 1));
	}

	private static String body(Message message) throws JMSException {
		if (message instanceof TextMessage text) {
			return text.getText();
		}
		throw new RecordRejectedException("the message on the events queue is not a text message");
	}

	/** Sleeps; an interrupt ends the pause and stays set for the caller to see. */
	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

package com.venuehub.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.platform.BrokerProperties;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Competing consumers of the events queue that apply events in batches: each takes up to
 * {@code batchSize} messages in one broker transaction, applies them in one database
 * transaction, commits the database and then the broker. A crash between the two
 * redelivers the batch, which changes nothing (every event is applied once, by id). A
 * batch that fails is applied again one event at a time, so a bad event is quarantined
 * alone and never blocks the queue behind it.
 */
@Component
public class UnifyConsumers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UnifyConsumers.class);

	private static final int ATTEMPTS = 5;

	private final ConnectionFactory connectionFactory;

	private final Unifier unifier;

	private final Quarantine quarantine;

	private final UnifyProperties properties;

	private final String queue;

	private final Counter applied;

	private final List<Thread> workers = new ArrayList<>();

	private volatile boolean running;

	private Connection connection;

	public UnifyConsumers(ConnectionFactory jmsConnectionFactory, Unifier unifier, Quarantine quarantine,
			UnifyProperties properties, BrokerProperties broker, MeterRegistry meters) {
		this.connectionFactory = jmsConnectionFactory;
		this.unifier = unifier;
		this.quarantine = quarantine;
		this.properties = properties;
		this.queue = broker.eventsQueue();
		this.applied = meters.counter("hub.unify.events");
	}

	@Override
	public synchronized void start() {
		try {
			this.connection = this.connectionFactory.createConnection();
			this.connection.start();
		}
		catch (JMSException ex) {
			throw new IllegalStateException("unify cannot connect to the broker: " + ex.getMessage(), ex);
		}
		this.running = true;
		for (int i = 0; i < this.properties.consumers(); i++) {
			Thread worker = new Thread(this::consume, "unify-" + i);
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
		try {
			this.connection.close();
		}
		catch (JMSException ex) {
			log.warn("Closing the unify connection failed: {}", ex.getMessage());
		}
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

	private void consume() {
		try (Session session = this.connection.createSession(true, Session.SESSION_TRANSACTED);
				MessageConsumer consumer = session.createConsumer(session.createQueue(this.queue))) {
			while (this.running) {
				List<Message> batch = receiveBatch(consumer);
				if (batch.isEmpty()) {
					continue;
				}
				if (applyBatch(batch) || applyOneByOne(batch)) {
					session.commit();
					this.applied.increment(batch.size());
				}
				else {
					// the database stays unavailable: the broker redelivers the batch
					// later
					session.rollback();
				}
			}
		}
		catch (JMSException ex) {
			if (this.running) {
				log.error("Unify consumer lost the broker: {}", ex.getMessage());
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
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.properties.batchWaitMs());
		while (batch.size() < this.properties.batchSize()) {
			long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			Message next = wait > 0 ? consumer.receive(wait) : consumer.receiveNoWait();
			if (next == null) {
				break;
			}
			batch.add(next);
		}
		return batch;
	}

	private boolean applyBatch(List<Message> batch) {
		List<CanonicalEvent> events = new ArrayList<>(batch.size());
		try {
			for (Message message : batch) {
				events.add(this.unifier.read(body(message)));
			}
		}
		catch (RuntimeException | JMSException unreadable) {
			return false;
		}
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			try {
				this.unifier.applyBatch(events);
				return true;
			}
			catch (TransientDataAccessException | TransactionException | DataAccessResourceFailureException ex) {
				// a lock conflict with another consumer or a passing database failure:
				// try again
				backOff(attempt);
			}
			catch (RuntimeException ex) {
				return false;
			}
		}
		return false;
	}

	/**
	 * @return false when the database is unavailable, so that the batch is redelivered
	 */
	private boolean applyOneByOne(List<Message> batch) {
		for (Message message : batch) {
			String body = null;
			for (int attempt = 1;; attempt++) {
				try {
					body = body(message);
					this.unifier.apply(body);
					break;
				}
				catch (TransientDataAccessException | TransactionException | DataAccessResourceFailureException
						| RecoverableDataAccessException ex) {
					if (attempt == ATTEMPTS) {
						log.warn("Unify cannot reach the database, the batch goes back to the queue: {}",
								ex.getMessage());
						return false;
					}
					backOff(attempt);
				}
				catch (RuntimeException | JMSException ex) {
					quarantine(message, body, ex);
					break;
				}
			}
		}
		return true;
	}

	private void quarantine(Message message, String body, Exception ex) {
		String source = "unknown";
		try {
			source = message.getStringProperty("hubSource") == null ? source : message.getStringProperty("hubSource");
		}
		catch (JMSException ignored) {
			// keep "unknown"
		}
		String reason = ex instanceof RecordRejectedException ? ex.getMessage()
				: "the event could not be applied (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")";
		this.quarantine.keep(new Quarantine.Entry(source, "canonical", "unify", null, "event", body == null ? "" : body,
				null, reason));
	}

	private static String body(Message message) throws JMSException {
		if (message instanceof TextMessage text) {
			return text.getText();
		}
		throw new RecordRejectedException("the message on the events queue is not a text message");
	}

	private static void backOff(int attempt) {
		try {
			Thread.sleep(Math.min(5_000, 50L << attempt));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

package com.venuehub.ingest;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import com.venuehub.platform.BrokerProperties;
import com.venuehub.platform.Failures;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jms.JmsException;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends canonical events to the persistent events queue, a chunk per broker transaction,
 * each with its event id as the broker's duplicate-detection id.
 */
@Component
public class EventPublisher {

	private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

	private static final int ATTEMPTS = 4;

	/** Artemis drops a message whose duplicate id it has already seen on the address. */
	static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

	private final JmsTemplate jms;

	private final ObjectMapper json;

	private final String queue;

	private final int chunk;

	private final int groups;

	public EventPublisher(@Qualifier("publishingConnectionFactory") ConnectionFactory jmsConnectionFactory,
			ObjectMapper json, BrokerProperties broker, IngestProperties ingest) {
		CachingConnectionFactory cached = new CachingConnectionFactory(jmsConnectionFactory);
		cached.setSessionCacheSize(8);
		this.jms = new JmsTemplate(cached);
		this.jms.setSessionTransacted(true);
		this.json = json;
		this.queue = broker.eventsQueue();
		this.chunk = ingest.publishChunk();
		this.groups = 64;
	}

	/**
	 * Returns once every event is on the queue (or was already: a duplicate id). A
	 * transaction the broker rolled back, or whose outcome is unknown (a failover during
	 * the commit), is sent again with the same duplicate ids, which is safe either way;
	 * after {@link #ATTEMPTS} tries the failure is thrown, an outage the caller answers
	 * (503, a redelivery, the file left in the inbox).
	 */
	public void publish(List<CanonicalEvent> events) {
		for (int from = 0; from < events.size(); from += this.chunk) {
			send(events.subList(from, Math.min(events.size(), from + this.chunk)));
		}
	}

	private void send(List<CanonicalEvent> part) {
		for (int attempt = 1;; attempt++) {
			try {
				sendInOneTransaction(part);
				return;
			}
			catch (JmsException ex) {
				if (isDuplicate(ex)) {
					if (part.size() > 1) {
						// Artemis rolls back a whole transaction holding a duplicate (a
						// file dropped again): one at a time, a duplicate is dropped
						// alone
						// and the new events of the chunk go through
						part.forEach(event -> send(List.of(event)));
					}
					// the broker already has this event: nothing to do
					return;
				}
				if (attempt == ATTEMPTS) {
					throw ex;
				}
				log.warn("Publishing {} events failed ({}); sending them again (attempt {})", part.size(),
						Failures.summary(ex), attempt);
				pause(50L << attempt);
			}
		}
	}

	private void sendInOneTransaction(List<CanonicalEvent> part) {
		this.jms.execute(session -> {
			Queue destination = session.createQueue(this.queue);
			try (MessageProducer producer = session.createProducer(destination)) {
				for (CanonicalEvent event : part) {
					TextMessage message = session.createTextMessage(toJson(event));
					message.setStringProperty(DUPLICATE_ID, event.id());
					message.setStringProperty("hubSource", event.source());
					message.setStringProperty("JMSXGroupID", group(event));
					producer.send(message);
				}
			}
			session.commit();
			return null;
		}, true);
	}

	/**
	 * Only the broker's own word: its duplicate-id rejection. A transaction rolled back
	 * for any other reason holds nothing, and is no duplicate.
	 */
	private static boolean isDuplicate(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ActiveMQDuplicateIdException || (cause instanceof ActiveMQException activeMq
					&& activeMq.getType() == ActiveMQExceptionType.DUPLICATE_ID_REJECTED)) {
				return true;
			}
		}
		return false;
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Events of one person mostly share a group, and the broker gives a group to one
	 * consumer: consumers then rarely wait on each other's locks. Correctness does not
	 * depend on it (unify locks every key it touches); only throughput does.
	 */
	private String group(CanonicalEvent event) {
		String key = event.id();
		if (event.contact() != null && event.contact().email() != null) {
			key = event.contact().email();
		}
		else if (event.contact() != null && event.contact().phone() != null) {
			key = event.contact().phone();
		}
		else if (event.contact() != null && event.contact().cardNumber() != null) {
			key = event.contact().cardNumber();
		}
		else if (event.tickets() != null && !event.tickets().isEmpty()) {
			key = event.tickets().get(0).number();
		}
		else if (event.scan() != null) {
			key = event.scan().ticketNumber();
		}
		return "unify-" + Math.floorMod(key.hashCode(), this.groups);
	}

	private String toJson(CanonicalEvent event) {
		try {
			return this.json.writeValueAsString(event);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("cannot serialize event " + event.id(), ex);
		}
	}

}

package com.venuehub.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * Sends canonical events to the persistent events queue, a chunk per broker transaction.
 * The events of a chunk that share a group (mostly one person's) travel together in one
 * message, a JSON array: the broker stores, routes, delivers and acknowledges a message
 * of thirty events at the cost of one. The message's duplicate-detection id is its only
 * event's id, or a name derived from the ids of all its events: a file dropped twice
 * sends the same messages, which the broker drops; any other repeat is skipped by unify,
 * which applies each event once, by id.
 */
@Component
public class EventPublisher {

	private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

	private static final int ATTEMPTS = 4;

	/** Artemis drops a message whose duplicate id it has already seen on the address. */
	static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

	/** How many events a message on the events queue holds. */
	public static final String EVENT_COUNT = "hubEvents";

	/**
	 * Groups of the events queue: the broker gives each to one consumer, and a chunk
	 * sends at most one message per group.
	 */
	private static final int GROUPS = 16;

	/**
	 * Most characters of a message of several events: Artemis keeps a text message of
	 * more than 100 KiB (two bytes a character) apart, as a large message.
	 */
	private static final int MESSAGE_CHARS = 40_000;

	private final JmsTemplate jms;

	private final ObjectMapper json;

	private final String queue;

	private final int chunk;

	public EventPublisher(@Qualifier("publishingConnectionFactory") ConnectionFactory jmsConnectionFactory,
			ObjectMapper json, BrokerProperties broker, IngestProperties ingest) {
		CachingConnectionFactory cached = new CachingConnectionFactory(jmsConnectionFactory);
		cached.setSessionCacheSize(8);
		this.jms = new JmsTemplate(cached);
		this.jms.setSessionTransacted(true);
		this.json = json;
		this.queue = broker.eventsQueue();
		this.chunk = ingest.publishChunk();
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
		Map<Integer, List<CanonicalEvent>> byGroup = new LinkedHashMap<>();
		for (CanonicalEvent event : part) {
			byGroup.computeIfAbsent(group(event), g -> new ArrayList<>()).add(event);
		}
		List<Outgoing> messages = new ArrayList<>(byGroup.size());
		byGroup.forEach((group, events) -> messages.addAll(outgoing(group, events)));
		sendMessages(messages);
	}

	private void sendMessages(List<Outgoing> messages) {
		for (int attempt = 1;; attempt++) {
			try {
				sendInOneTransaction(messages);
				return;
			}
			catch (JmsException ex) {
				if (isDuplicate(ex)) {
					if (messages.size() > 1) {
						// Artemis rolls back a whole transaction holding a duplicate (a
						// file dropped again): one at a time, a duplicate is dropped
						// alone and the new messages of the chunk go through
						messages.forEach(message -> sendMessages(List.of(message)));
					}
					// the broker already has this message: nothing to do
					return;
				}
				if (attempt == ATTEMPTS) {
					throw ex;
				}
				log.warn("Publishing {} messages of events failed ({}); sending them again (attempt {})",
						messages.size(), Failures.summary(ex), attempt);
				pause(50L << attempt);
			}
		}
	}

	/**
	 * A message of the events queue: one event as a JSON object, several as a JSON array.
	 */
	private record Outgoing(String body, String duplicateId, String source, String group, int events) {
	}

	/**
	 * The messages of a group's events: as few as keep each under {@link #MESSAGE_CHARS},
	 * below the broker's large-message size.
	 */
	private List<Outgoing> outgoing(int group, List<CanonicalEvent> events) {
		List<Outgoing> messages = new ArrayList<>();
		List<String> bodies = new ArrayList<>();
		List<CanonicalEvent> held = new ArrayList<>();
		int chars = 0;
		for (CanonicalEvent event : events) {
			String body = toJson(event);
			if (!held.isEmpty() && chars + body.length() > MESSAGE_CHARS) {
				messages.add(outgoing(group, held, bodies));
				held = new ArrayList<>();
				bodies = new ArrayList<>();
				chars = 0;
			}
			held.add(event);
			bodies.add(body);
			chars += body.length() + 1;
		}
		messages.add(outgoing(group, held, bodies));
		return messages;
	}

	private static Outgoing outgoing(int group, List<CanonicalEvent> events, List<String> bodies) {
		CanonicalEvent first = events.get(0);
		if (events.size() == 1) {
			return new Outgoing(bodies.get(0), first.id(), first.source(), "unify-" + group, 1);
		}
		StringBuilder ids = new StringBuilder(events.size() * 40);
		for (CanonicalEvent event : events) {
			ids.append(event.id()).append('\n');
		}
		// the same events make the same name, so the broker drops a chunk sent again
		String duplicateId = "events:" + UUID.nameUUIDFromBytes(ids.toString().getBytes(StandardCharsets.UTF_8));
		return new Outgoing("[" + String.join(",", bodies) + "]", duplicateId, first.source(), "unify-" + group,
				events.size());
	}

	private void sendInOneTransaction(List<Outgoing> messages) {
		this.jms.execute(session -> {
			Queue destination = session.createQueue(this.queue);
			try (MessageProducer producer = session.createProducer(destination)) {
				for (Outgoing outgoing : messages) {
					TextMessage message = session.createTextMessage(outgoing.body());
					message.setStringProperty(DUPLICATE_ID, outgoing.duplicateId());
					message.setStringProperty("hubSource", outgoing.source());
					message.setStringProperty("JMSXGroupID", outgoing.group());
					message.setIntProperty(EVENT_COUNT, outgoing.events());
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
	private static int group(CanonicalEvent event) {
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
		return Math.floorMod(key.hashCode(), GROUPS);
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

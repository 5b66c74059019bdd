package com.venuehub.platform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The broker's dead-letter queues, for operators: every message the broker gave up on
 * after its delivery attempts (Artemis keeps them under the address {@code DLQ}, one
 * queue {@code DLQ.<queue>} per origin), listed with a summary that holds no personal
 * data and the last failure the hub saw for it; replayed to the queue it came from, or
 * discarded. Replay and discard take the message off the dead-letter queue in the same
 * broker transaction that sends it back, so it is never both replayed and still there.
 */
@Component
public class DeadLetters {

	/** The dead-letter address of the embedded broker and of {@code ops/broker.xml}. */
	public static final String ADDRESS = "DLQ";

	/** Most messages read from the dead-letter queues for one listing. */
	private static final int MAX_BROWSED = 10_000;

	private static final Pattern ID = Pattern.compile("[0-9A-Za-z-]{1,64}");

	/** Fields of a dead message shown as they are: ids, kinds and statuses, no person. */
	private static final Set<String> SHOWN = Set.of("id", "source", "kind", "type", "status", "txn_id", "scan_id",
			"response_id", "code", "sale_id", "kiosk_id", "venue", "occurredAt", "occurred_at", "MessageSid",
			"MessageStatus", "OptOutType", "ErrorCode");

	/** Fields shown masked. */
	private static final Map<String, String> MASKED = Map.of("email", "EMAIL", "attendee_email", "EMAIL", "phone",
			"PHONE", "From", "PHONE", "To", "PHONE", "card_number", "CARD", "cardNumber", "CARD");

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final ConnectionFactory connectionFactory;

	private final BrokerManagement management;

	private final DeadLetterReasons reasons;

	private final ObjectMapper json;

	public DeadLetters(ConnectionFactory jmsConnectionFactory, BrokerManagement management, DeadLetterReasons reasons,
			ObjectMapper json) {
		this.connectionFactory = jmsConnectionFactory;
		this.management = management;
		this.reasons = reasons;
		this.json = json;
	}

	/**
	 * A message on a dead-letter queue.
	 *
	 * @param id its JMS message id without {@code ID:}, the same as when it was sent
	 * @param queue the queue it came from
	 * @param deadLetterQueue the dead-letter queue that holds it
	 * @param sentAt when it was first sent
	 * @param size its body, in characters or bytes
	 * @param summary what it is about, without personal data (emails, phones and cards
	 * masked, names left out)
	 * @param reason the last failure the hub saw when it tried it, when known
	 */
	public record DeadLetter(String id, String queue, String deadLetterQueue, String source, Instant sentAt, int size,
			Map<String, Object> summary, String reason) {
	}

	public record Page(List<DeadLetter> items, int page, int size, long total) {
	}

	/** What an operator did to a dead letter. */
	public record Outcome(String id, String queue, String status) {
	}

	/** The dead letters, oldest queue name first, a page at a time. */
	public Page list(int page, int size) throws JMSException {
		List<DeadLetter> items = new ArrayList<>();
		long total = 0;
		long from = (long) page * size;
		try (Connection connection = this.connectionFactory.createConnection();
				Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
			connection.start();
			for (String queue : queues()) {
				try (QueueBrowser browser = session.createBrowser(session.createQueue(ADDRESS + "::" + queue))) {
					Enumeration<?> messages = browser.getEnumeration();
					while (messages.hasMoreElements() && total < MAX_BROWSED) {
						Message message = (Message) messages.nextElement();
						if (total >= from && items.size() < size) {
							items.add(describe(queue, message));
						}
						total++;
					}
				}
			}
		}
		return new Page(items, page, size, total);
	}

	/** One dead letter. */
	public DeadLetter get(String id) throws JMSException {
		checkId(id);
		try (Connection connection = this.connectionFactory.createConnection();
				Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
			connection.start();
			String queue = locate(session, id);
			try (QueueBrowser browser = session.createBrowser(session.createQueue(ADDRESS + "::" + queue),
					selector(id))) {
				Enumeration<?> messages = browser.getEnumeration();
				if (!messages.hasMoreElements()) {
					throw notFound(id);
				}
				return describe(queue, (Message) messages.nextElement());
			}
		}
	}

	/**
	 * Sends a dead letter back to the queue it came from (without its duplicate-detection
	 * id, which the broker has already seen: the consumers' own checks drop a record
	 * already applied) and takes it off the dead-letter queue, in one broker transaction.
	 */
	public Outcome replay(String id, String operator) throws JMSException {
		return take(id, operator, true);
	}

	/** Takes a dead letter off the dead-letter queue for good. */
	public Outcome discard(String id, String operator) throws JMSException {
		return take(id, operator, false);
	}

	private Outcome take(String id, String operator, boolean replay) throws JMSException {
		checkId(id);
		try (Connection connection = this.connectionFactory.createConnection();
				Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
			connection.start();
			String queue = locate(session, id);
			try (MessageConsumer consumer = session.createConsumer(session.createQueue(ADDRESS + "::" + queue),
					selector(id))) {
				Message message = consumer.receive(5000);
				if (message == null) {
					throw notFound(id);
				}
				String origin = origin(message);
				if (replay) {
					Message copy = copy(session, message);
					try (MessageProducer producer = session.createProducer(null)) {
						producer.send(target(session, message), copy);
					}
				}
				session.commit();
				this.reasons.forget(id);
				log.warn("Dead letter {} of {} {} by {}", id, origin, replay ? "replayed" : "discarded", operator);
				return new Outcome(id, origin, replay ? "REPLAYED" : "DISCARDED");
			}
		}
	}

	/** Each dead-letter queue, by name, with the messages it holds. */
	Map<String, Long> depths() throws JMSException {
		Map<String, Long> depths = new LinkedHashMap<>();
		for (String queue : queues()) {
			depths.put(queue, this.management.count("queue." + queue, "messageCount"));
		}
		return depths;
	}

	/**
	 * Why the newest message of a dead-letter queue failed, fit for a log line (the
	 * route, the kind of failure and its SQL state, no value of the message); null when
	 * this instance did not see it fail.
	 */
	String newestFailure(String deadLetterQueue) throws JMSException {
		String newest = null;
		try (Connection connection = this.connectionFactory.createConnection();
				Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
				QueueBrowser browser = session.createBrowser(session.createQueue(ADDRESS + "::" + deadLetterQueue))) {
			connection.start();
			Enumeration<?> messages = browser.getEnumeration();
			for (int browsed = 0; messages.hasMoreElements() && browsed < MAX_BROWSED; browsed++) {
				newest = ((Message) messages.nextElement()).getJMSMessageID();
			}
		}
		return newest == null ? null : this.reasons.summary(stripId(newest));
	}

	/** The queues under the dead-letter address, by name. */
	private List<String> queues() throws JMSException {
		Object names = this.management.attribute("address." + ADDRESS, "queueNames");
		List<String> queues = new ArrayList<>();
		if (names instanceof Object[] array) {
			for (Object name : array) {
				queues.add(String.valueOf(name));
			}
		}
		Collections.sort(queues);
		return queues;
	}

	private String locate(Session session, String id) throws JMSException {
		for (String queue : queues()) {
			try (QueueBrowser browser = session.createBrowser(session.createQueue(ADDRESS + "::" + queue),
					selector(id))) {
				if (browser.getEnumeration().hasMoreElements()) {
					return queue;
				}
			}
		}
		throw notFound(id);
	}

	private DeadLetter describe(String deadLetterQueue, Message message) throws JMSException {
		String id = stripId(message.getJMSMessageID());
		String body = null;
		int size = 0;
		if (message instanceof TextMessage text) {
			body = text.getText();
			size = body == null ? 0 : body.length();
		}
		else if (message instanceof BytesMessage bytes) {
			size = (int) bytes.getBodyLength();
		}
		String reason = this.reasons.reason(id);
		if (reason == null) {
			reason = "the broker gave up after its delivery attempts; the failure is not known (no hub "
					+ "recorded it while the database was out of reach, or it is older than 30 days)";
		}
		return new DeadLetter(id, origin(message), deadLetterQueue, message.getStringProperty("hubSource"),
				message.getJMSTimestamp() == 0 ? null : Instant.ofEpochMilli(message.getJMSTimestamp()), size,
				summary(body), reason);
	}

	/** What a dead message is about, without personal data. */
	Map<String, Object> summary(String body) {
		Map<String, Object> summary = new LinkedHashMap<>();
		if (body == null) {
			return summary;
		}
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (Exception ex) {
			summary.put("format", "not JSON");
			return summary;
		}
		if (root.isArray()) {
			// a message of several events: how many, and what the first is about
			summary.put("events", root.size());
			root = root.path(0);
		}
		collect(root, summary, 0);
		return summary;
	}

	private static void collect(JsonNode node, Map<String, Object> summary, int depth) {
		if (node == null || !node.isObject() || depth > 2) {
			return;
		}
		node.fields().forEachRemaining(field -> {
			JsonNode value = field.getValue();
			String name = field.getKey();
			if (value.isValueNode() && !value.isNull()) {
				if (SHOWN.contains(name)) {
					summary.putIfAbsent(name, abbreviate(value.asText()));
				}
				else if (MASKED.containsKey(name)) {
					summary.putIfAbsent(name, Masking.identifier(MASKED.get(name), value.asText()));
				}
			}
			else if (value.isObject()) {
				collect(value, summary, depth + 1);
			}
		});
	}

	private static String abbreviate(String text) {
		return text.length() > 80 ? text.substring(0, 80) + "…" : text;
	}

	private static Message copy(Session session, Message message) throws JMSException {
		Message copy;
		if (message instanceof TextMessage text) {
			copy = session.createTextMessage(text.getText());
		}
		else if (message instanceof BytesMessage bytes) {
			byte[] content = new byte[(int) bytes.getBodyLength()];
			bytes.readBytes(content);
			BytesMessage copied = session.createBytesMessage();
			copied.writeBytes(content);
			copy = copied;
		}
		else {
			throw new ApiException(HttpStatus.CONFLICT,
					"this dead letter is a " + message.getClass().getSimpleName() + ": only text and bytes replay");
		}
		for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements();) {
			String name = (String) names.nextElement();
			// the broker's own properties (duplicate id, origin) stay behind
			if (!name.startsWith("_AMQ") && !name.startsWith("__AMQ") && !name.startsWith("JMSX")) {
				copy.setObjectProperty(name, message.getObjectProperty(name));
			}
		}
		String group = message.getStringProperty("JMSXGroupID");
		if (group != null) {
			copy.setStringProperty("JMSXGroupID", group);
		}
		return copy;
	}

	/**
	 * The queue it came from: an anycast queue by its full name, a subscription through
	 * the topic it was published to.
	 */
	private static Destination target(Session session, Message message) throws JMSException {
		String address = message.getStringProperty("_AMQ_ORIG_ADDRESS");
		String queue = message.getStringProperty("_AMQ_ORIG_QUEUE");
		if (address == null) {
			throw new ApiException(HttpStatus.CONFLICT, "this dead letter does not say where it came from");
		}
		boolean multicast = message.propertyExists("_AMQ_ORIG_ROUTING_TYPE")
				&& message.getObjectProperty("_AMQ_ORIG_ROUTING_TYPE") instanceof Number type && type.intValue() == 0;
		if (multicast || queue == null) {
			return multicast ? session.createTopic(address) : session.createQueue(address);
		}
		return session.createQueue(address + "::" + queue);
	}

	private static String origin(Message message) throws JMSException {
		String queue = message.getStringProperty("_AMQ_ORIG_QUEUE");
		return queue != null ? queue : message.getStringProperty("_AMQ_ORIG_ADDRESS");
	}

	private static String selector(String id) {
		return "JMSMessageID = 'ID:" + id + "'";
	}

	static String stripId(String jmsMessageId) {
		return jmsMessageId != null && jmsMessageId.startsWith("ID:") ? jmsMessageId.substring(3) : jmsMessageId;
	}

	private static void checkId(String id) {
		if (id == null || !ID.matcher(id).matches()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "'" + id + "' is not a dead-letter id");
		}
	}

	private static ApiException notFound(String id) {
		return new ApiException(HttpStatus.NOT_FOUND, "no dead letter " + id.toLowerCase(Locale.ROOT)
				+ " (GET /api/v1/dead-letters lists them; one replayed or discarded is gone)");
	}

}

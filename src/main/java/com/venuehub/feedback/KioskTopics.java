package com.venuehub.feedback;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.venuehub.ingest.Intake;
import com.venuehub.platform.RecordRejectedException;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.apache.camel.Message;

import org.springframework.stereotype.Component;

/**
 * Checks that a kiosk message came on a topic {@code kiosks/<venue>/<kiosk_id>/responses}
 * and that its answers agree with it: an answer without venue or kiosk takes them from
 * the topic, one that names another is rejected.
 */
@Component("kioskTopics")
public class KioskTopics {

	/** Artemis turns the MQTT topic's '/' into '.' in the address. */
	private static final Pattern RESPONSES = Pattern.compile("^kiosks\\.([^.]+)\\.([^.]+)\\.responses$");

	private final ObjectMapper json;

	public KioskTopics(ObjectMapper json) {
		this.json = json;
	}

	public void check(Message message) {
		String address = address(message.getHeader("JMSDestination"));
		String topic = address.replace('.', '/');
		message.setHeader(Intake.ORIGIN, "mqtt " + topic);
		Matcher matcher = RESPONSES.matcher(address);
		if (!matcher.matches()) {
			throw new RecordRejectedException("message on MQTT topic '" + topic
					+ "': kiosks publish their answers to kiosks/<venue>/<kiosk_id>/responses");
		}
		String venue = matcher.group(1);
		String kiosk = matcher.group(2);
		JsonNode root;
		try {
			root = this.json.readTree(message.getBody(String.class));
		}
		catch (JsonProcessingException ex) {
			// intake quarantines a body that is not JSON, with the parser's reason
			return;
		}
		if (root == null) {
			return;
		}
		if (root.isObject()) {
			agree((ObjectNode) root, topic, venue, kiosk);
		}
		else if (root.isArray()) {
			root.forEach(answer -> {
				if (answer.isObject()) {
					agree((ObjectNode) answer, topic, venue, kiosk);
				}
			});
		}
		message.setBody(root.toString());
	}

	private static void agree(ObjectNode answer, String topic, String venue, String kiosk) {
		check(answer, "venue", venue, topic);
		check(answer, "kiosk_id", kiosk, topic);
	}

	private static void check(ObjectNode answer, String field, String expected, String topic) {
		JsonNode value = answer.get(field);
		if (value == null || value.isNull() || value.asText().isBlank()) {
			answer.put(field, expected);
		}
		else if (!value.asText().strip().equals(expected)) {
			throw new RecordRejectedException(field + " '" + value.asText()
					+ "' of the answer contradicts its MQTT topic '" + topic + "' (" + field + " " + expected + ")");
		}
	}

	private static String address(Object destination) {
		try {
			if (destination instanceof Topic topic) {
				return topic.getTopicName();
			}
			if (destination instanceof Queue queue) {
				return queue.getQueueName();
			}
		}
		catch (JMSException ex) {
			throw new IllegalStateException("cannot read the destination of a kiosk message", ex);
		}
		return destination instanceof Destination ? destination.toString() : String.valueOf(destination);
	}

}

package com.venuehub.platform;

import java.time.Instant;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How the dead-letter tests make a dead letter: Twilio callbacks on their queue, which
 * the database refuses as bad data (SQL state 22023, from a trigger), given up on by the
 * broker after two deliveries; and how they find it in the listing.
 */
final class DeadLetterSupport {

	static final String QUEUE = "twilio.callbacks";

	private DeadLetterSupport() {
	}

	/** The broker gives up on a callback after two deliveries, without delay. */
	static void giveUpAfterTwoDeliveries(EmbeddedActiveMQ broker) {
		broker.getActiveMQServer()
			.getAddressSettingsRepository()
			.addMatch(QUEUE, new AddressSettings().setMaxDeliveryAttempts(2).setRedeliveryDelay(0));
	}

	/** Back to the delivery attempts configured. */
	static void deliverAsConfigured(EmbeddedActiveMQ broker) {
		broker.getActiveMQServer().getAddressSettingsRepository().removeMatch(QUEUE);
	}

	/**
	 * The database refuses the first write of the callbacks with these tokens as bad
	 * data, not an outage, through a trigger of that name.
	 */
	static void refuse(JdbcTemplate jdbc, String trigger, String... tokens) {
		jdbc.execute("""
				create function %s() returns trigger language plpgsql as $$
				begin
				  if new.token in ('%s') then
				    raise exception 'refused by the test' using errcode = '22023';
				  end if;
				  return new;
				end $$""".formatted(trigger, String.join("', '", tokens)));
		jdbc.execute("create trigger " + trigger + " before insert on twilio_callback for each row execute function "
				+ trigger + "()");
	}

	/** The cause fixed: the trigger of that name is gone. */
	static void accept(JdbcTemplate jdbc, String trigger) {
		jdbc.execute("drop trigger if exists " + trigger + " on twilio_callback");
		jdbc.execute("drop function if exists " + trigger + "()");
	}

	/** A STOP as the Twilio webhook keeps it on the callbacks queue. */
	static void sendStop(ConnectionFactory broker, ObjectMapper json, String token, String from, String sid)
			throws JMSException, JsonProcessingException {
		String body = json.writeValueAsString(
				Map.of("kind", "inbound", "params", Map.of("From", from, "Body", "STOP", "MessageSid", sid), "token",
						token, "statedAt", Instant.now().toString(), "receivedAt", Instant.now().toString()));
		try (Connection connection = broker.createConnection();
				Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
				MessageProducer producer = session.createProducer(session.createQueue(QUEUE))) {
			TextMessage message = session.createTextMessage(body);
			message.setStringProperty("hubSource", "twilio");
			producer.send(message);
			session.commit();
		}
	}

	/**
	 * The dead letter of the callback with that message sid in a listing page, or null.
	 */
	static JsonNode find(JsonNode page, String sid) {
		return StreamSupport.stream(page.path("items").spliterator(), false)
			.filter(d -> sid.equals(d.at("/summary/MessageSid").asText()))
			.findFirst()
			.orElse(null);
	}

}

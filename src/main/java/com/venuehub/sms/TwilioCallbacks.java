package com.venuehub.sms;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.customer.Consents;
import com.venuehub.ingest.Identifiers;
import com.venuehub.platform.Masking;
import com.venuehub.platform.RecordRejectedException;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.JmsException;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Twilio's callbacks between their answer and their effect: each verified callback is
 * kept on a persistent broker queue before Twilio gets its 2xx (Twilio does not send a
 * callback again after a 5xx, so one that waited for the database would be lost in an
 * outage of it), and applied from there in one database transaction; an outage rolls the
 * message back for the broker to deliver again.
 */
@Component("twilioCallbacks")
public class TwilioCallbacks implements DisposableBean {

	static final String STATUS = "status";

	static final String INBOUND = "inbound";

	private static final Logger log = LoggerFactory.getLogger(TwilioCallbacks.class);

	/** Twilio error codes that say the number cannot receive SMS. */
	private static final Set<String> INVALID_NUMBER = Set.of("21211", "21614", "30005", "30006");

	private final CachingConnectionFactory connections;

	private final JmsTemplate jms;

	private final String queue;

	private final ObjectMapper json;

	private final JdbcTemplate jdbc;

	private final Consents consents;

	private final Identifiers identifiers;

	private final SmsDispatcher dispatcher;

	private final Set<String> stop;

	private final Set<String> start;

	public TwilioCallbacks(ConnectionFactory jmsConnectionFactory, SmsProperties properties, ObjectMapper json,
			JdbcTemplate jdbc, Consents consents, Identifiers identifiers, SmsDispatcher dispatcher) {
		this.connections = new CachingConnectionFactory(jmsConnectionFactory);
		this.connections.setSessionCacheSize(4);
		this.jms = new JmsTemplate(this.connections);
		this.jms.setSessionTransacted(true);
		this.queue = properties.twilio().callbacksQueue();
		this.json = json;
		this.jdbc = jdbc;
		this.consents = consents;
		this.identifiers = identifiers;
		this.dispatcher = dispatcher;
		this.stop = properties.keywords().stop().stream().map(TwilioWebhooks::keyword).collect(Collectors.toSet());
		this.start = properties.keywords().start().stream().map(TwilioWebhooks::keyword).collect(Collectors.toSet());
	}

	/**
	 * A verified callback as Twilio sent it.
	 *
	 * @param kind {@link #STATUS} or {@link #INBOUND}
	 * @param token Twilio's idempotency token, when it sent one
	 * @param statedAt the hub's time when it arrived: the time of a consent it states
	 * @param receivedAt the wall-clock time when it arrived: what it outranks
	 */
	public record Callback(String kind, Map<String, String> params, String token, Instant statedAt,
			Instant receivedAt) {
	}

	/**
	 * Returns once the callback is on the broker's persistent queue, committed; throws
	 * (an outage: the caller answers 503) otherwise. A callback Twilio sent again with
	 * the same idempotency token is already there: the broker drops it.
	 */
	public void keep(Callback callback) {
		String body;
		try {
			body = this.json.writeValueAsString(callback);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("cannot write a Twilio callback", ex);
		}
		try {
			this.jms.send(this.queue, session -> {
				TextMessage message = session.createTextMessage(body);
				message.setStringProperty("hubSource", "twilio");
				message.setStringProperty("hubCallback", callback.kind());
				if (callback.token() != null && !callback.token().isBlank()) {
					message.setStringProperty("_AMQ_DUPL_ID", "twilio:" + callback.kind() + ":" + callback.token());
				}
				return message;
			});
		}
		catch (JmsException ex) {
			if (!isDuplicate(ex)) {
				throw ex;
			}
		}
	}

	/** Applies one callback from the queue, in one database transaction. */
	@Transactional
	public void apply(String body) {
		Callback callback;
		try {
			callback = this.json.readValue(body, Callback.class);
		}
		catch (JsonProcessingException ex) {
			throw new RecordRejectedException("not a Twilio callback the hub wrote: " + ex.getOriginalMessage());
		}
		if (!firstTime(callback.token(), callback.kind())) {
			return;
		}
		if (STATUS.equals(callback.kind())) {
			status(callback);
		}
		else if (INBOUND.equals(callback.kind())) {
			inbound(callback);
		}
		else {
			throw new RecordRejectedException("unknown kind of Twilio callback '" + callback.kind() + "'");
		}
	}

	private void status(Callback callback) {
		Map<String, String> params = callback.params();
		String sid = params.get("MessageSid");
		String status = params.get("MessageStatus").strip().toLowerCase(Locale.ROOT);
		String error = blankToNull(params.get("ErrorCode"));
		this.jdbc.update("insert into sms_status_event (provider_message_id, status, error_code) values (?, ?, ?)", sid,
				status, error);
		int moved = this.jdbc.update("""
				update outbox_message set delivery_status = ?, delivery_error = ?, updated_at = now()
				where provider_message_id = ? and channel = 'SMS' and """ + TwilioWebhooks.RANK_SQL.formatted("?")
				+ " > " + TwilioWebhooks.RANK_SQL.formatted("coalesce(delivery_status, '')"), status, error, sid,
				status);
		if (error != null) {
			consequences(sid, error, callback);
		}
		log.debug("Twilio status {} for {} ({} message moved)", status, sid, moved);
	}

	private void inbound(Callback callback) {
		Map<String, String> params = callback.params();
		Boolean granted = statement(params.get("OptOutType"), params.get("Body"));
		if (granted == null) {
			return;
		}
		String from;
		try {
			from = this.identifiers.phone(params.get("From"));
		}
		catch (RecordRejectedException ex) {
			log.info("Reply from a number that is not a phone number: ignored");
			return;
		}
		if (from == null) {
			return;
		}
		String record = "twilio:" + (params.get("MessageSid") == null ? callback.token() : params.get("MessageSid"));
		List<Long> holders = this.jdbc.queryForList("""
				select distinct coalesce(c.merged_into, c.id) from customer_identifier i
				join customer c on c.id = i.customer_id
				where i.kind = 'PHONE' and i.value = ?""", Long.class, from);
		for (Long customer : holders) {
			this.consents.record(customer, Consents.SMS, Consents.MARKETING, granted, "sms-reply", record,
					callback.statedAt(), callback.receivedAt());
		}
		log.info("SMS reply from {}: SMS marketing consent {} for {} customer(s)", Masking.phone(from),
				granted ? "granted" : "revoked", holders.size());
	}

	/** True to grant, false to revoke, null when the message states nothing. */
	Boolean statement(String optOutType, String body) {
		if (optOutType != null && !optOutType.isBlank()) {
			// Twilio's Advanced Opt-Out has already classified the reply
			return switch (optOutType.strip().toUpperCase(Locale.ROOT)) {
				case "STOP" -> false;
				case "START" -> true;
				default -> null;
			};
		}
		String said = TwilioWebhooks.keyword(body == null ? "" : body);
		if (this.stop.contains(said)) {
			return false;
		}
		return this.start.contains(said) ? true : null;
	}

	private void consequences(String sid, String error, Callback callback) {
		List<Map<String, Object>> messages = this.jdbc.queryForList("""
				select m.id, m.recipient, coalesce(c.merged_into, c.id) as customer from outbox_message m
				join customer c on c.id = m.customer_id where m.provider_message_id = ? and m.channel = 'SMS'""", sid);
		for (Map<String, Object> message : messages) {
			if (String.valueOf(TwilioSmsTransport.UNSUBSCRIBED).equals(error)) {
				this.consents.record(((Number) message.get("customer")).longValue(), Consents.SMS, Consents.MARKETING,
						false, "twilio", "status:" + sid + ":" + error, callback.statedAt(), callback.receivedAt());
			}
			else if (INVALID_NUMBER.contains(error)) {
				this.dispatcher.refuseNumber((String) message.get("recipient"), "Twilio error " + error);
			}
		}
	}

	private boolean firstTime(String token, String kind) {
		if (token == null || token.isBlank()) {
			return true;
		}
		return this.jdbc.update("insert into twilio_callback (token, kind) values (?, ?) on conflict do nothing",
				token.strip(), kind) == 1;
	}

	/** Only the broker's own word: its duplicate-id rejection. */
	private static boolean isDuplicate(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ActiveMQDuplicateIdException || (cause instanceof ActiveMQException activeMq
					&& activeMq.getType() == ActiveMQExceptionType.DUPLICATE_ID_REJECTED)) {
				return true;
			}
		}
		return false;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	@Override
	public void destroy() {
		this.connections.destroy();
	}

}

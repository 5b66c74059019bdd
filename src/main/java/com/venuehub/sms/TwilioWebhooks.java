package com.venuehub.sms;

import java.text.Normalizer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.twilio.security.RequestValidator;
import com.venuehub.customer.Consents;
import com.venuehub.customer.Identifiers;
import com.venuehub.platform.ApiException;
import com.venuehub.platform.Masking;
import com.venuehub.platform.RecordRejectedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Twilio tells the hub: delivery statuses of the messages it sent, and the replies
 * of recipients (STOP, START). Both are signed by Twilio with the account's auth token
 * over the public URL: a request whose {@code X-Twilio-Signature} does not verify is
 * refused with 403 and changes nothing. A callback delivered twice (same idempotency
 * token) is applied once.
 */
@RestController
@RequestMapping("/webhooks/twilio")
@Tag(name = "twilio", description = "Twilio's callbacks: message statuses and replies")
public class TwilioWebhooks {

	private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);

	/**
	 * The order of Twilio's message statuses, as SQL over a status expression: a callback
	 * never moves a message to a lower one.
	 */
	static final String RANK_SQL = "(case %s when 'accepted' then 1 when 'scheduled' then 1 when 'queued' then 2"
			+ " when 'sending' then 3 when 'sent' then 4 when 'delivered' then 5 when 'undelivered' then 5"
			+ " when 'failed' then 5 when 'canceled' then 5 when 'read' then 6 else 0 end)";

	private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

	/** Twilio error codes that say the number cannot receive SMS. */
	private static final Set<String> INVALID_NUMBER = Set.of("21211", "21614", "30005", "30006");

	private final JdbcTemplate jdbc;

	private final SmsProperties properties;

	private final Consents consents;

	private final Identifiers identifiers;

	private final SmsDispatcher dispatcher;

	private final Clock clock;

	private final Set<String> stop;

	private final Set<String> start;

	public TwilioWebhooks(JdbcTemplate jdbc, SmsProperties properties, Consents consents, Identifiers identifiers,
			SmsDispatcher dispatcher, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.consents = consents;
		this.identifiers = identifiers;
		this.dispatcher = dispatcher;
		this.clock = clock;
		this.stop = properties.keywords().stop().stream().map(TwilioWebhooks::keyword).collect(Collectors.toSet());
		this.start = properties.keywords().start().stream().map(TwilioWebhooks::keyword).collect(Collectors.toSet());
	}

	@Operation(summary = "Twilio status callback: queued, sent, delivered, undelivered, failed")
	@PostMapping(path = "/status", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	@Transactional
	public ResponseEntity<Void> status(HttpServletRequest request,
			@RequestHeader(name = "X-Twilio-Signature", required = false) String signature,
			@RequestHeader(name = "I-Twilio-Idempotency-Token", required = false) String token) {
		Map<String, String> params = verified(request, signature);
		String sid = params.get("MessageSid");
		String status = params.get("MessageStatus");
		if (sid == null || sid.isBlank() || status == null || status.isBlank()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "a status callback carries MessageSid and MessageStatus");
		}
		if (!firstTime(token, "status")) {
			return ResponseEntity.ok().build();
		}
		status = status.strip().toLowerCase(Locale.ROOT);
		String error = blankToNull(params.get("ErrorCode"));
		this.jdbc.update("insert into sms_status_event (provider_message_id, status, error_code) values (?, ?, ?)", sid,
				status, error);
		int moved = this.jdbc.update("""
				update outbox_message set delivery_status = ?, delivery_error = ?, updated_at = now()
				where provider_message_id = ? and channel = 'SMS' and """ + RANK_SQL.formatted("?") + " > "
				+ RANK_SQL.formatted("coalesce(delivery_status, '')"), status, error, sid, status);
		if (error != null) {
			consequences(sid, error);
		}
		log.debug("Twilio status {} for {} ({} message moved)", status, sid, moved);
		return ResponseEntity.ok().build();
	}

	@Operation(summary = "Twilio inbound message: STOP and its variants revoke SMS consent, START grants it")
	@PostMapping(path = "/inbound", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
			produces = MediaType.APPLICATION_XML_VALUE)
	@Transactional
	public ResponseEntity<String> inbound(HttpServletRequest request,
			@RequestHeader(name = "X-Twilio-Signature", required = false) String signature,
			@RequestHeader(name = "I-Twilio-Idempotency-Token", required = false) String token) {
		Map<String, String> params = verified(request, signature);
		ResponseEntity<String> empty = ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(EMPTY_TWIML);
		if (!firstTime(token, "inbound")) {
			return empty;
		}
		Boolean granted = statement(params.get("OptOutType"), params.get("Body"));
		if (granted == null) {
			return empty;
		}
		String from;
		try {
			from = this.identifiers.phone(params.get("From"));
		}
		catch (RecordRejectedException ex) {
			log.info("Reply from a number that is not a phone number: ignored");
			return empty;
		}
		if (from == null) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "an inbound message carries From");
		}
		String record = "twilio:" + (params.get("MessageSid") == null ? token : params.get("MessageSid"));
		List<Long> holders = this.jdbc.queryForList("""
				select distinct coalesce(c.merged_into, c.id) from customer_identifier i
				join customer c on c.id = i.customer_id
				where i.kind = 'PHONE' and i.value = ?""", Long.class, from);
		for (Long customer : holders) {
			this.consents.record(customer, Consents.SMS, Consents.MARKETING, granted, "sms-reply", record,
					this.clock.instant());
		}
		log.info("SMS reply from {}: SMS marketing consent {} for {} customer(s)", Masking.phone(from),
				granted ? "granted" : "revoked", holders.size());
		return empty;
	}

	/** True to grant, false to revoke, null when the message states nothing. */
	private Boolean statement(String optOutType, String body) {
		if (optOutType != null && !optOutType.isBlank()) {
			// Twilio's Advanced Opt-Out has already classified the reply
			return switch (optOutType.strip().toUpperCase(Locale.ROOT)) {
				case "STOP" -> false;
				case "START" -> true;
				default -> null;
			};
		}
		String said = keyword(body == null ? "" : body);
		if (this.stop.contains(said)) {
			return false;
		}
		return this.start.contains(said) ? true : null;
	}

	/** Upper case, without accents, punctuation or extra spaces: "Arrêt !" is ARRET. */
	static String keyword(String text) {
		String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
		return plain.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", " ").strip();
	}

	private void consequences(String sid, String error) {
		List<Map<String, Object>> messages = this.jdbc.queryForList("""
				select m.id, m.recipient, coalesce(c.merged_into, c.id) as customer from outbox_message m
				join customer c on c.id = m.customer_id where m.provider_message_id = ?""", sid);
		for (Map<String, Object> message : messages) {
			if (String.valueOf(TwilioSmsTransport.UNSUBSCRIBED).equals(error)) {
				this.consents.record(((Number) message.get("customer")).longValue(), Consents.SMS, Consents.MARKETING,
						false, "twilio", "status:" + sid + ":" + error, this.clock.instant());
			}
			else if (INVALID_NUMBER.contains(error)) {
				this.dispatcher.refuseNumber((String) message.get("recipient"), "Twilio error " + error);
			}
		}
	}

	/** The request's parameters, once its signature is verified; 403 otherwise. */
	private Map<String, String> verified(HttpServletRequest request, String signature) {
		Map<String, String> params = new LinkedHashMap<>();
		request.getParameterMap().forEach((name, values) -> params.put(name, values.length == 0 ? "" : values[0]));
		if (!this.properties.twilio().validateSignatures()) {
			return params;
		}
		String token = this.properties.twilio().authToken();
		String url = this.properties.twilio().publicUrl().replaceAll("/+$", "") + request.getRequestURI()
				+ (request.getQueryString() == null ? "" : "?" + request.getQueryString());
		if (signature == null || token == null || token.isBlank()
				|| !new RequestValidator(token).validate(url, params, signature)) {
			log.warn("Twilio callback to {} refused: {}", request.getRequestURI(),
					signature == null ? "no X-Twilio-Signature" : "the signature does not verify");
			throw new ApiException(HttpStatus.FORBIDDEN, signature == null ? "missing X-Twilio-Signature header"
					: "X-Twilio-Signature does not match this request signed with the account's auth token for " + url);
		}
		return params;
	}

	private boolean firstTime(String token, String kind) {
		if (token == null || token.isBlank()) {
			return true;
		}
		return this.jdbc.update("insert into twilio_callback (token, kind) values (?, ?) on conflict do nothing",
				token.strip(), kind) == 1;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

}

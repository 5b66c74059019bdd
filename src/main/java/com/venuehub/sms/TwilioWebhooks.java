package com.venuehub.sms;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.twilio.security.RequestValidator;
import com.venuehub.platform.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Twilio tells the hub: delivery statuses of the messages it sent, and the replies
 * of recipients (STOP, START). Both are signed by Twilio with the account's auth token
 * over the public URL: a request whose {@code X-Twilio-Signature} does not verify is
 * refused with 403 and changes nothing. A verified callback is answered 2xx only once it
 * is on the broker's persistent queue ({@link TwilioCallbacks}), from which it is
 * applied; if the broker does not take it, the answer is 503. A callback delivered twice
 * (same idempotency token) is applied once.
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

	private final SmsProperties properties;

	private final TwilioCallbacks callbacks;

	private final Clock clock;

	public TwilioWebhooks(SmsProperties properties, TwilioCallbacks callbacks, Clock clock) {
		this.properties = properties;
		this.callbacks = callbacks;
		this.clock = clock;
	}

	@Operation(summary = "Twilio status callback: queued, sent, delivered, undelivered, failed")
	@PostMapping(path = "/status", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	public ResponseEntity<Void> status(HttpServletRequest request,
			@RequestHeader(name = "X-Twilio-Signature", required = false) String signature,
			@RequestHeader(name = "I-Twilio-Idempotency-Token", required = false) String token) {
		Map<String, String> params = verified(request, signature);
		String sid = params.get("MessageSid");
		String status = params.get("MessageStatus");
		if (sid == null || sid.isBlank() || status == null || status.isBlank()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "a status callback carries MessageSid and MessageStatus");
		}
		keep(TwilioCallbacks.STATUS, params, token);
		return ResponseEntity.ok().build();
	}

	@Operation(summary = "Twilio inbound message: STOP and its variants revoke SMS consent, START grants it")
	@PostMapping(path = "/inbound", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
			produces = MediaType.APPLICATION_XML_VALUE)
	public ResponseEntity<String> inbound(HttpServletRequest request,
			@RequestHeader(name = "X-Twilio-Signature", required = false) String signature,
			@RequestHeader(name = "I-Twilio-Idempotency-Token", required = false) String token) {
		Map<String, String> params = verified(request, signature);
		if (params.get("From") == null || params.get("From").isBlank()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "an inbound message carries From");
		}
		keep(TwilioCallbacks.INBOUND, params, token);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(EMPTY_TWIML);
	}

	private void keep(String kind, Map<String, String> params, String token) {
		this.callbacks.keep(new TwilioCallbacks.Callback(kind, params, token == null ? null : token.strip(),
				this.clock.instant(), Instant.now()));
	}

	/** Upper case, without accents, punctuation or extra spaces: "Arrêt !" is ARRET. */
	static String keyword(String text) {
		String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
		return plain.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", " ").strip();
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

}

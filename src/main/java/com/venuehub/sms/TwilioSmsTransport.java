package com.venuehub.sms;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;

/**
 * Sends through the official Twilio SDK: from the Messaging Service when one is
 * configured, otherwise from the sender number, with the status callback on every
 * message. Each request is made once; the failure says whether Twilio may have accepted
 * it.
 */
class TwilioSmsTransport implements SmsTransport {

	/** Twilio: "Attempt to send to unsubscribed recipient". */
	static final int UNSUBSCRIBED = 21610;

	private final TwilioRestClient client;

	private final SmsProperties.Twilio settings;

	TwilioSmsTransport(SmsProperties.Twilio settings, int connections) {
		if (settings.accountSid() == null || settings.accountSid().isBlank() || settings.authToken() == null
				|| settings.authToken().isBlank()) {
			throw new IllegalStateException(
					"hub.sms.transport is twilio: set hub.sms.twilio.account-sid and auth-token (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)");
		}
		if (blank(settings.messagingServiceSid()) && blank(settings.from())) {
			throw new IllegalStateException(
					"hub.sms.transport is twilio: set hub.sms.twilio.messaging-service-sid or hub.sms.twilio.from");
		}
		this.settings = settings;
		this.client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
			.httpClient(new TwilioHttpClient(settings.apiUrl(), settings.timeout(), connections))
			.build();
	}

	@Override
	public String name() {
		return "twilio";
	}

	@Override
	public Accepted send(OutgoingSms sms) throws SmsFailure {
		PhoneNumber to = new PhoneNumber(sms.to());
		MessageCreator creator = blank(this.settings.messagingServiceSid())
				? Message.creator(to, new PhoneNumber(this.settings.from()), sms.body())
				: Message.creator(to, this.settings.messagingServiceSid(), sms.body());
		creator.setStatusCallback(URI.create(this.settings.statusCallback()));
		try {
			Message message = creator.create(this.client);
			return new Accepted(message.getSid(), message.getStatus() == null ? null : message.getStatus().toString(),
					segments(message.getNumSegments()));
		}
		catch (TwilioException ex) {
			throw failure(ex);
		}
	}

	@Override
	public Optional<Accepted> find(String to, String body, Instant since) throws SmsFailure {
		try {
			// the newest messages to that number (Twilio lists newest first); its date
			// filters take whole days, so the time is compared here
			for (Message message : Message.reader().setTo(new PhoneNumber(to)).setPageSize(50L).read(this.client)) {
				if (message.getDateCreated() != null && message.getDateCreated().toInstant().isBefore(since)) {
					break;
				}
				if (body.equals(message.getBody())) {
					return Optional.of(new Accepted(message.getSid(),
							message.getStatus() == null ? null : message.getStatus().toString(),
							segments(message.getNumSegments())));
				}
			}
			return Optional.empty();
		}
		catch (TwilioException ex) {
			SmsFailure failure = failure(ex);
			// a failed lookup changes nothing: it is tried again later
			throw new SmsFailure(SmsFailure.Kind.TEMPORARY, failure.code(), failure.getMessage(), failure.summary(),
					ex);
		}
	}

	private static SmsFailure failure(TwilioException ex) {
		if (ex instanceof ApiException api && api.getStatusCode() != null) {
			int status = api.getStatusCode();
			Integer code = api.getCode();
			String summary = "Twilio answered " + status + (code == null ? "" : " (error " + code + ")");
			String what = summary + ": " + ex.getMessage();
			if (status == 429) {
				return new SmsFailure(SmsFailure.Kind.TEMPORARY, code, what, summary, ex);
			}
			if (status >= 500) {
				return new SmsFailure(SmsFailure.Kind.UNCERTAIN, code, what, summary, ex);
			}
			if (status == 401 || status == 403) {
				// the account's credentials, not the message: kept for a later attempt
				return new SmsFailure(SmsFailure.Kind.TEMPORARY, code, what, summary, ex);
			}
			if (code != null && code == UNSUBSCRIBED) {
				return new SmsFailure(SmsFailure.Kind.UNSUBSCRIBED, code, what, summary, ex);
			}
			if (code != null && (code == 21211 || code == 21614 || code == 21217 || code == 21401)) {
				return new SmsFailure(SmsFailure.Kind.INVALID_NUMBER, code, what, summary, ex);
			}
			return new SmsFailure(SmsFailure.Kind.REFUSED, code, what, summary, ex);
		}
		Throwable cause = ex.getCause();
		if (cause instanceof ConnectException || cause instanceof HttpHostConnectException
				|| cause instanceof ConnectTimeoutException || cause instanceof UnknownHostException
				|| cause instanceof NoRouteToHostException) {
			return new SmsFailure(SmsFailure.Kind.TEMPORARY, null,
					"Twilio could not be reached: " + cause.getClass().getSimpleName(), ex);
		}
		// the request may have left: a timeout or a reset after sending
		return new SmsFailure(SmsFailure.Kind.UNCERTAIN, null, "no answer from Twilio: "
				+ (cause == null ? ex.getClass().getSimpleName() : cause.getClass().getSimpleName()), ex);
	}

	private static Integer segments(String value) {
		try {
			return value == null ? null : Integer.valueOf(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}

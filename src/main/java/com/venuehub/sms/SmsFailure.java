package com.venuehub.sms;

/**
 * A send that did not end in an accepted message, and what that means for the message.
 */
public class SmsFailure extends Exception {

	/** What became of the request. */
	public enum Kind {

		/** Not accepted (throttled, unreachable): safe to send again later. */
		TEMPORARY,
		/** The provider may have accepted it (5xx, timeout): never sent blindly again. */
		UNCERTAIN,
		/** The recipient unsubscribed at the provider (Twilio 21610). */
		UNSUBSCRIBED,
		/** The number cannot receive SMS (invalid, landline). */
		INVALID_NUMBER,
		/** Refused for another reason; sending again would be refused again. */
		REFUSED

	}

	private final Kind kind;

	private final Integer code;

	private final String summary;

	/** A failure whose message quotes no value of the message (no number, no text). */
	public SmsFailure(Kind kind, Integer code, String message, Throwable cause) {
		this(kind, code, message, message, cause);
	}

	/**
	 * A failure whose message may quote the provider's words, which name the number ("The
	 * 'To' phone number: +33…, is not currently reachable"): kept on the message for the
	 * operator, while logs read the summary.
	 */
	public SmsFailure(Kind kind, Integer code, String message, String summary, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.code = code;
		this.summary = summary;
	}

	public Kind kind() {
		return this.kind;
	}

	/** For a log line: what failed, without the provider's words. */
	public String summary() {
		return this.summary;
	}

	/** The provider's error code, if any. */
	public Integer code() {
		return this.code;
	}

}

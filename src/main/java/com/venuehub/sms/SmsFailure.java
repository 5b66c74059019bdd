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

	public SmsFailure(Kind kind, Integer code, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.code = code;
	}

	public Kind kind() {
		return this.kind;
	}

	/** The provider's error code, if any. */
	public Integer code() {
		return this.code;
	}

}

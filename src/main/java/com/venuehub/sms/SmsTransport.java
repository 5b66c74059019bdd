package com.venuehub.sms;

import java.time.Instant;
import java.util.Optional;

/** Hands an SMS to the provider (or keeps it, in the sandbox). */
public interface SmsTransport {

	/** {@code sandbox} or {@code twilio}: recorded on each message. */
	String name();

	/**
	 * Sends once; never retries by itself.
	 * @throws SmsFailure saying whether the provider accepted it, may have, or refused it
	 */
	Accepted send(OutgoingSms sms) throws SmsFailure;

	/**
	 * The message the provider holds for this number and text since that instant, if any:
	 * how an uncertain send is reconciled.
	 */
	Optional<Accepted> find(String to, String body, Instant since) throws SmsFailure;

	/**
	 * @param to the recipient in E.164
	 * @param body the full text, opt-out mention included
	 */
	record OutgoingSms(long id, String to, String body) {
	}

	/**
	 * @param providerId the provider's id ({@code SM…})
	 * @param status the provider's status (queued, sent, …)
	 * @param segments segments billed, when the provider says
	 */
	record Accepted(String providerId, String status, Integer segments) {
	}

}

package com.venuehub.email;

/**
 * Where rendered emails go: an SMTP relay, or the sandbox that keeps them in the outbox
 * only.
 */
public interface MailTransport {

	/** Its name, recorded with every message it took. */
	String name();

	/** A connection for one worker, reused for the messages it sends in a row. */
	Connection open();

	/** One worker's connection; not shared between threads. */
	interface Connection extends AutoCloseable {

		/** Sends the email and answers the provider's message id. */
		String send(OutgoingEmail email)
				throws TemporaryMailFailure, RecipientRefusedException, MessageRefusedException;

		@Override
		void close();

	}

}

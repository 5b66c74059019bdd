package com.venuehub.email;

/** A rendered email of one outbox row, ready for the transport. */
public record OutgoingEmail(long outboxId, String dedupKey, String messageId, String from, String replyTo, String to,
		String subject, String text, String html) {
}

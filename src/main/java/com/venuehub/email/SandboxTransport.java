package com.venuehub.email;

/**
 * Sends nothing: the rendered message stays in the outbox, readable through the messages
 * API.
 */
class SandboxTransport implements MailTransport {

	@Override
	public String name() {
		return "sandbox";
	}

	@Override
	public Connection open() {
		return new Connection() {

			@Override
			public String send(OutgoingEmail email) {
				return email.messageId();
			}

			@Override
			public void close() {
			}

		};
	}

}

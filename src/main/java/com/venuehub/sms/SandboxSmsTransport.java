package com.venuehub.sms;

import java.time.Instant;
import java.util.Optional;

/**
 * The default run's transport: the rendered SMS stays in the outbox ({@code GET
 * /api/v1/messages/{id}}), nothing leaves the machine.
 */
class SandboxSmsTransport implements SmsTransport {

	@Override
	public String name() {
		return "sandbox";
	}

	@Override
	public Accepted send(OutgoingSms sms) {
		return new Accepted("SANDBOX-" + sms.id(), "sandbox", SmsSegments.of(sms.body()).segments());
	}

	@Override
	public Optional<Accepted> find(String to, String body, Instant since) {
		return Optional.empty();
	}

}

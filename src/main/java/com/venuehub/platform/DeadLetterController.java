package com.venuehub.platform;

import java.security.Principal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.jms.JMSException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/dead-letters}: the messages the broker gave up on, for an operator to
 * read, replay once the cause is fixed, or discard.
 */
@RestController
@RequestMapping("/api/v1/dead-letters")
@Tag(name = "dead letters", description = "Broker messages given up on after their delivery attempts")
public class DeadLetterController {

	private final DeadLetters deadLetters;

	public DeadLetterController(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@Operation(summary = "Dead letters: origin queue, a summary without personal data, the last failure seen")
	@GetMapping
	public DeadLetters.Page list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) throws JMSException {
		ApiException.checkPage(page, size);
		return this.deadLetters.list(page, size);
	}

	@Operation(summary = "One dead letter")
	@GetMapping("/{id}")
	public DeadLetters.DeadLetter get(@PathVariable String id) throws JMSException {
		return this.deadLetters.get(id);
	}

	@Operation(summary = "Send a dead letter back to the queue it came from")
	@PostMapping("/{id}/replay")
	public DeadLetters.Outcome replay(@PathVariable String id, Principal operator) throws JMSException {
		return this.deadLetters.replay(id, operator == null ? "unknown" : operator.getName());
	}

	@Operation(summary = "Drop a dead letter for good")
	@PostMapping("/{id}/discard")
	public DeadLetters.Outcome discard(@PathVariable String id, Principal operator) throws JMSException {
		return this.deadLetters.discard(id, operator == null ? "unknown" : operator.getName());
	}

}

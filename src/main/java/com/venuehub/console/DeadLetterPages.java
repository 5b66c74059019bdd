package com.venuehub.console;

import com.venuehub.platform.ApiException;
import com.venuehub.platform.DeadLetters;
import jakarta.jms.JMSException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Venue IT's dead-letter page: the messages the broker gave up on, listed as the API
 * lists them (origin, a summary without personal data, the last failure seen), replayed
 * to the queue they came from, or discarded once confirmed. Through {@link DeadLetters},
 * as the API.
 */
@Controller
@ConsolePage
public class DeadLetterPages {

	/**
	 * Looked up at the first request: the console's controllers are made before Camel,
	 * whose event notifiers ({@link com.venuehub.platform.DeadLetterReasons}, behind the
	 * dead letters) must be made after it.
	 */
	private final ObjectProvider<DeadLetters> deadLetters;

	public DeadLetterPages(ObjectProvider<DeadLetters> deadLetters) {
		this.deadLetters = deadLetters;
	}

	@GetMapping("/console/dead-letters")
	String list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "25") int size, Model model)
			throws JMSException {
		Paging.check(page, size);
		DeadLetters.Page found = this.deadLetters.getObject().list(page, size);
		model.addAttribute("letters", new Paging<>(found.items(), page, size, found.total()));
		return "platform/dead-letters";
	}

	@GetMapping("/console/dead-letters/{id}")
	String letter(@PathVariable String id, Model model) throws JMSException {
		model.addAttribute("letter", this.deadLetters.getObject().get(id));
		return "platform/dead-letter";
	}

	@PostMapping("/console/dead-letters/{id}/replay")
	String replay(@PathVariable String id, @AuthenticationPrincipal ConsoleUser user, RedirectAttributes redirect)
			throws JMSException {
		DeadLetters.Outcome outcome = this.deadLetters.getObject().replay(id, user.actor().getName());
		redirect.addFlashAttribute("notice", "Dead letter " + outcome.id() + " sent back to " + outcome.queue()
				+ ": it is applied in a moment, like any message of that queue.");
		return "redirect:/console/dead-letters";
	}

	@PostMapping("/console/dead-letters/{id}/discard")
	String discard(@PathVariable String id, @RequestParam(defaultValue = "false") boolean confirmed,
			@AuthenticationPrincipal ConsoleUser user, RedirectAttributes redirect) throws JMSException {
		if (!confirmed) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"Tick the box that confirms this message is to be dropped for good, then discard.");
		}
		DeadLetters.Outcome outcome = this.deadLetters.getObject().discard(id, user.actor().getName());
		redirect.addFlashAttribute("notice",
				"Dead letter " + outcome.id() + " of " + outcome.queue() + " discarded: it is gone for good.");
		return "redirect:/console/dead-letters";
	}

}

package com.venuehub.platform;

import java.util.Map;

import com.venuehub.console.ConsoleUser;
import com.venuehub.console.HomePanel;
import jakarta.jms.JMSException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Venue IT's home panel of the broker's dead letters: how many wait for a decision. */
@Component
class DeadLetterHomePanel implements HomePanel {

	private final DeadLetters deadLetters;

	DeadLetterHomePanel(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@Override
	public int order() {
		return 15;
	}

	@Override
	public Role[] roles() {
		return new Role[] { Role.VENUE_IT };
	}

	@Override
	public String template() {
		return "platform/home";
	}

	@Override
	public Map<String, Object> model(ConsoleUser user) {
		try {
			return Map.of("waiting", this.deadLetters.list(0, 1).total());
		}
		catch (JMSException ex) {
			throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the broker cannot be read just now");
		}
	}

}

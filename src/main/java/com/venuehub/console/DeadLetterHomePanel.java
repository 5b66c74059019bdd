package com.venuehub.console;

import java.util.Map;

import com.venuehub.platform.ApiException;
import com.venuehub.platform.DeadLetters;
import com.venuehub.platform.Role;
import jakarta.jms.JMSException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Venue IT's home panel of the broker's dead letters: how many wait for a decision. */
@Component
class DeadLetterHomePanel implements HomePanel {

	/**
	 * Looked up when the home page is drawn: the home page's panels are made before
	 * Camel, whose event notifiers ({@link com.venuehub.platform.DeadLetterReasons}) must
	 * be made after it.
	 */
	private final ObjectProvider<DeadLetters> deadLetters;

	DeadLetterHomePanel(ObjectProvider<DeadLetters> deadLetters) {
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
			return Map.of("waiting", this.deadLetters.getObject().list(0, 1).total());
		}
		catch (JMSException ex) {
			throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the broker cannot be read just now");
		}
	}

}

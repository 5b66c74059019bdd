package com.venuehub.customer;

import java.util.LinkedHashMap;
import java.util.Map;

import com.venuehub.console.ConsoleUser;
import com.venuehub.console.HomePanel;
import com.venuehub.platform.Role;

import org.springframework.stereotype.Component;

/**
 * The identity panel of the home page: possible duplicates waiting, and for the data
 * protection officer, the latest exports and erasures.
 */
@Component
class IdentityHomePanel implements HomePanel {

	private final DuplicateReview review;

	private final PersonalDataRequests requests;

	IdentityHomePanel(DuplicateReview review, PersonalDataRequests requests) {
		this.review = review;
		this.requests = requests;
	}

	@Override
	public int order() {
		return 20;
	}

	@Override
	public Role[] roles() {
		return new Role[] { Role.VENUE_IT, Role.DPO };
	}

	@Override
	public String template() {
		return "customer/home";
	}

	@Override
	public Map<String, Object> model(ConsoleUser user) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("duplicates", this.review.countOpen());
		model.put("privacy", CustomerPages.privacyOfficer(user));
		model.put("requests", CustomerPages.privacyOfficer(user) ? this.requests.history(5, 0) : java.util.List.of());
		return model;
	}

}

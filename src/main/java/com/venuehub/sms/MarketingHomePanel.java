package com.venuehub.sms;

import java.util.LinkedHashMap;
import java.util.Map;

import com.venuehub.console.ConsoleUser;
import com.venuehub.console.HomePanel;
import com.venuehub.platform.Role;

import org.springframework.stereotype.Component;

/** Marketing's home panel: campaigns by state and the latest ones. */
@Component
class MarketingHomePanel implements HomePanel {

	private final Campaigns campaigns;

	MarketingHomePanel(Campaigns campaigns) {
		this.campaigns = campaigns;
	}

	@Override
	public int order() {
		return 30;
	}

	@Override
	public Role[] roles() {
		return new Role[] { Role.MARKETING };
	}

	@Override
	public String template() {
		return "sms/home";
	}

	@Override
	public Map<String, Object> model(ConsoleUser user) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("drafts", this.campaigns.count("DRAFT"));
		model.put("running", this.campaigns.count("RUNNING") + this.campaigns.count("SCHEDULED"));
		model.put("done", this.campaigns.count("DONE"));
		model.put("latest", this.campaigns.list(null, 5, 0));
		return model;
	}

}

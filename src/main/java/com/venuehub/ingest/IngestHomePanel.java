package com.venuehub.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.venuehub.console.ConsoleUser;
import com.venuehub.console.HomePanel;
import com.venuehub.platform.Role;

import org.springframework.stereotype.Component;

/** Venue IT's home panel: records waiting in quarantine, and each source's last day. */
@Component
class IngestHomePanel implements HomePanel {

	private final SourceActivity activity;

	private final QuarantineRecords quarantine;

	IngestHomePanel(SourceActivity activity, QuarantineRecords quarantine) {
		this.activity = activity;
		this.quarantine = quarantine;
	}

	@Override
	public int order() {
		return 10;
	}

	@Override
	public Role[] roles() {
		return new Role[] { Role.VENUE_IT };
	}

	@Override
	public String template() {
		return "ingest/home";
	}

	@Override
	public Map<String, Object> model(ConsoleUser user) {
		List<SourceActivity.Source> sources = this.activity.sources();
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("waiting", this.quarantine.list(new QuarantineRecords.Filter(null, null, null, null), 0, 1).total());
		model.put("applied", sources.stream().mapToLong(SourceActivity.Source::applied).sum());
		model.put("quarantined", sources.stream().mapToLong(SourceActivity.Source::quarantined).sum());
		model.put("silent", sources.stream().filter(s -> s.applied() == 0).map(SourceActivity.Source::name).toList());
		return model;
	}

}

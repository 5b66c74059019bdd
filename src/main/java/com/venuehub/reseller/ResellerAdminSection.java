package com.venuehub.reseller;

import java.util.Map;

import com.venuehub.console.AdminSection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The resellers on the administrator's page: code, name, where alerts go, and their
 * allocations; no key, no secret.
 */
@Component
class ResellerAdminSection implements AdminSection {

	private final JdbcTemplate jdbc;

	ResellerAdminSection(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public int order() {
		return 10;
	}

	@Override
	public String template() {
		return "reseller/admin";
	}

	@Override
	public Map<String, Object> model() {
		return Map.of("resellers", this.jdbc.queryForList("""
				select r.code, r.name, r.email, r.webhook_url is not null as webhook, r.daily_digest,
				       count(a.id) as allocations, coalesce(sum(a.quantity - a.sold), 0) as remaining
				from reseller r left join reseller_allocation a on a.reseller_id = r.id
				group by r.id order by r.code"""));
	}

}

package com.venuehub.reseller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.venuehub.console.ConsoleUser;
import com.venuehub.console.HomePanel;
import com.venuehub.platform.Role;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A reseller's home panel: its allocations running low. */
@Component
class ResellerHomePanel implements HomePanel {

	private final JdbcTemplate jdbc;

	ResellerHomePanel(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public int order() {
		return 50;
	}

	@Override
	public Role[] roles() {
		return new Role[] { Role.RESELLER };
	}

	@Override
	public String template() {
		return "reseller/home";
	}

	@Override
	public Map<String, Object> model(ConsoleUser user) {
		Map<String, Object> model = new LinkedHashMap<>();
		List<Map<String, Object>> stock = this.jdbc.queryForList("""
				select a.product_code, a.event_date, a.quantity, a.quantity - a.sold as remaining
				from reseller_allocation a join reseller r on r.id = a.reseller_id
				where r.code = ? order by a.quantity - a.sold, a.product_code limit 5""", user.reseller());
		model.put("code", user.reseller());
		model.put("stock", stock);
		return model;
	}

}

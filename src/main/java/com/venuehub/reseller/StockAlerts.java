package com.venuehub.reseller;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the alerts stock changes decide, in the same transaction: the alert (unique per dedup
 * key), the reseller's email and, on a sell-out or oversale, the sales team's (email outbox), and
 * the signed webhook delivery when the reseller has a webhook.
 */
@Component
public class StockAlerts {

	private static final Logger log = LoggerFactory.getLogger(StockAlerts.class);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final ResellerProperties properties;

	private final ObjectMapper json;

	public StockAlerts(JdbcTemplate jdbc, Clock clock, ResellerProperties properties, ObjectMapper json) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		this.json = json;
	}

	/** What a stock change decided: one alert of an allocation. */
	public record Decision(long allocationId, long resellerId, String kind, String threshold, String dedupKey,
			int quantity, int remaining, List<String> reached) {
	}

	public void decide(List<Decision> decisions) {
		for (Decision decision : decisions) {
			decide(decision);
		}
	}

	private void decide(Decision decision) {
		Timestamp now = Timestamp.from(this.clock.instant());
		List<Long> created = this.jdbc.queryForList("""
				insert into reseller_alert (dedup_key, reseller_id, allocation_id, kind, threshold, quantity, remaining,
				                            created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (dedup_key) do nothing returning id""", Long.class,
				decision.dedupKey(), decision.resellerId(), decision.allocationId(), decision.kind(),
				decision.threshold(), decision.quantity(), decision.remaining(), now);
		if (created.isEmpty()) {
			return;
		}
		long alertId = created.get(0);
		Map<String, Object> r = this.jdbc.queryForMap("""
				select r.code, r.name, r.email, r.locale, r.webhook_url, a.product_code, a.event_date
				from reseller r join reseller_allocation a on a.reseller_id = r.id where a.id = ?""",
				decision.allocationId());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("alertId", alertId);
		body.put("type", decision.kind());
		body.put("threshold", decision.threshold());
		body.put("reseller", Map.of("id", decision.resellerId(), "code", r.get("code")));
		Map<String, Object> allocation = new LinkedHashMap<>();
		allocation.put("id", decision.allocationId());
		allocation.put("product", r.get("product_code"));
		allocation.put("eventDate", r.get("event_date") == null ? null : r.get("event_date").toString());
		allocation.put("quantity", decision.quantity());
		allocation.put("remaining", decision.remaining());
		body.put("allocation", allocation);
		body.put("occurredAt", now.toInstant().toString());

		Map<String, Object> model = new LinkedHashMap<>();
		model.put("resellerName", r.get("name"));
		model.put("product", r.get("product_code"));
		model.put("eventDate", r.get("event_date") == null ? null : r.get("event_date").toString());
		model.put("quantity", decision.quantity());
		model.put("remaining", decision.remaining());
		model.put("oversold", decision.remaining() < 0 ? -decision.remaining() : 0);
		model.put("threshold", decision.threshold());
		model.put("low", "LOW".equals(decision.kind()));
		model.put("soldOut", "SOLD_OUT".equals(decision.kind()));
		model.put("oversale", "OVERSOLD".equals(decision.kind()));
		model.put("locale", r.get("locale"));
		email("stock-alert:" + decision.dedupKey(), (String) r.get("email"), model, now);
		String salesTeam = this.properties.salesTeamEmail();
		if (!"LOW".equals(decision.kind()) && salesTeam != null && !salesTeam.isBlank()) {
			Map<String, Object> teamModel = new LinkedHashMap<>(model);
			teamModel.put("salesTeam", true);
			teamModel.put("locale", null);
			email("stock-alert-sales:" + decision.dedupKey(), salesTeam, teamModel, now);
		}
		if (r.get("webhook_url") != null) {
			this.jdbc.update("""
					insert into reseller_webhook (alert_id, url, body, status, next_attempt_at)
					values (?, ?, ?, 'PENDING', ?)""", alertId, r.get("webhook_url"), write(body), now);
		}
		log.info("Stock alert {} for reseller {}: {} {} ({} of {} left)", decision.dedupKey(), r.get("code"),
				decision.kind(), decision.threshold() == null ? "" : decision.threshold(), decision.remaining(),
				decision.quantity());
	}

	private void email(String dedupKey, String recipient, Map<String, Object> model, Timestamp now) {
		this.jdbc.update("""
				insert into outbox_message (dedup_key, channel, kind, recipient, status, reason, due_at, next_attempt_at,
				                            payload)
				values (?, 'EMAIL', 'STOCK_ALERT', ?, 'PENDING', 'reseller stock alert', ?, ?, ?)
				on conflict (dedup_key) do nothing""", dedupKey, recipient, now, now, write(model));
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package com.venuehub.reseller;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
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
 * Writes the alerts stock changes decide, in the same transaction and set-based: the
 * alerts (unique per dedup key), the reseller's email and, on a sell-out or oversale, the
 * sales team's (email outbox), and the signed webhook delivery when the reseller has a
 * webhook.
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
		if (decisions.isEmpty()) {
			return;
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		List<String> emailKeys = new ArrayList<>();
		List<String> recipients = new ArrayList<>();
		List<String> payloads = new ArrayList<>();
		List<Long> hookAlerts = new ArrayList<>();
		List<String> hookUrls = new ArrayList<>();
		List<String> hookBodies = new ArrayList<>();
		String salesTeam = this.properties.salesTeamEmail();
		this.jdbc.query(
				"""
						with d as (
						    select * from unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::int[])
						        as d(dedup_key, reseller_id, allocation_id, kind, threshold, quantity, remaining)),
						created as (
						    insert into reseller_alert (dedup_key, reseller_id, allocation_id, kind, threshold, quantity,
						                                remaining, created_at)
						    select dedup_key, reseller_id, allocation_id, kind, threshold, quantity, remaining, ? from d
						    on conflict (dedup_key) do nothing
						    returning id, dedup_key, reseller_id, allocation_id, kind, threshold, quantity, remaining)
						select c.id, c.dedup_key, c.reseller_id, c.allocation_id, c.kind, c.threshold, c.quantity, c.remaining,
						       r.code, r.name, r.email, r.locale, r.webhook_url, a.product_code, a.event_date
						from created c join reseller r on r.id = c.reseller_id join reseller_allocation a on a.id = c.allocation_id
						order by c.id""",
				rs -> {
					long alertId = rs.getLong(1);
					String dedupKey = rs.getString(2);
					String kind = rs.getString(5);
					String threshold = rs.getString(6);
					int quantity = rs.getInt(7);
					int remaining = rs.getInt(8);
					Date eventDate = rs.getDate(15);
					Map<String, Object> model = new LinkedHashMap<>();
					model.put("resellerName", rs.getString(10));
					model.put("product", rs.getString(14));
					model.put("eventDate", eventDate == null ? null : eventDate.toString());
					model.put("quantity", quantity);
					model.put("remaining", remaining);
					model.put("oversold", remaining < 0 ? -remaining : 0);
					model.put("threshold", threshold);
					model.put("low", "LOW".equals(kind));
					model.put("soldOut", "SOLD_OUT".equals(kind));
					model.put("oversale", "OVERSOLD".equals(kind));
					model.put("locale", rs.getString(12));
					emailKeys.add("stock-alert:" + dedupKey);
					recipients.add(rs.getString(11));
					payloads.add(write(model));
					if (!"LOW".equals(kind) && salesTeam != null && !salesTeam.isBlank()) {
						model.put("salesTeam", true);
						model.remove("locale");
						emailKeys.add("stock-alert-sales:" + dedupKey);
						recipients.add(salesTeam);
						payloads.add(write(model));
					}
					if (rs.getString(13) != null) {
						Map<String, Object> allocation = new LinkedHashMap<>();
						allocation.put("id", rs.getLong(4));
						allocation.put("product", rs.getString(14));
						allocation.put("eventDate", eventDate == null ? null : eventDate.toString());
						allocation.put("quantity", quantity);
						allocation.put("remaining", remaining);
						Map<String, Object> body = new LinkedHashMap<>();
						body.put("alertId", alertId);
						body.put("type", kind);
						body.put("threshold", threshold);
						body.put("reseller", Map.of("id", rs.getLong(3), "code", rs.getString(9)));
						body.put("allocation", allocation);
						body.put("occurredAt", now.toInstant().toString());
						hookAlerts.add(alertId);
						hookUrls.add(rs.getString(13));
						hookBodies.add(write(body));
					}
					log.debug("Stock alert {} for reseller {}: {} {} ({} of {} left)", dedupKey, rs.getString(9), kind,
							threshold == null ? "" : threshold, remaining, quantity);
				}, decisions.stream().map(Decision::dedupKey).toArray(String[]::new),
				decisions.stream().map(Decision::resellerId).toArray(Long[]::new),
				decisions.stream().map(Decision::allocationId).toArray(Long[]::new),
				decisions.stream().map(Decision::kind).toArray(String[]::new),
				decisions.stream().map(Decision::threshold).toArray(String[]::new),
				decisions.stream().map(Decision::quantity).toArray(Integer[]::new),
				decisions.stream().map(Decision::remaining).toArray(Integer[]::new), now);
		if (!emailKeys.isEmpty()) {
			this.jdbc.update("""
					insert into outbox_message (dedup_key, channel, kind, recipient, status, reason, due_at,
					                            next_attempt_at, payload)
					select k, 'EMAIL', 'STOCK_ALERT', r, 'PENDING', 'reseller stock alert', ?, ?, p
					from unnest(?::text[], ?::text[], ?::text[]) as u(k, r, p)
					on conflict (dedup_key) do nothing""", now, now, emailKeys.toArray(String[]::new),
					recipients.toArray(String[]::new), payloads.toArray(String[]::new));
		}
		if (!hookAlerts.isEmpty()) {
			this.jdbc.update("""
					insert into reseller_webhook (alert_id, url, body, status, next_attempt_at)
					select a, u, b, 'PENDING', ? from unnest(?::bigint[], ?::text[], ?::text[]) as w(a, u, b)""", now,
					hookAlerts.toArray(Long[]::new), hookUrls.toArray(String[]::new),
					hookBodies.toArray(String[]::new));
		}
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

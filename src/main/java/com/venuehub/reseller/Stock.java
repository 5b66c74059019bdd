package com.venuehub.reseller;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Remaining stock and its thresholds: applies steps of sales to allocations (rows locked
 * in id order) and decides the alerts they cause, all in the caller's transaction. A
 * threshold fires once when remaining stock reaches its level; steps crossing several at
 * once give one alert naming the lowest; stock rising back above a threshold (tickets
 * given back, allocation raised) re-arms it; a sale beyond the allocation is kept
 * (remaining goes negative, never clamped) and alerted.
 */
@Component
public class Stock {

	private final JdbcTemplate jdbc;

	private final StockAlerts alerts;

	public Stock(JdbcTemplate jdbc, StockAlerts alerts) {
		this.jdbc = jdbc;
		this.alerts = alerts;
	}

	/** Applies tickets sold (negative: given back) per allocation, step by step. */
	public void apply(Map<Long, List<Integer>> steps) {
		if (steps.isEmpty()) {
			return;
		}
		Map<Long, Allocation> allocations = lock(new TreeMap<>(steps).keySet().toArray(Long[]::new));
		List<Long> ids = new ArrayList<>();
		List<Integer> sold = new ArrayList<>();
		List<StockAlerts.Decision> decisions = new ArrayList<>();
		for (Allocation allocation : allocations.values()) {
			for (int delta : steps.get(allocation.id)) {
				allocation.sold += delta;
				if (delta < 0) {
					rearm(allocation);
				}
				evaluate(allocation, delta, decisions);
			}
			ids.add(allocation.id);
			sold.add(allocation.sold);
		}
		this.jdbc.update("""
				update reseller_allocation a set sold = u.sold, oversold = greatest(a.oversold, u.sold - a.quantity),
				    updated_at = now()
				from unnest(?::bigint[], ?::int[]) as u(id, sold) where a.id = u.id""", ids.toArray(Long[]::new),
				sold.toArray(Integer[]::new));
		save(allocations.values());
		this.alerts.decide(decisions);
	}

	/**
	 * Sets an allocation's quantity: thresholds now above the remaining stock re-arm,
	 * those now reached fire. Answers false when there is no such allocation of this
	 * reseller.
	 */
	public boolean changeQuantity(long resellerId, long allocationId, int quantity) {
		Map<Long, Allocation> locked = lock(new Long[] { allocationId });
		Allocation allocation = locked.get(allocationId);
		if (allocation == null || allocation.resellerId != resellerId) {
			return false;
		}
		allocation.quantity = quantity;
		this.jdbc.update("update reseller_allocation set quantity = ?, updated_at = now() where id = ?", quantity,
				allocationId);
		rearm(allocation);
		List<StockAlerts.Decision> decisions = new ArrayList<>();
		evaluate(allocation, 0, decisions);
		save(locked.values());
		this.alerts.decide(decisions);
		return true;
	}

	private static void evaluate(Allocation allocation, int delta, List<StockAlerts.Decision> decisions) {
		int remaining = allocation.remaining();
		ThresholdState lowest = null;
		List<ThresholdState> reached = new ArrayList<>();
		for (ThresholdState threshold : allocation.thresholds) {
			int level = threshold.threshold.level(allocation.quantity);
			if (threshold.armed && remaining <= level) {
				threshold.armed = false;
				threshold.changed = true;
				reached.add(threshold);
				if (lowest == null || level < lowest.threshold.level(allocation.quantity)) {
					lowest = threshold;
				}
			}
		}
		if (lowest != null) {
			boolean soldOut = lowest.threshold.level(allocation.quantity) <= 0;
			decisions.add(new StockAlerts.Decision(allocation.id, allocation.resellerId, soldOut ? "SOLD_OUT" : "LOW",
					lowest.threshold.label(),
					"stock:" + allocation.id + ":" + lowest.threshold.label() + ":" + lowest.generation,
					allocation.quantity, remaining, reached.stream().map(t -> t.threshold.label()).toList()));
		}
		if (delta > 0 && remaining < 0 && remaining + delta >= 0) {
			// the sale that goes beyond the allocation is alerted; later ones are
			// recorded (oversold)
			// and alerted again once stock is back (raised or given back) and oversold
			// anew
			decisions.add(new StockAlerts.Decision(allocation.id, allocation.resellerId, "OVERSOLD", null,
					"oversold:" + allocation.id + ":" + allocation.sold, allocation.quantity, remaining, List.of()));
		}
	}

	/**
	 * Thresholds the remaining stock is now above can fire again, as a new generation (a
	 * new alert dedup key).
	 */
	private static void rearm(Allocation allocation) {
		for (ThresholdState threshold : allocation.thresholds) {
			if (!threshold.armed && allocation.remaining() > threshold.threshold.level(allocation.quantity)) {
				threshold.armed = true;
				threshold.generation++;
				threshold.changed = true;
			}
		}
	}

	/** Writes the thresholds that fired or re-armed. */
	private void save(Collection<Allocation> allocations) {
		List<Long> ids = new ArrayList<>();
		List<String> labels = new ArrayList<>();
		List<Boolean> armed = new ArrayList<>();
		List<Integer> generations = new ArrayList<>();
		for (Allocation allocation : allocations) {
			for (ThresholdState threshold : allocation.thresholds) {
				if (threshold.changed) {
					ids.add(allocation.id);
					labels.add(threshold.threshold.label());
					armed.add(threshold.armed);
					generations.add(threshold.generation);
				}
			}
		}
		if (!ids.isEmpty()) {
			this.jdbc.update("""
					update reseller_threshold t set armed = u.armed, generation = u.generation
					from unnest(?::bigint[], ?::text[], ?::boolean[], ?::int[]) as u(id, label, armed, generation)
					where t.allocation_id = u.id and t.label = u.label""", ids.toArray(Long[]::new),
					labels.toArray(String[]::new), armed.toArray(Boolean[]::new), generations.toArray(Integer[]::new));
		}
	}

	private Map<Long, Allocation> lock(Long[] ids) {
		Map<Long, Allocation> allocations = new TreeMap<>();
		// not FOR UPDATE: sales being recorded hold key-share locks on their allocation
		// (foreign key),
		// which a no-key lock leaves alone, so two batches never wait on each other in a
		// cycle
		this.jdbc.query("""
				select id, reseller_id, quantity, sold from reseller_allocation where id = any (?) order by id
				for no key update""", rs -> {
			allocations.put(rs.getLong(1), new Allocation(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4)));
		}, (Object) ids);
		Map<Long, List<ThresholdState>> thresholds = new HashMap<>();
		this.jdbc.query("""
				select allocation_id, label, percent, absolute, armed, generation from reseller_threshold
				where allocation_id = any (?)""", rs -> {
			thresholds.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
				.add(new ThresholdState(new Threshold(rs.getString(2), rs.getBigDecimal(3), (Integer) rs.getObject(4)),
						rs.getBoolean(5), rs.getInt(6)));
		}, (Object) ids);
		allocations.values().forEach(a -> a.thresholds = thresholds.getOrDefault(a.id, List.of()));
		return allocations;
	}

	private static final class Allocation {

		final long id;

		final long resellerId;

		int quantity;

		int sold;

		List<ThresholdState> thresholds = List.of();

		Allocation(long id, long resellerId, int quantity, int sold) {
			this.id = id;
			this.resellerId = resellerId;
			this.quantity = quantity;
			this.sold = sold;
		}

		int remaining() {
			return this.quantity - this.sold;
		}

	}

	private static final class ThresholdState {

		final Threshold threshold;

		boolean armed;

		int generation;

		boolean changed;

		ThresholdState(Threshold threshold, boolean armed, int generation) {
			this.threshold = threshold;
			this.armed = armed;
			this.generation = generation;
		}

	}

}

package com.venuehub.reseller;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.OrderStatus;
import com.venuehub.ingest.CanonicalEvent.TicketLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What reseller sales do to stock, inside unify's transaction: a paid ticket counts once against
 * its allocation, a cancelled one is given back. The changes of a whole unify batch are applied
 * together just before it commits, allocation rows locked in id order (no deadlock between
 * batches), each event's step evaluated in turn so thresholds fire exactly as sales came.
 */
@Component
public class StockLedger {

	private static final Logger log = LoggerFactory.getLogger(StockLedger.class);

	private final JdbcTemplate jdbc;

	private final Stock stock;

	public StockLedger(JdbcTemplate jdbc, Stock stock) {
		this.jdbc = jdbc;
		this.stock = stock;
	}

	/** Called by unify for every purchase; the caller holds the transaction and the tickets' locks. */
	public void purchaseApplied(CanonicalEvent event) {
		if (event.order() == null || event.order().resellerId() == null || event.tickets() == null
				|| event.order().status() == OrderStatus.PENDING) {
			return;
		}
		List<TicketLine> lines = event.tickets();
		String[] numbers = lines.stream().map(TicketLine::number).toArray(String[]::new);
		String[] products = lines.stream().map(TicketLine::productCode).toArray(String[]::new);
		Date[] dates = lines.stream().map(l -> l.validFrom() == null ? null : Date.valueOf(l.validFrom()))
			.toArray(Date[]::new);
		boolean cancelled = event.order().status() == OrderStatus.CANCELLED;
		Timestamp at = Timestamp.from(event.occurredAt().toInstant());
		// the allocation of the ticket's product on its date, else the product's undated allocation
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				insert into reseller_sale (ticket_number, reseller_id, allocation_id, product_code, event_date, sale_ref,
				                           source, sold_at, cancelled_at)
				select t.n, r.id,
				       (select a.id from reseller_allocation a where a.reseller_id = r.id and a.product_code = t.p
				        and (a.event_date = t.d or a.event_date is null) order by a.event_date nulls last limit 1),
				       t.p, t.d, ?, ?, ?, case when ? then ?::timestamptz end
				from reseller r, unnest(?::text[], ?::text[], ?::date[]) as t(n, p, d)
				where r.code = ?
				on conflict (ticket_number) do update set cancelled_at = excluded.cancelled_at
				where excluded.cancelled_at is not null and reseller_sale.cancelled_at is null
				returning allocation_id, (xmax = 0) as inserted""", event.order().ref(), event.source(), at,
				cancelled, at, numbers, products, dates, event.order().resellerId());
		if (rows.isEmpty() && !cancelled) {
			Integer known = this.jdbc.queryForObject("select count(*) from reseller where code = ?", Integer.class,
					event.order().resellerId());
			if (known == 0) {
				log.warn("Sale {} names reseller '{}', unknown: not counted against any allocation", event.id(),
						event.order().resellerId());
			}
		}
		Map<Long, Integer> step = new TreeMap<>();
		for (Map<String, Object> row : rows) {
			Number allocation = (Number) row.get("allocation_id");
			boolean inserted = Boolean.TRUE.equals(row.get("inserted"));
			if (allocation == null) {
				continue;
			}
			// a new paid ticket takes one; a known one cancelled gives it back; a cancellation seen
			// before its sale is kept so the late sale never counts
			int delta = cancelled ? (inserted ? 0 : -1) : (inserted ? 1 : 0);
			if (delta != 0) {
				step.merge(allocation.longValue(), delta, Integer::sum);
			}
		}
		if (!step.isEmpty()) {
			pending().add(event.order().ref(), step);
		}
	}

	/** The steps of the current transaction, applied once just before it commits. */
	private Pending pending() {
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			if (!TransactionSynchronizationManager.isSynchronizationActive()) {
				throw new IllegalStateException("reseller stock is changed inside unify's transaction only");
			}
			Pending created = new Pending();
			TransactionSynchronizationManager.bindResource(this, created);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void beforeCommit(boolean readOnly) {
					StockLedger.this.stock.apply(created.steps);
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(StockLedger.this);
				}

			});
			pending = created;
		}
		return pending;
	}

	/**
	 * Tickets sold (negative: given back) per allocation, one step per sale in the order sales were
	 * applied; the lines of one sale (one event each in a report) that follow each other make one step.
	 */
	private static final class Pending {

		private final Map<Long, List<Integer>> steps = new LinkedHashMap<>();

		private final Map<Long, String> lastSale = new HashMap<>();

		void add(String sale, Map<Long, Integer> step) {
			step.forEach((allocation, delta) -> {
				List<Integer> steps = this.steps.computeIfAbsent(allocation, a -> new ArrayList<>());
				if (sale != null && sale.equals(this.lastSale.get(allocation))
						&& Integer.signum(steps.get(steps.size() - 1)) == Integer.signum(delta)) {
					steps.set(steps.size() - 1, steps.get(steps.size() - 1) + delta);
				}
				else {
					steps.add(delta);
				}
				this.lastSale.put(allocation, sale);
			});
		}

	}

}

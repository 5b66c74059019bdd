package com.venuehub.reseller;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * What reseller sales do to stock, inside unify's transaction: a paid ticket counts once
 * against its allocation, a cancelled one is given back. The sales of a whole unify batch
 * are recorded together just before it commits (one statement for all of them), then
 * stock is applied with allocation rows locked in id order, each sale's step evaluated in
 * turn so thresholds fire as the sales came.
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

	/**
	 * Called by unify for every purchase; the caller holds the transaction and the
	 * tickets' locks.
	 */
	public void purchaseApplied(CanonicalEvent event) {
		if (event.order() == null || event.order().resellerId() == null || event.tickets() == null
				|| event.order().status() == OrderStatus.PENDING) {
			return;
		}
		Pending pending = pending();
		boolean cancelled = event.order().status() == OrderStatus.CANCELLED;
		Timestamp at = Timestamp.from(event.occurredAt().toInstant());
		for (TicketLine line : event.tickets()) {
			pending.lines.add(new Line(pending.lines.size(), line.number(), event.order().resellerId(),
					line.productCode(), line.validFrom() == null ? null : Date.valueOf(line.validFrom()),
					event.order().ref(), event.source(), at, cancelled));
		}
	}

	private void flush(List<Line> lines) {
		// a ticket sold and cancelled in the same batch: one statement per occurrence, in
		// order
		List<List<Line>> rounds = new ArrayList<>();
		Map<String, Integer> seen = new HashMap<>();
		for (Line line : lines) {
			int round = seen.merge(line.ticket(), 1, Integer::sum) - 1;
			if (round == rounds.size()) {
				rounds.add(new ArrayList<>());
			}
			rounds.get(round).add(line);
		}
		int[] deltas = new int[lines.size()];
		long[] allocations = new long[lines.size()];
		Set<String> unmatched = new HashSet<>();
		for (List<Line> round : rounds) {
			Map<String, Line> byTicket = new HashMap<>();
			round.forEach(line -> byTicket.put(line.ticket(), line));
			Set<String> answered = new HashSet<>();
			// the allocation of the ticket's product on its date, else the product's
			// undated allocation
			this.jdbc.query("""
					insert into reseller_sale (ticket_number, reseller_id, allocation_id, product_code, event_date,
					                           sale_ref, source, sold_at, cancelled_at)
					select t.n, r.id,
					       (select a.id from reseller_allocation a where a.reseller_id = r.id and a.product_code = t.p
					        and (a.event_date = t.d or a.event_date is null) order by a.event_date nulls last limit 1),
					       t.p, t.d, t.ref, t.src, t.at, case when t.c then t.at end
					from unnest(?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::timestamptz[],
					            ?::boolean[]) as t(n, code, p, d, ref, src, at, c)
					join reseller r on r.code = t.code
					on conflict (ticket_number) do update set cancelled_at = excluded.cancelled_at
					where excluded.cancelled_at is not null and reseller_sale.cancelled_at is null
					returning ticket_number, allocation_id, (xmax = 0) as inserted""", rs -> {
				Line line = byTicket.get(rs.getString(1));
				answered.add(line.ticket());
				long allocation = rs.getLong(2);
				if (rs.wasNull()) {
					return;
				}
				boolean inserted = rs.getBoolean(3);
				// a new paid ticket takes one; a known one cancelled gives it back; a
				// cancellation seen
				// before its sale is kept so the late sale never counts
				deltas[line.seq()] = line.cancelled() ? (inserted ? 0 : -1) : (inserted ? 1 : 0);
				allocations[line.seq()] = allocation;
			}, round.stream().map(Line::ticket).toArray(String[]::new),
					round.stream().map(Line::reseller).toArray(String[]::new),
					round.stream().map(Line::product).toArray(String[]::new),
					round.stream().map(Line::eventDate).toArray(Date[]::new),
					round.stream().map(Line::sale).toArray(String[]::new),
					round.stream().map(Line::source).toArray(String[]::new),
					round.stream().map(Line::at).toArray(Timestamp[]::new),
					round.stream().map(Line::cancelled).toArray(Boolean[]::new));
			round.stream()
				.filter(l -> !l.cancelled() && !answered.contains(l.ticket()))
				.forEach(l -> unmatched.add(l.reseller()));
		}
		if (!unmatched.isEmpty()) {
			unmatched.removeAll(this.jdbc.queryForList("select code from reseller where code = any (?)", String.class,
					(Object) unmatched.toArray(String[]::new)));
			unmatched.forEach(
					code -> log.warn("Sales name reseller '{}', unknown: not counted against any allocation", code));
		}
		// one step per sale, in the order sales were applied; the lines of one sale make
		// one step
		Map<Long, List<Integer>> steps = new TreeMap<>();
		Map<Long, String> lastSale = new HashMap<>();
		for (Line line : lines) {
			int delta = deltas[line.seq()];
			if (delta == 0) {
				continue;
			}
			long allocation = allocations[line.seq()];
			List<Integer> own = steps.computeIfAbsent(allocation, a -> new ArrayList<>());
			if (line.sale() != null && line.sale().equals(lastSale.get(allocation))
					&& Integer.signum(own.get(own.size() - 1)) == Integer.signum(delta)) {
				own.set(own.size() - 1, own.get(own.size() - 1) + delta);
			}
			else {
				own.add(delta);
			}
			lastSale.put(allocation, line.sale());
		}
		this.stock.apply(steps);
	}

	/** The sales of the current transaction, recorded once just before it commits. */
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
					StockLedger.this.flush(created.lines);
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

	private static final class Pending {

		private final List<Line> lines = new ArrayList<>();

	}

	/**
	 * One ticket of a reseller's sale or cancellation, numbered in the order it was
	 * applied.
	 */
	private record Line(int seq, String ticket, String reseller, String product, Date eventDate, String sale,
			String source, Timestamp at, boolean cancelled) {
	}

}

package com.venuehub.ticket;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

import com.venuehub.email.Confirmations;
import com.venuehub.ingest.CanonicalEvent.Kind;
import com.venuehub.ingest.CanonicalEvent.OrderStatus;
import com.venuehub.ingest.CanonicalEvent.Scan;
import com.venuehub.ingest.CanonicalEvent.TicketLine;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.platform.RecordRejectedException;
import com.venuehub.reseller.StockLedger;
import com.venuehub.unify.Capability;
import com.venuehub.unify.Fact;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What purchases and scans do to tickets: a paid order creates them, a cancellation
 * cancels them for good, a scan marks a ticket used, and a scan that came before its sale
 * is kept and applied when the sale arrives. A ticket belongs to the source that created
 * it, and to the reseller it was sold by: a purchase record of another owner (a reseller
 * row cancelling a box-office ticket, one reseller cancelling another's) changes nothing
 * and is quarantined with the reason. Called inside unify's transaction, with the ticket
 * numbers already locked.
 */
@Component
@Order(10)
public class TicketLedger implements Capability {

	private final JdbcTemplate jdbc;

	private final Confirmations confirmations;

	private final StockLedger resellerStock;

	public TicketLedger(JdbcTemplate jdbc, Confirmations confirmations, StockLedger resellerStock) {
		this.jdbc = jdbc;
		this.confirmations = confirmations;
		this.resellerStock = resellerStock;
	}

	@Override
	public void apply(List<Fact> facts) {
		List<Fact> purchases = new ArrayList<>();
		List<Fact> scans = new ArrayList<>();
		for (Fact fact : facts) {
			CanonicalEvent event = fact.event();
			if (event.kind() == Kind.PURCHASE && event.order().status() != OrderStatus.PENDING) {
				purchases.add(fact);
			}
			else if (event.kind() == Kind.SCAN) {
				scans.add(fact);
			}
		}
		if (purchases.isEmpty() && scans.isEmpty()) {
			return;
		}
		// the tickets known before this batch; a scan of a ticket sold earlier in the
		// batch finds it too, one sold later in the batch applies it as a pending scan
		Set<String> numbers = new HashSet<>();
		purchases.forEach(f -> f.event().tickets().forEach(line -> numbers.add(line.number())));
		scans.forEach(f -> numbers.add(f.event().scan().ticketNumber()));
		Set<String> known = new HashSet<>(
				this.jdbc.queryForList("select ticket_number from ticket where ticket_number = any (?)", String.class,
						(Object) numbers.toArray(String[]::new)));
		Map<String, Integer> soldAt = new HashMap<>();
		for (int i = 0; i < facts.size(); i++) {
			CanonicalEvent event = facts.get(i).event();
			if (event.kind() == Kind.PURCHASE && event.order().status() != OrderStatus.PENDING) {
				for (TicketLine line : event.tickets()) {
					soldAt.putIfAbsent(line.number(), i);
				}
			}
		}
		writeLines(purchases);
		List<Used> used = new ArrayList<>();
		if (!scans.isEmpty()) {
			writeScans(facts, scans, known, soldAt, used);
		}
		List<String> paid = new ArrayList<>();
		for (Fact purchase : purchases) {
			this.resellerStock.purchaseApplied(purchase.event());
			if (purchase.event().order().status() == OrderStatus.PAID) {
				purchase.event().tickets().forEach(line -> paid.add(line.number()));
			}
		}
		if (!paid.isEmpty()) {
			// scans that came before their sale
			this.jdbc.query("""
					update ticket_scan set pending = false
					where pending and ticket_number = any (?)
					returning ticket_number, scanned_at, result""", rs -> {
				if ("OK".equals(rs.getString(3))) {
					used.add(new Used(rs.getString(1), rs.getTimestamp(2)));
				}
			}, (Object) paid.toArray(String[]::new));
		}
		markUsed(used);
		// the confirmation emails are decided in this same transaction (outbox)
		this.confirmations.purchasesApplied(purchases);
	}

	/**
	 * Creates, completes or cancels the tickets of the purchases; a ticket sold and
	 * cancelled in the same batch is written once per occurrence, in order.
	 */
	private void writeLines(List<Fact> purchases) {
		List<List<Line>> rounds = new ArrayList<>();
		Map<String, Integer> seen = new HashMap<>();
		for (Fact purchase : purchases) {
			CanonicalEvent event = purchase.event();
			for (TicketLine line : event.tickets()) {
				int round = seen.merge(line.number(), 1, Integer::sum) - 1;
				if (round == rounds.size()) {
					rounds.add(new ArrayList<>());
				}
				rounds.get(round).add(new Line(line, event, purchase.customerId()));
			}
		}
		for (List<Line> round : rounds) {
			Set<String> written = new HashSet<>(this.jdbc.queryForList(
					"""
							insert into ticket (ticket_number, customer_id, source, sale_ref, venue, product_code, product_name,
							                    valid_from, valid_until, price, status, sold_at, cancelled_at, owner)
							select n, c, s, r, v, pc, pn, vf, vu, p, st, sa, case when st = 'CANCELLED' then now() end, o
							from unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
							            ?::date[], ?::date[], ?::numeric[], ?::text[], ?::timestamptz[], ?::text[])
							     as l(n, c, s, r, v, pc, pn, vf, vu, p, st, sa, o)
							on conflict (ticket_number) do update set
							    customer_id = coalesce(excluded.customer_id, ticket.customer_id),
							    venue = coalesce(excluded.venue, ticket.venue),
							    product_code = coalesce(excluded.product_code, ticket.product_code),
							    product_name = coalesce(excluded.product_name, ticket.product_name),
							    valid_from = coalesce(excluded.valid_from, ticket.valid_from),
							    valid_until = coalesce(excluded.valid_until, ticket.valid_until),
							    price = coalesce(excluded.price, ticket.price),
							    status = case when ticket.status = 'CANCELLED' or excluded.status = 'CANCELLED' then 'CANCELLED'
							                  else ticket.status end,
							    cancelled_at = case when excluded.status = 'CANCELLED' and ticket.cancelled_at is null then now()
							                        else ticket.cancelled_at end,
							    updated_at = now()
							where coalesce(ticket.owner, ticket.source) = excluded.owner
							returning ticket_number""",
					String.class, column(round, l -> l.line().number(), String[]::new),
					column(round, Line::customerId, Long[]::new), column(round, l -> l.event().source(), String[]::new),
					column(round, l -> l.event().order().ref(), String[]::new),
					column(round, l -> l.event().venue(), String[]::new),
					column(round, l -> l.line().productCode(), String[]::new),
					column(round, l -> l.line().productName(), String[]::new),
					column(round, l -> date(l.line().validFrom()), Date[]::new),
					column(round, l -> date(l.line().validUntil()), Date[]::new),
					column(round, l -> l.line().price(), BigDecimal[]::new),
					column(round, l -> status(l.event()), String[]::new),
					column(round, l -> Timestamp.from(l.event().occurredAt().toInstant()), Timestamp[]::new),
					column(round, l -> owner(l.event()), String[]::new)));
			for (Line line : round) {
				if (!written.contains(line.line().number())) {
					// unify's transaction rolls back: nothing of this record is applied
					String owner = owner(line.event());
					throw new RecordRejectedException("ticket " + line.line().number() + " belongs to "
							+ readable(this.jdbc.queryForObject(
									"select coalesce(owner, source) from ticket where ticket_number = ?", String.class,
									line.line().number()))
							+ ": a record of " + readable(owner) + " cannot "
							+ (line.event().order().status() == OrderStatus.CANCELLED ? "cancel" : "change") + " it");
				}
			}
		}
	}

	/**
	 * Records the scans; one of a ticket not sold yet is kept pending until its sale.
	 */
	private void writeScans(List<Fact> facts, List<Fact> scans, Set<String> known, Map<String, Integer> soldAt,
			List<Used> used) {
		Map<Fact, Integer> position = new IdentityHashMap<>();
		for (int i = 0; i < facts.size(); i++) {
			position.put(facts.get(i), i);
		}
		List<Boolean> pending = new ArrayList<>(scans.size());
		for (Fact fact : scans) {
			Scan scan = fact.event().scan();
			Integer sold = soldAt.get(scan.ticketNumber());
			boolean ticketKnown = known.contains(scan.ticketNumber()) || (sold != null && sold < position.get(fact));
			pending.add(!ticketKnown);
			if (ticketKnown && scan.accepted()) {
				used.add(new Used(scan.ticketNumber(), Timestamp.from(fact.event().occurredAt().toInstant())));
			}
		}
		this.jdbc.update("""
				insert into ticket_scan (scan_id, ticket_number, gate, scanned_at, result, pending)
				select * from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::boolean[])
				on conflict (scan_id) do nothing""", column(scans, f -> f.event().scan().scanId(), String[]::new),
				column(scans, f -> f.event().scan().ticketNumber(), String[]::new),
				column(scans, f -> f.event().scan().gate(), String[]::new),
				column(scans, f -> Timestamp.from(f.event().occurredAt().toInstant()), Timestamp[]::new),
				column(scans, f -> f.event().scan().accepted() ? "OK" : "REJECTED", String[]::new),
				pending.toArray(Boolean[]::new));
	}

	/** A ticket scanned in is used, from its first accepted scan. */
	private void markUsed(List<Used> used) {
		if (used.isEmpty()) {
			return;
		}
		Map<String, Timestamp> first = new HashMap<>();
		used.forEach(u -> first.merge(u.ticketNumber(), u.at(), (a, b) -> a.before(b) ? a : b));
		this.jdbc.update("""
				update ticket t set status = case when t.status = 'VALID' then 'USED' else t.status end,
				                    used_at = least(coalesce(t.used_at, u.at), u.at), updated_at = now()
				from unnest(?::text[], ?::timestamptz[]) as u(n, at) where t.ticket_number = u.n""",
				first.keySet().toArray(String[]::new), first.values().toArray(Timestamp[]::new));
	}

	@Override
	public Map<String, String> customerRows() {
		return Map.of("ticket", "ticket_number");
	}

	/**
	 * A sale taken back into a customer of its own: its tickets are that customer's, the
	 * buyer's.
	 */
	@Override
	public void detached(Map<String, Long> customers, Map<String, List<String>> tickets) {
		List<String> numbers = new ArrayList<>();
		List<Long> owners = new ArrayList<>();
		customers.forEach((event, customer) -> tickets.getOrDefault(event, List.of()).forEach(number -> {
			numbers.add(number);
			owners.add(customer);
		}));
		if (numbers.isEmpty()) {
			return;
		}
		this.jdbc.update("""
				update ticket t set customer_id = u.customer_id, updated_at = now()
				from unnest(?::text[], ?::bigint[]) as u(ticket_number, customer_id)
				where t.ticket_number = u.ticket_number""", numbers.toArray(String[]::new),
				owners.toArray(Long[]::new));
	}

	/** Tickets stay, with their anonymous holder: they are the venue's sales. */
	@Override
	public void erase(long survivor, Long[] customers, Map<String, Integer> summary) {
		summary.put("ticketsKept", this.jdbc.queryForObject("select count(*) from ticket where customer_id = any (?)",
				Integer.class, (Object) customers));
	}

	@Override
	public String exportName() {
		return "tickets";
	}

	/** The person's tickets, each with its scans. */
	@Override
	public List<TicketPart> export(long survivor, Long[] customers) {
		List<TicketPart> tickets = this.jdbc.query("""
				select ticket_number, source, sale_ref, venue, product_code, product_name, valid_from, valid_until,
				       price, status, sold_at, used_at, cancelled_at
				from ticket where customer_id = any (?) order by sold_at, ticket_number""",
				(rs, n) -> new TicketPart(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), localDate(rs.getDate(7)), localDate(rs.getDate(8)),
						rs.getBigDecimal(9), rs.getString(10), instant(rs.getTimestamp(11)),
						instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)), new ArrayList<>()),
				(Object) customers);
		Map<String, TicketPart> byNumber = new LinkedHashMap<>();
		tickets.forEach(t -> byNumber.put(t.number(), t));
		this.jdbc.query("""
				select ticket_number, gate, scanned_at, result from ticket_scan
				where ticket_number = any (?) order by scanned_at, scan_id""", rs -> {
			byNumber.get(rs.getString(1))
				.scans()
				.add(new ScanPart(rs.getString(2), instant(rs.getTimestamp(3)), rs.getString(4)));
		}, (Object) byNumber.keySet().toArray(String[]::new));
		return tickets;
	}

	private static LocalDate localDate(Date date) {
		return date == null ? null : date.toLocalDate();
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	public record TicketPart(String number, String source, String saleRef, String venue, String productCode,
			String productName, LocalDate validFrom, LocalDate validUntil, BigDecimal price, String status,
			Instant soldAt, Instant usedAt, Instant cancelledAt, List<ScanPart> scans) {
	}

	public record ScanPart(String gate, Instant scannedAt, String result) {
	}

	@Override
	public void merged(long survivorId, long mergedId) {
		this.jdbc.update("update ticket set customer_id = ?, updated_at = now() where customer_id = ?", survivorId,
				mergedId);
	}

	private static String status(CanonicalEvent event) {
		return event.order().status() == OrderStatus.CANCELLED ? "CANCELLED" : "VALID";
	}

	private static <T, V> V[] column(List<T> rows, Function<T, V> value, IntFunction<V[]> array) {
		V[] values = array.apply(rows.size());
		for (int i = 0; i < values.length; i++) {
			values[i] = value.apply(rows.get(i));
		}
		return values;
	}

	/** The source, and the reseller who sold it when the record names one. */
	static String owner(CanonicalEvent event) {
		String reseller = event.order() == null ? null : event.order().resellerId();
		return reseller == null ? event.source() : event.source() + ":" + reseller;
	}

	/** "box-office", "reseller TOURS-A", "online (reseller TOURS-A)". */
	private static String readable(String owner) {
		int colon = owner.indexOf(':');
		if (colon < 0) {
			return owner;
		}
		String source = owner.substring(0, colon);
		String reseller = owner.substring(colon + 1);
		return source.equals("reseller") ? "reseller " + reseller : source + " (reseller " + reseller + ")";
	}

	private static Date date(java.time.LocalDate date) {
		return date == null ? null : Date.valueOf(date);
	}

	private record Line(TicketLine line, CanonicalEvent event, Long customerId) {
	}

	private record Used(String ticketNumber, Timestamp at) {
	}

}

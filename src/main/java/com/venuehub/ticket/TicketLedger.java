package com.venuehub.ticket;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;

import com.venuehub.email.Confirmations;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.OrderStatus;
import com.venuehub.ingest.CanonicalEvent.Scan;
import com.venuehub.ingest.CanonicalEvent.TicketLine;
import com.venuehub.platform.RecordRejectedException;
import com.venuehub.reseller.StockLedger;

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
public class TicketLedger {

	private final JdbcTemplate jdbc;

	private final Confirmations confirmations;

	private final StockLedger resellerStock;

	public TicketLedger(JdbcTemplate jdbc, Confirmations confirmations, StockLedger resellerStock) {
		this.jdbc = jdbc;
		this.confirmations = confirmations;
		this.resellerStock = resellerStock;
	}

	public void applyPurchase(CanonicalEvent event, Long customerId) {
		OrderStatus status = event.order().status();
		if (status == OrderStatus.PENDING) {
			return;
		}
		Timestamp at = Timestamp.from(event.occurredAt().toInstant());
		String newStatus = status == OrderStatus.CANCELLED ? "CANCELLED" : "VALID";
		String owner = owner(event);
		for (TicketLine line : event.tickets()) {
			// a cancellation is final: a paid event arriving after it does not bring the
			// ticket back; a ticket of another owner is left as it is
			int written = this.jdbc.update(
					"""
							insert into ticket (ticket_number, customer_id, source, sale_ref, venue, product_code, product_name,
							                    valid_from, valid_until, price, status, sold_at, cancelled_at, owner)
							values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, case when ? = 'CANCELLED' then now() end, ?)
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
							where coalesce(ticket.owner, ticket.source) = excluded.owner""",
					line.number(), customerId, event.source(), event.order().ref(), event.venue(), line.productCode(),
					line.productName(), date(line.validFrom()), date(line.validUntil()), line.price(), newStatus, at,
					newStatus, owner);
			if (written == 0) {
				// unify's transaction rolls back: nothing of this record is applied
				throw new RecordRejectedException("ticket " + line.number() + " belongs to "
						+ readable(this.jdbc.queryForObject(
								"select coalesce(owner, source) from ticket where ticket_number = ?", String.class,
								line.number()))
						+ ": a record of " + readable(owner) + " cannot "
						+ (status == OrderStatus.CANCELLED ? "cancel" : "change") + " it");
			}
		}
		// a reseller's sale takes from its allocation, its cancellation gives back (same
		// transaction)
		this.resellerStock.purchaseApplied(event);
		if (status == OrderStatus.PAID) {
			applyPendingScans(event.tickets().stream().map(TicketLine::number).toList());
			// the confirmation email is decided in this same transaction (outbox)
			this.confirmations.purchaseApplied(event, customerId);
		}
	}

	public void applyScan(CanonicalEvent event) {
		Scan scan = event.scan();
		Timestamp at = Timestamp.from(event.occurredAt().toInstant());
		boolean ticketKnown = Boolean.TRUE.equals(this.jdbc.queryForObject(
				"select exists (select 1 from ticket where ticket_number = ?)", Boolean.class, scan.ticketNumber()));
		this.jdbc.update("""
				insert into ticket_scan (scan_id, ticket_number, gate, scanned_at, result, pending)
				values (?, ?, ?, ?, ?, ?) on conflict (scan_id) do nothing""", scan.scanId(), scan.ticketNumber(),
				scan.gate(), at, scan.accepted() ? "OK" : "REJECTED", !ticketKnown);
		if (ticketKnown && scan.accepted()) {
			markUsed(scan.ticketNumber(), at);
		}
	}

	private void applyPendingScans(List<String> ticketNumbers) {
		List<PendingScan> pending = this.jdbc.query("""
				update ticket_scan set pending = false
				where pending and ticket_number = any (?)
				returning ticket_number, scanned_at, result""",
				(rs, i) -> new PendingScan(rs.getString(1), rs.getTimestamp(2), "OK".equals(rs.getString(3))),
				(Object) ticketNumbers.toArray(String[]::new));
		for (PendingScan scan : pending) {
			if (scan.accepted()) {
				markUsed(scan.ticketNumber(), scan.at());
			}
		}
	}

	private void markUsed(String ticketNumber, Timestamp at) {
		this.jdbc.update("""
				update ticket set status = case when status = 'VALID' then 'USED' else status end,
				                  used_at = least(coalesce(used_at, ?), ?), updated_at = now()
				where ticket_number = ?""", at, at, ticketNumber);
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

	private record PendingScan(String ticketNumber, Timestamp at, boolean accepted) {
	}

}

package com.venuehub.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One record of any source, once mapped and normalized: what unify applies. Its id is
 * deterministic (source, kind and the source's natural key), so delivering it twice changes
 * nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanonicalEvent(String id, String source, Kind kind, OffsetDateTime occurredAt, String venue,
		Contact contact, Order order, List<TicketLine> tickets, Scan scan) {

	public enum Kind {

		/** A sale or an order: a buyer and the tickets bought, paid, pending or cancelled. */
		PURCHASE,

		/** A turnstile scan of one ticket. */
		SCAN

	}

	public enum OrderStatus {

		PAID, PENDING, CANCELLED

	}

	/** Who the record is about; identifiers are already normalized (email folded, phone E.164). */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Contact(String firstName, String lastName, String email, String phone, String postcode,
			LocalDate birthDate, String locale, String cardNumber, Boolean optinEmail, Boolean optinSms) {

		public boolean hasIdentifier() {
			return this.email != null || this.phone != null || this.cardNumber != null;
		}

	}

	public record Order(String ref, OrderStatus status) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record TicketLine(String number, String productCode, String productName, LocalDate validFrom,
			LocalDate validUntil, BigDecimal price) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Scan(String scanId, String ticketNumber, String gate, boolean accepted) {
	}

}

package com.venuehub.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One record of any source, once mapped and normalized: what unify applies. Its id is
 * deterministic (source, kind and the source's natural key), so delivering it twice
 * changes nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanonicalEvent(String id, String source, Kind kind, OffsetDateTime occurredAt, String venue,
		Contact contact, Order order, List<TicketLine> tickets, Scan scan, Loyalty loyalty, Feedback feedback) {

	public enum Kind {

		/**
		 * A sale or an order: a buyer and the tickets bought, paid, pending or cancelled.
		 */
		PURCHASE,

		/** A turnstile scan of one ticket. */
		SCAN,

		/**
		 * A loyalty card transaction: enrolment, points earned or redeemed, tier change.
		 */
		LOYALTY,

		/** An answer of a satisfaction kiosk. */
		FEEDBACK

	}

	public enum LoyaltyType {

		ENROLL, EARN, REDEEM, TIER

	}

	public enum OrderStatus {

		PAID, PENDING, CANCELLED

	}

	/**
	 * Who the record is about; identifiers are already normalized (email folded, phone
	 * E.164).
	 *
	 * @param streetNumber the number in the street, split from the street line when the
	 * source gives one line
	 * @param locality the town or city
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Contact(String firstName, String lastName, String email, String phone, String streetNumber,
			String street, String locality, String postcode, LocalDate birthDate, String locale, String cardNumber,
			Boolean optinEmail, Boolean optinSms) {

		public boolean hasIdentifier() {
			return this.email != null || this.phone != null || this.cardNumber != null;
		}

	}

	/**
	 * An order; {@code resellerId} is the code of the reseller who sold it from its
	 * allocation, if any.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Order(String ref, OrderStatus status, String resellerId) {

		public Order(String ref, OrderStatus status) {
			this(ref, status, null);
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record TicketLine(String number, String productCode, String productName, LocalDate validFrom,
			LocalDate validUntil, BigDecimal price) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Scan(String scanId, String ticketNumber, String gate, boolean accepted) {
	}

	/**
	 * A loyalty transaction of one card; points are a positive amount, their direction is
	 * the type.
	 *
	 * @param balance the balance the loyalty platform reported, kept for reference
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Loyalty(String txnId, String cardNumber, LoyaltyType type, Long points, Long balance, String tier) {
	}

	/**
	 * One kiosk answer: a score from 0 to 10, and the ticket it was given for when known.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Feedback(String responseId, String kioskId, int score, String comment, String ticketNumber) {
	}

}

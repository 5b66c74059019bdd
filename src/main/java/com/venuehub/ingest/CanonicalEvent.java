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
	 * E.164). An email, phone or optional card that cannot be used is not among them: it
	 * is in {@code unverified}, as typed, with the reason.
	 *
	 * @param streetNumber the number in the street, split from the street line when the
	 * source gives one line
	 * @param locality the town or city
	 * @param unverified the contact values the record carried that are invalid or
	 * placeholders: kept, never used to link or as a recipient
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Contact(String firstName, String lastName, String email, String phone, String streetNumber,
			String street, String locality, String postcode, LocalDate birthDate, String locale, String cardNumber,
			Boolean optinEmail, Boolean optinSms,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) List<Unverified> unverified) {

		public Contact {
			unverified = unverified == null ? List.of() : List.copyOf(unverified);
		}

		public boolean hasIdentifier() {
			return this.email != null || this.phone != null || this.cardNumber != null;
		}

		/**
		 * Whether the contact tells something about a person even without an identifier:
		 * a name, or a value they typed for themselves (a placeholder says nothing).
		 */
		public boolean describesPerson() {
			return this.firstName != null || this.lastName != null
					|| this.unverified.stream().anyMatch(u -> u.problem() == Unverified.Problem.INVALID);
		}

	}

	/**
	 * An email, phone or optional loyalty card a record carried that cannot be used.
	 *
	 * @param kind EMAIL, PHONE or CARD
	 * @param value as typed, stripped and cut to {@link #MAX_LENGTH} characters
	 * @param reason why it cannot be used, as a person reads it
	 */
	public record Unverified(String kind, String value, Problem problem, String reason) {

		public static final int MAX_LENGTH = 100;

		public enum Problem {

			/**
			 * Not a valid value of its kind: a typo, a truncated number, a malformed
			 * address.
			 */
			INVALID,

			/**
			 * A value typed when the visitor gave none (x@x.com, 0000000000) or the
			 * venue's own.
			 */
			PLACEHOLDER

		}

		public static Unverified of(String kind, String typed, Problem problem, String reason) {
			String value = typed.strip();
			return new Unverified(kind, value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value, problem,
					reason);
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

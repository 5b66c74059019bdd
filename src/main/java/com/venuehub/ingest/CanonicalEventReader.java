package com.venuehub.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.ingest.CanonicalEvent.Feedback;
import com.venuehub.ingest.CanonicalEvent.Kind;
import com.venuehub.ingest.CanonicalEvent.Loyalty;
import com.venuehub.ingest.CanonicalEvent.LoyaltyType;
import com.venuehub.ingest.CanonicalEvent.Order;
import com.venuehub.ingest.CanonicalEvent.OrderStatus;
import com.venuehub.ingest.CanonicalEvent.Scan;
import com.venuehub.ingest.CanonicalEvent.TicketLine;
import com.venuehub.ingest.CanonicalEvent.Unverified;
import com.venuehub.ingest.CanonicalEvent.Unverified.Problem;
import com.venuehub.ingest.Identifiers;
import com.venuehub.platform.RecordRejectedException;

import org.springframework.stereotype.Component;

/**
 * Turns what a mapping produced into a {@link CanonicalEvent}: checks what every event of
 * its kind needs, parses dates and amounts, and normalizes identifiers, with a reason a
 * person understands when something is wrong. A record that cannot be applied is
 * rejected; an optional contact value that cannot be used (an invalid phone or email, a
 * placeholder, a malformed card on a sale) is kept on the contact as unverified instead,
 * and an unusable birth date or locale is dropped.
 */
@Component
public class CanonicalEventReader {

	/** Runs of white space, read as one. */
	private static final Pattern SPACES = Pattern.compile("\\s+");

	/**
	 * A street line that starts with its number, with an optional bis/ter/quater or
	 * letter.
	 */
	private static final Pattern STREET_LINE = Pattern
		.compile("^(\\d+\\s*(?:bis|ter|quater|[a-zA-Z](?![a-zA-Z]))?)[\\s,]+(.+)$", Pattern.CASE_INSENSITIVE);

	/**
	 * The most a price can be: {@code ticket.price} is numeric(12,2). A larger one would
	 * be accepted here, then refused by the database when unify applies it.
	 */
	private static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");

	/**
	 * The most points one loyalty transaction may carry, far above any real one. A card's
	 * balance is the sum of its transactions in a bigint: one transaction of
	 * 9223372036854775807 would be applied, and every later one of that card refused by
	 * the database.
	 */
	private static final long MAX_POINTS = 1_000_000_000L;

	/**
	 * A locale that starts with a language code of ISO 639 (fr, en, deu), and then a
	 * region or more after a dash or an underscore.
	 */
	private static final Pattern LOCALE = Pattern.compile("([A-Za-z]{2,3})(?:[-_].*)?", Pattern.DOTALL);

	/**
	 * The earliest date a record may give: its time, a ticket's validity, a birth date. A
	 * venue re-importing its history goes back years, not centuries; a date before this
	 * one is a mistake at the source, and the database or its driver may refuse it (year
	 * -5000) when unify applies it.
	 */
	static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

	private final Identifiers identifiers;

	private final ZoneId venueZone;

	public CanonicalEventReader(Identifiers identifiers, IngestProperties properties) {
		this.identifiers = identifiers;
		this.venueZone = ZoneId.of(properties.venueZone());
	}

	public CanonicalEvent read(String source, JsonNode mapped) {
		if (mapped == null || !mapped.isObject()) {
			throw new RecordRejectedException("the mapping produced no event for this record");
		}
		Kind kind = kind(mapped);
		if (mapped.path("key").isContainerNode()) {
			throw new RecordRejectedException(
					"the record's natural key is an object or a list: it must be text or a " + "number");
		}
		String key = required(mapped, "key");
		OffsetDateTime occurredAt = dateTime(mapped, "occurredAt", true);
		String venue = text(mapped, "venue");
		String id = source + ":" + kind.name().toLowerCase(Locale.ROOT) + ":" + key;
		return switch (kind) {
			case PURCHASE -> purchase(id, source, occurredAt, venue, mapped);
			case SCAN -> scan(id, source, occurredAt, venue, mapped, key);
			case LOYALTY -> loyalty(id, source, occurredAt, venue, mapped, key);
			case FEEDBACK -> feedback(id, source, occurredAt, venue, mapped, key);
		};
	}

	private CanonicalEvent purchase(String id, String source, OffsetDateTime occurredAt, String venue,
			JsonNode mapped) {
		JsonNode orderNode = mapped.path("order");
		String ref = required(orderNode, "ref", "order.ref");
		String statusText = required(orderNode, "status", "order.status");
		OrderStatus status;
		try {
			status = OrderStatus.valueOf(statusText.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new RecordRejectedException(
					"order status '" + statusText + "' is not one of paid, pending, cancelled");
		}
		List<TicketLine> tickets = new ArrayList<>();
		JsonNode ticketNodes = mapped.path("tickets");
		if (!ticketNodes.isArray() || ticketNodes.isEmpty()) {
			throw new RecordRejectedException("the record has no ticket");
		}
		for (JsonNode t : ticketNodes) {
			String number = required(t, "number", "ticket number");
			LocalDate validFrom = date(t, "validFrom", "valid_from of ticket " + number);
			LocalDate validUntil = date(t, "validUntil", "valid_until of ticket " + number);
			if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
				throw new RecordRejectedException("ticket " + number + " is valid until " + validUntil
						+ ", before it is valid from " + validFrom);
			}
			tickets.add(new TicketLine(number, text(t, "productCode", "productCode of ticket " + number),
					text(t, "productName", "productName of ticket " + number), validFrom, validUntil,
					amount(t, "price", "price of ticket " + number)));
		}
		return new CanonicalEvent(id + ":" + status.name().toLowerCase(Locale.ROOT), source, Kind.PURCHASE, occurredAt,
				venue, contact(mapped.path("contact"), occurredAt),
				new Order(ref, status, text(orderNode, "resellerId", "order.resellerId")), List.copyOf(tickets), null,
				null, null);
	}

	private CanonicalEvent scan(String id, String source, OffsetDateTime occurredAt, String venue, JsonNode mapped,
			String key) {
		JsonNode scanNode = mapped.path("scan");
		String ticketNumber = required(scanNode, "ticketNumber", "scan.ticketNumber");
		String result = required(scanNode, "result", "scan.result").toUpperCase(Locale.ROOT);
		if (!result.equals("OK") && !result.equals("REJECTED")) {
			throw new RecordRejectedException("scan result '" + result + "' is not OK or REJECTED");
		}
		return new CanonicalEvent(id, source, Kind.SCAN, occurredAt, venue, null, null, null,
				new Scan(key, ticketNumber, text(scanNode, "gate", "scan.gate"), result.equals("OK")), null, null);
	}

	private CanonicalEvent loyalty(String id, String source, OffsetDateTime occurredAt, String venue, JsonNode mapped,
			String key) {
		JsonNode node = mapped.path("loyalty");
		String card = this.identifiers.card(required(node, "cardNumber", "card_number"));
		String typeText = required(node, "type", "type");
		LoyaltyType type;
		try {
			type = LoyaltyType.valueOf(typeText.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new RecordRejectedException(
					"loyalty type '" + typeText + "' is not one of ENROLL, EARN, REDEEM, TIER");
		}
		Long points = whole(node, "points", "points");
		if ((type == LoyaltyType.EARN || type == LoyaltyType.REDEEM) && (points == null || points <= 0)) {
			throw new RecordRejectedException(
					type + " needs points, a whole number above 0" + (points == null ? "" : " (got " + points + ")"));
		}
		if (points != null && points < 0) {
			throw new RecordRejectedException("points " + points + " is negative: the type says the direction");
		}
		if (points != null && points > MAX_POINTS) {
			throw new RecordRejectedException(
					"points " + points + " is more than 1000000000, the most one transaction may carry");
		}
		String tier = text(node, "tier");
		if (type == LoyaltyType.TIER && tier == null) {
			throw new RecordRejectedException("a TIER transaction needs the new tier");
		}
		Contact contact = null;
		if (type == LoyaltyType.ENROLL) {
			// the enrolment names the member; the card is one of their identifiers
			Contact member = contact(mapped.path("contact"), occurredAt);
			contact = member == null
					? new Contact(null, null, null, null, null, null, null, null, null, null, card, null, null, null)
					: new Contact(member.firstName(), member.lastName(), member.email(), member.phone(),
							member.streetNumber(), member.street(), member.locality(), member.postcode(),
							member.birthDate(), member.locale(), card, member.optinEmail(), member.optinSms(),
							member.unverified().stream().filter(u -> !u.kind().equals("CARD")).toList());
		}
		return new CanonicalEvent(id, source, Kind.LOYALTY, occurredAt, venue, contact, null, null, null,
				new Loyalty(key, card, type, points, whole(node, "balance", "balance"), tier), null);
	}

	private CanonicalEvent feedback(String id, String source, OffsetDateTime occurredAt, String venue, JsonNode mapped,
			String key) {
		if (venue == null) {
			throw new RecordRejectedException("venue is missing");
		}
		JsonNode node = mapped.path("feedback");
		String kioskId = required(node, "kioskId", "kiosk_id");
		Long score = whole(node, "score", "score");
		if (score == null) {
			throw new RecordRejectedException("score is missing");
		}
		if (score < 0 || score > 10) {
			throw new RecordRejectedException("score " + score + " is out of range: a score is from 0 to 10");
		}
		return new CanonicalEvent(id, source, Kind.FEEDBACK, occurredAt, venue,
				contact(mapped.path("contact"), occurredAt), null, null, null, null,
				new Feedback(key, kioskId, score.intValue(), text(node, "comment", "feedback.comment"),
						text(node, "ticketNumber", "feedback.ticketNumber")));
	}

	private static Long whole(JsonNode node, String field, String label) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
			return null;
		}
		if (value.isIntegralNumber() && value.canConvertToLong()) {
			return value.longValue();
		}
		if (value.isContainerNode()) {
			throw new RecordRejectedException(label + " is " + container(value) + ": it must be a whole number");
		}
		String text = value.asText().strip();
		try {
			return new BigDecimal(text).longValueExact();
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw new RecordRejectedException(label + " '" + text + "' is not a whole number");
		}
	}

	private Contact contact(JsonNode node, OffsetDateTime occurredAt) {
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		String streetNumber = optional(node, "streetNumber");
		String street = optional(node, "street");
		if (streetNumber == null && street != null) {
			// one street line ("12 bis rue de la Roquette"): the number is split from the
			// name
			Matcher line = STREET_LINE.matcher(street);
			if (line.matches()) {
				streetNumber = SPACES.matcher(line.group(1)).replaceAll(" ");
				street = line.group(2);
			}
		}
		// an email, phone or card that cannot be used never costs the record: it is kept
		// aside, unverified, with the reason
		Identifiers.Checked email = checked(node, "email", "EMAIL", "an email address", this.identifiers::checkEmail);
		Identifiers.Checked phone = checked(node, "phone", "PHONE", "a phone number", this.identifiers::checkPhone);
		Identifiers.Checked card = checked(node, "cardNumber", "CARD", "a card number", this.identifiers::checkCard);
		List<Unverified> unverified = Stream.of(email, phone, card)
			.map(Identifiers.Checked::unverified)
			.filter(Objects::nonNull)
			.toList();
		Contact contact = new Contact(optional(node, "firstName"), optional(node, "lastName"), email.usable(),
				phone.usable(), streetNumber, street, optional(node, "locality"), optional(node, "postcode"),
				birthDate(node, occurredAt.toLocalDate()), locale(optional(node, "locale")), card.usable(),
				flag(node, "optinEmail"), flag(node, "optinSms"), unverified);
		boolean empty = contact.firstName() == null && contact.lastName() == null && !contact.hasIdentifier()
				&& unverified.isEmpty();
		return empty ? null : contact;
	}

	/**
	 * An email, phone or card checked as {@link Identifiers} checks it; an object or a
	 * list there is kept unverified as typed, as any contact value that cannot be used:
	 * its JSON text would pass for one ({@code {"a": "b@c.de"}} for an address).
	 */
	private static Identifiers.Checked checked(JsonNode node, String field, String kind, String what,
			Function<String, Identifiers.Checked> check) {
		JsonNode value = node.get(field);
		if (value != null && value.isContainerNode()) {
			return Identifiers.Checked.invalid(Unverified.of(kind, value.toString(), Problem.INVALID,
					"not " + what + ": it is " + container(value)));
		}
		return check.apply(text(node, field));
	}

	/**
	 * An optional contact value (a name, an address line, a birth date, a locale): an
	 * object or a list there is no value, and never costs the record.
	 */
	private static String optional(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value != null && value.isContainerNode() ? null : text(node, field);
	}

	/**
	 * The language of a locale: "fr_FR", "fr-FR" and "fr" all mean French. A locale is
	 * optional: one that does not start with a language code ("-", "_", "français") is
	 * taken as absent, and never costs the record.
	 */
	private static String locale(String raw) {
		if (raw == null) {
			return null;
		}
		Matcher locale = LOCALE.matcher(raw);
		return locale.matches() ? locale.group(1).toLowerCase(Locale.ROOT) : null;
	}

	private static Kind kind(JsonNode mapped) {
		String kind = required(mapped, "kind");
		try {
			return Kind.valueOf(kind.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new RecordRejectedException("event kind '" + kind + "' is not purchase, scan, loyalty or feedback");
		}
	}

	private OffsetDateTime dateTime(JsonNode node, String field, boolean required) {
		String value = required ? required(node, field) : text(node, field);
		if (value == null) {
			return null;
		}
		// a local time is the venue's local time; the likely form is tried first (a
		// refused parse costs an exception)
		boolean withOffset = value.length() > 10 && (Character.toUpperCase(value.charAt(value.length() - 1)) == 'Z'
				|| value.indexOf('+', 10) > 0 || value.indexOf('-', 10) > 0);
		try {
			return withOffset ? OffsetDateTime.parse(value)
					: LocalDateTime.parse(value).atZone(this.venueZone).toOffsetDateTime();
		}
		catch (DateTimeParseException first) {
			try {
				return withOffset ? LocalDateTime.parse(value).atZone(this.venueZone).toOffsetDateTime()
						: OffsetDateTime.parse(value);
			}
			catch (DateTimeParseException ex) {
				throw new RecordRejectedException(field + " '" + value + "' is not a date and time");
			}
		}
	}

	private static LocalDate date(JsonNode node, String field, String label) {
		String value = text(node, field, label);
		if (value == null) {
			return null;
		}
		LocalDate date = parseDate(value);
		if (date == null) {
			throw new RecordRejectedException(label + " '" + value + "' is not a valid date");
		}
		if (date.isBefore(EARLIEST)) {
			throw new RecordRejectedException(
					label + " '" + value + "' is before " + EARLIEST + ", the earliest date a record may give");
		}
		return date;
	}

	/**
	 * A birth date is optional: one that is not a date (31/02/1990), before 1900 or after
	 * the record's day is dropped, and the record goes on without it. It is not kept
	 * unverified: the data-quality view has no count for it.
	 */
	private static LocalDate birthDate(JsonNode node, LocalDate recordDay) {
		String value = optional(node, "birthDate");
		LocalDate date = value == null ? null : parseDate(value);
		return date == null || date.isBefore(EARLIEST) || date.isAfter(recordDay) ? null : date;
	}

	/** A date, or the date of a date and time; null when it is neither. */
	private static LocalDate parseDate(String value) {
		try {
			return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static BigDecimal amount(JsonNode node, String field, String label) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isContainerNode()) {
			throw new RecordRejectedException(label + " is " + container(value) + ": it must be an amount");
		}
		BigDecimal amount;
		if (value.isNumber()) {
			// a JSON number beyond a double's range (1e400) is read as infinite
			if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
				throw new RecordRejectedException(label + " is more than 9999999999.99, the most a price can be");
			}
			amount = value.decimalValue();
		}
		else {
			try {
				amount = new BigDecimal(value.asText().strip());
			}
			catch (NumberFormatException ex) {
				throw new RecordRejectedException(label + " '" + value.asText() + "' is not an amount");
			}
		}
		String typed = value.isNumber() ? readable(amount) : value.asText();
		if (amount.signum() < 0) {
			throw new RecordRejectedException(label + " '" + typed + "' is negative: a price is 0 or more");
		}
		if (amount.compareTo(MAX_PRICE) > 0) {
			throw new RecordRejectedException(
					label + " '" + typed + "' is more than 9999999999.99, the most a price can be");
		}
		return amount;
	}

	/**
	 * A number as a person reads it (12345678901, where a double says 1.2345678901E10);
	 * in powers of ten beyond 20 digits.
	 */
	private static String readable(BigDecimal amount) {
		BigDecimal stripped = amount.stripTrailingZeros();
		return Math.abs(stripped.precision() - stripped.scale()) > 20 ? stripped.toString() : stripped.toPlainString();
	}

	private static Boolean flag(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
			return null;
		}
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		if (value.isContainerNode()) {
			throw new RecordRejectedException(field + " is " + container(value) + ": it must be yes or no");
		}
		return switch (value.asText().strip().toLowerCase(Locale.ROOT)) {
			case "1", "true", "yes", "y", "oui", "o" -> true;
			case "0", "false", "no", "n", "non" -> false;
			default -> throw new RecordRejectedException(field + " '" + value.asText() + "' is not yes or no");
		};
	}

	private static String required(JsonNode node, String field) {
		return required(node, field, field);
	}

	private static String required(JsonNode node, String field, String label) {
		String value = text(node, field, label);
		if (value == null) {
			throw new RecordRejectedException(label + " is missing");
		}
		return value;
	}

	static String text(JsonNode node, String field) {
		return text(node, field, field);
	}

	/**
	 * A value as text, a number or a flag as written. An object or a list refuses the
	 * record, naming the field: its JSON text would pass for the value (an object as a
	 * venue, as a ticket number).
	 */
	static String text(JsonNode node, String field, String label) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull() || value.isMissingNode()) {
			return null;
		}
		if (value.isContainerNode()) {
			throw new RecordRejectedException(label + " is " + container(value) + ": it must be text");
		}
		String text = value.asText().strip();
		return text.isEmpty() ? null : text;
	}

	private static String container(JsonNode value) {
		return value.isArray() ? "a list" : "an object";
	}

}

package com.venuehub.customer.population;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import com.venuehub.ingest.PersonNames;

/**
 * One record a source sends about a person, with the values as typed (noise included) and
 * the truth it stands for ({@code personId}, {@code householdId}). Neutral: the hub's
 * payloads are rendered from it ({@link SourcePayloads}), and a matcher can read it in
 * memory.
 *
 * @param source {@code box-office}, {@code online}, {@code loyalty}, {@code kiosk} or
 * {@code turnstile}
 * @param naturalKey the source's own key: sale id, order code, transaction id, response
 * id, scan id
 * @param eventId the id of the canonical event the hub makes of it
 * @param fullName the name on one line (an online order with only an attendee name),
 * instead of first and last name
 * @param phone as typed: spaced, international, a placeholder or invalid
 * @param streetLine number and street on one line, as typed
 * @param cardNumber the loyalty card, as typed
 * @param ticketNumber the ticket sold, scanned, or named by a kiosk answer
 * @param noise what was mistyped or left out: {@code typo:last},
 * {@code placeholder-email}, {@code invalid-phone}, {@code swapped-names}…
 */
public record GeneratedRecord(String source, String naturalKey, String eventId, int personId, int householdId,
		OffsetDateTime occurredAt, String firstName, String lastName, String fullName, String email, String phone,
		LocalDate birthDate, String streetLine, String postcode, String locality, String cardNumber,
		String ticketNumber, List<String> noise) {

	public static final String BOX_OFFICE = "box-office";

	public static final String ONLINE = "online";

	public static final String LOYALTY = "loyalty";

	public static final String KIOSK = "kiosk";

	public static final String TURNSTILE = "turnstile";

	/** Whether the record carries an email, a phone or a card, valid or not. */
	public boolean carriesContact() {
		return present(this.email) || present(this.phone) || present(this.cardNumber);
	}

	/**
	 * The first name as the hub reads it: a one-line name is split by the online
	 * mapping's {@code split-name}.
	 */
	public String readFirstName() {
		return this.fullName == null ? this.firstName : PersonNames.split(this.fullName).first();
	}

	/** The last name as the hub reads it. */
	public String readLastName() {
		return this.fullName == null ? this.lastName : PersonNames.split(this.fullName).last();
	}

	private static boolean present(String value) {
		return value != null && !value.isBlank();
	}

}

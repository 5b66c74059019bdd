package com.venuehub.customer.population;

import java.time.LocalDate;
import java.util.List;

/**
 * One generated person as they really are: the ground truth a record is compared with.
 *
 * @param householdId the people living at one address share it
 * @param gender {@code F} or {@code M}
 * @param child under 18 at the start of the period
 * @param firstName as the person writes it (possibly in another script)
 * @param latinFirstName the Latin spelling (the same for Latin names)
 * @param birthDate their real birth date, given or not
 * @param emails their own addresses, the one they give most first
 * @param phones their own phones (national format), the one they give most first
 * @param cardNumber their loyalty card, null when they are no member
 */
public record Person(int id, int householdId, char gender, boolean child, String firstName, String lastName,
		String latinFirstName, String latinLastName, LocalDate birthDate, List<String> emails, List<String> phones,
		String cardNumber) {

	/** First and last name, as written by the person. */
	public String fullName() {
		return this.firstName + " " + this.lastName;
	}

}

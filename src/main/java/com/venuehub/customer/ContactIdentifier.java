package com.venuehub.customer;

import java.util.ArrayList;
import java.util.List;

import com.venuehub.ingest.CanonicalEvent.Contact;

/**
 * An identifier a record carries (an email, a phone, a loyalty card), as unify reads it.
 *
 * @param kind EMAIL, PHONE or CARD
 * @param value normalized (email folded, phone E.164)
 */
record ContactIdentifier(String kind, String value) {

	/** {@code KIND:value}: its lock key, and its name in the maps of a batch. */
	String key() {
		return this.kind + ":" + this.value;
	}

	/** The identifiers of a contact, none for no contact. */
	static List<ContactIdentifier> of(Contact contact) {
		List<ContactIdentifier> identifiers = new ArrayList<>(3);
		if (contact != null) {
			if (contact.email() != null) {
				identifiers.add(new ContactIdentifier("EMAIL", contact.email()));
			}
			if (contact.phone() != null) {
				identifiers.add(new ContactIdentifier("PHONE", contact.phone()));
			}
			if (contact.cardNumber() != null) {
				identifiers.add(new ContactIdentifier("CARD", contact.cardNumber()));
			}
		}
		return identifiers;
	}

}

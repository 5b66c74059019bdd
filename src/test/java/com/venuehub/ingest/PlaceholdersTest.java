package com.venuehub.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What visitors type when they give no phone or email is told from a real value, whatever
 * the venue configured.
 */
class PlaceholdersTest {

	private final Identifiers identifiers = new Identifiers(new IdentityProperties("FR", "[A-Z0-9]{6,24}"));

	@ParameterizedTest
	@ValueSource(strings = { "06 00 00 00 00", "0606060606", "01 02 03 04 05", "0123456789", "+33 7 77 77 77 77",
			"0000000000" })
	void placeholderPhonesAreKeptUnverified(String phone) {
		Identifiers.Checked checked = this.identifiers.checkPhone(phone);
		assertThat(checked.unverified()).as(phone).isNotNull();
		assertThat(checked.usable()).as(phone).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "aucun@aucun.fr", "nomail@nomail.com", "a@a.fr", "x@x.com", "pasdemail@orange.fr",
			"INCONNU@gmail.com", "test@example.org" })
	void placeholderEmailsAreKeptUnverified(String email) {
		Identifiers.Checked checked = this.identifiers.checkEmail(email);
		assertThat(checked.unverified()).as(email).isNotNull();
		assertThat(checked.usable()).as(email).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "06 12 34 56 78", "06 22 32 22 23", "04 78 00 00 00", "06 11 22 33 44" })
	void realNumbersWithLittleVarietyAreNotPlaceholders(String phone) {
		assertThat(this.identifiers.checkPhone(phone).usable()).as(phone).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "marie.martin@gmail.com", "anne@example.fr", "orange@free.fr" })
	void realAddressesAreNotPlaceholders(String email) {
		assertThat(this.identifiers.checkEmail(email).usable()).as(email).isNotNull();
	}

}

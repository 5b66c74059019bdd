package com.venuehub.customer;

import java.util.Locale;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.venuehub.platform.RecordRejectedException;

import org.springframework.stereotype.Component;

/**
 * Normalizes emails, phones and loyalty card numbers the same way for every source, so that the
 * same person written differently gives the same identifier.
 */
@Component
public class Identifiers {

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}$");

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	private final String defaultRegion;

	private final Pattern cardPattern;

	public Identifiers(IdentityProperties properties) {
		this.defaultRegion = properties.defaultRegion().toUpperCase(Locale.ROOT);
		this.cardPattern = Pattern.compile(properties.cardPattern());
		if (!this.phones.getSupportedRegions().contains(this.defaultRegion)) {
			throw new IllegalStateException(
					"hub.identity.default-region '" + properties.defaultRegion() + "' is not a known region code");
		}
	}

	/** Trims and folds case; null for an empty value; rejects what cannot be an address. */
	public String email(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		String email = raw.strip().toLowerCase(Locale.ROOT);
		if (!EMAIL.matcher(email).matches()) {
			throw new RecordRejectedException("email '" + raw.strip() + "' is not a valid email address");
		}
		return email;
	}

	/** E.164 through libphonenumber; null for an empty value; rejects what is not a phone number. */
	public String phone(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		try {
			PhoneNumber number = this.phones.parse(raw.strip(), this.defaultRegion);
			if (!this.phones.isValidNumber(number)) {
				throw new RecordRejectedException("phone '" + raw.strip() + "' is not a valid phone number");
			}
			return this.phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
		}
		catch (NumberParseException ex) {
			throw new RecordRejectedException("phone '" + raw.strip() + "' is not a phone number", ex);
		}
	}

	/** Upper case without spaces or dashes; null for an empty value; rejects an unknown format. */
	public String card(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		String card = raw.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
		if (!this.cardPattern.matcher(card).matches()) {
			throw new RecordRejectedException(
					"loyalty card '" + raw.strip() + "' does not match the card format " + this.cardPattern.pattern());
		}
		return card;
	}

}

package com.venuehub.customer;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.venuehub.platform.RecordRejectedException;

import org.springframework.stereotype.Component;

/**
 * Normalizes emails, phones and loyalty card numbers the same way for every source, so
 * that the same person written differently gives the same identifier, and tells
 * placeholders (blocked values and patterns) that must never link two records.
 */
@Component
public class Identifiers {

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}$");

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	private final String defaultRegion;

	private final Pattern cardPattern;

	private final List<Pattern> blockedPatterns;

	private final Set<String> blockedValues = new HashSet<>();

	public Identifiers(IdentityProperties properties) {
		this.defaultRegion = properties.defaultRegion().toUpperCase(Locale.ROOT);
		this.cardPattern = Pattern.compile(properties.cardPattern());
		if (!this.phones.getSupportedRegions().contains(this.defaultRegion)) {
			throw new IllegalStateException(
					"hub.identity.default-region '" + properties.defaultRegion() + "' is not a known region code");
		}
		this.blockedPatterns = properties.blockedPatterns().stream().map(Pattern::compile).toList();
		for (String value : properties.blockedValues()) {
			// the venue's own phone or email, as typed: compared once normalized
			try {
				this.blockedValues.add(value.contains("@") ? email(value) : phone(value));
			}
			catch (RecordRejectedException ex) {
				throw new IllegalStateException("hub.identity.blocked-values: " + ex.getMessage(), ex);
			}
		}
	}

	/**
	 * Whether a normalized email or phone is a placeholder or the venue's own: kept,
	 * never used to link.
	 */
	public boolean blocked(String value) {
		if (value == null || this.blockedValues.contains(value)) {
			return value != null;
		}
		String digits = value.contains("@") ? null : value.replaceAll("\\D", "");
		for (Pattern pattern : this.blockedPatterns) {
			if (pattern.matcher(value).matches() || (digits != null && pattern.matcher(digits).matches())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Trims and folds case; null for an empty value; rejects what cannot be an address.
	 */
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

	/**
	 * E.164 through libphonenumber; null for an empty value; rejects what is not a phone
	 * number.
	 */
	public String phone(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		String digits = raw.replaceAll("\\D", "");
		if (!digits.isEmpty() && this.blockedPatterns.stream().anyMatch(p -> p.matcher(digits).matches())) {
			// a placeholder such as 0000000000 is not a phone, but it is what was typed:
			// kept as its digits
			return digits;
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

	/**
	 * Upper case without spaces or dashes; null for an empty value; rejects an unknown
	 * format.
	 */
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

package com.venuehub.platform;

/** Masks personal data before it reaches a log line. */
public final class Masking {

	private Masking() {
	}

	public static String email(String email) {
		if (email == null || email.isBlank()) {
			return "-";
		}
		int at = email.indexOf('@');
		if (at <= 0) {
			return "***";
		}
		String domain = email.substring(at + 1);
		int dot = domain.lastIndexOf('.');
		String tld = dot >= 0 ? domain.substring(dot) : "";
		return email.charAt(0) + "***@" + (domain.isEmpty() ? "" : domain.charAt(0) + "***") + tld;
	}

	public static String phone(String phone) {
		if (phone == null || phone.isBlank()) {
			return "-";
		}
		String digits = phone.strip();
		if (digits.length() <= 4) {
			return "***";
		}
		return digits.substring(0, 3) + "*".repeat(digits.length() - 5) + digits.substring(digits.length() - 2);
	}

	public static String name(String name) {
		if (name == null || name.isBlank()) {
			return "-";
		}
		return name.strip().charAt(0) + "***";
	}

	/** Masks an identifier of the given kind (EMAIL, PHONE, CARD). */
	public static String identifier(String kind, String value) {
		return switch (kind) {
			case "EMAIL" -> email(value);
			case "PHONE" -> phone(value);
			default -> value == null || value.length() <= 4 ? "***" : "***" + value.substring(value.length() - 4);
		};
	}

}

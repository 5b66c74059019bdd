package com.venuehub.sms;

/**
 * How many SMS segments a text costs: GSM-7 when every character is in the GSM 03.38
 * alphabet (160 characters in one segment, 153 per segment when split; characters of the
 * extension table count twice), otherwise UCS-2 (70, then 67 per segment, counted in
 * UTF-16 units).
 */
public final class SmsSegments {

	private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
			+ "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

	private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

	private SmsSegments() {
	}

	/**
	 * @param encoding {@code GSM-7} or {@code UCS-2}
	 * @param units septets (GSM-7) or UTF-16 units (UCS-2)
	 * @param segments segments billed
	 */
	public record Count(String encoding, int units, int segments) {
	}

	public static Count of(String text) {
		int septets = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (GSM_BASIC.indexOf(c) >= 0) {
				septets++;
			}
			else if (GSM_EXTENSION.indexOf(c) >= 0) {
				septets += 2;
			}
			else {
				int units = text.length();
				return new Count("UCS-2", units, units <= 70 ? 1 : (units + 66) / 67);
			}
		}
		return new Count("GSM-7", septets, septets <= 160 ? 1 : (septets + 152) / 153);
	}

}

package com.venuehub.ingest;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default placeholder patterns: what they block, and that they read a long digit
 * string a bounded number of times per character (counted, not timed), where the earlier
 * phone pattern tried it again from every position.
 */
class PlaceholderPatternTest {

	private final Identifiers identifiers = new Identifiers(new IdentityProperties("FR", "[A-Z0-9]{6,24}"));

	@Test
	void aPhoneOfOneRepeatedDigitIsAPlaceholderAndARealOneIsNot() {
		assertThat(List.of("0000000000", "00000000", "0666666666", "+33666666666", "+33000000000", "3300000000",
				"0011111111", "99999999", "+33600000000"))
			.allSatisfy(value -> assertThat(this.identifiers.blocked(value)).as(value).isTrue());
		assertThat(List.of("0612345678", "+33612345678", "0000000", "0666666665", "3333333"))
			.allSatisfy(value -> assertThat(this.identifiers.blocked(value)).as(value).isFalse());
		assertThat(this.identifiers.blocked("noemail@example.fr")).isTrue();
		assertThat(this.identifiers.blocked("jeanne@example.fr")).isFalse();
	}

	@Test
	void theDefaultPatternsReadALongDigitStringInLinearSteps() {
		int n = 20_000;
		for (String input : List.of("0".repeat(n) + "1", "+33" + "6".repeat(n) + "7",
				"0".repeat(n) + "5".repeat(n) + "4", "1".repeat(n))) {
			for (String pattern : IdentityProperties.DEFAULT_BLOCKED_PATTERNS) {
				CountingText text = new CountingText(input);
				Pattern.compile(pattern).matcher(text).matches();
				assertThat(text.reads).as("characters read by %s on %d characters", pattern, input.length())
					.isLessThan(10L * input.length());
			}
		}
	}

	/** Text that counts how often the regular expression engine reads a character. */
	private static final class CountingText implements CharSequence {

		private final String text;

		private long reads;

		CountingText(String text) {
			this.text = text;
		}

		@Override
		public char charAt(int index) {
			this.reads++;
			return this.text.charAt(index);
		}

		@Override
		public int length() {
			return this.text.length();
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return this.text.subSequence(start, end);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}

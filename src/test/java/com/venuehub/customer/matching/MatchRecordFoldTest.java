package com.venuehub.customer.matching;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** ASCII values fold without the remembered folding, to the same result. */
class MatchRecordFoldTest {

	private static final String CHARACTERS = "abcxyz0189 -'`.\t\n\u000b\f\r\u0001_@";

	@Test
	void asciiValuesFoldAsEveryOtherValue() {
		Random random = new Random(20261130);
		for (int n = 0; n < 20_000; n++) {
			StringBuilder value = new StringBuilder();
			int length = random.nextInt(12);
			for (int i = 0; i < length; i++) {
				value.append(CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
			}
			String s = value.toString();
			assertThat(MatchRecord.foldAscii(s)).as("'%s'", s).isEqualTo(MatchRecord.fold(s));
		}
		assertThat(MatchRecord.normalize("Jean-Pierre  O'Neil")).isEqualTo("jean pierre o neil");
		assertThat(MatchRecord.normalize(" -- ")).isNull();
	}

}

package com.venuehub.customer.matching;

import java.util.Map;

/**
 * The common Korean surnames as their bearers write them in Latin letters. The
 * transliteration of Hangul (the Revised Romanization) writes 김 "gim", 이 "i", 박 "bag", 최
 * "choe", where passports, cards and forms say Kim, Lee, Park, Choi: two records of one
 * person, one in each script, never agreed on the last name.
 */
final class KoreanSurnames {

	/** The usual spelling of each: the one most of its bearers use. */
	private static final Map<Character, String> SPELLING = Map.ofEntries(Map.entry('김', "kim"), Map.entry('이', "lee"),
			Map.entry('박', "park"), Map.entry('최', "choi"), Map.entry('정', "jung"), Map.entry('강', "kang"),
			Map.entry('조', "cho"), Map.entry('윤', "yoon"), Map.entry('장', "jang"), Map.entry('임', "lim"),
			Map.entry('한', "han"), Map.entry('오', "oh"), Map.entry('서', "seo"), Map.entry('신', "shin"),
			Map.entry('권', "kwon"), Map.entry('황', "hwang"), Map.entry('안', "ahn"), Map.entry('송', "song"),
			Map.entry('전', "jeon"), Map.entry('홍', "hong"), Map.entry('유', "yoo"), Map.entry('고', "ko"),
			Map.entry('문', "moon"), Map.entry('양', "yang"), Map.entry('손', "son"), Map.entry('배', "bae"),
			Map.entry('백', "baek"), Map.entry('허', "heo"), Map.entry('남', "nam"), Map.entry('노', "noh"),
			Map.entry('류', "ryu"), Map.entry('하', "ha"), Map.entry('곽', "kwak"), Map.entry('성', "sung"),
			Map.entry('차', "cha"), Map.entry('주', "joo"), Map.entry('우', "woo"), Map.entry('구', "koo"),
			Map.entry('민', "min"), Map.entry('진', "jin"), Map.entry('지', "ji"), Map.entry('엄', "eom"),
			Map.entry('채', "chae"), Map.entry('원', "won"), Map.entry('천', "cheon"), Map.entry('방', "bang"),
			Map.entry('공', "kong"), Map.entry('현', "hyun"), Map.entry('함', "ham"), Map.entry('변', "byun"),
			Map.entry('염', "yeom"), Map.entry('여', "yeo"), Map.entry('추', "choo"), Map.entry('도', "do"),
			Map.entry('석', "seok"), Map.entry('선', "sun"), Map.entry('설', "seol"), Map.entry('마', "ma"),
			Map.entry('길', "gil"), Map.entry('연', "yeon"), Map.entry('표', "pyo"), Map.entry('명', "myung"),
			Map.entry('기', "ki"), Map.entry('반', "ban"), Map.entry('왕', "wang"));

	private KoreanSurnames() {
	}

	/**
	 * The text with each word of one Hangul syllable that is a common surname written as
	 * its bearers write it (a given name is almost always two syllables: 지민 stays Hangul,
	 * to be transliterated "jimin").
	 */
	static String spelled(String text) {
		StringBuilder out = null;
		for (int i = 0; i < text.length(); i++) {
			String latin = SPELLING.get(text.charAt(i));
			if (latin != null && !hangulAt(text, i - 1) && !hangulAt(text, i + 1)) {
				if (out == null) {
					out = new StringBuilder(text.length() + 8).append(text, 0, i);
				}
				out.append(latin);
			}
			else if (out != null) {
				out.append(text.charAt(i));
			}
		}
		return out == null ? text : out.toString();
	}

	private static boolean hangulAt(String text, int i) {
		return i >= 0 && i < text.length()
				&& Character.UnicodeScript.of(text.charAt(i)) == Character.UnicodeScript.HANGUL;
	}

}

package com.venuehub.customer.matching;

/** One typo between two values: what a person's own records show now and then. */
final class Typos {

	private Typos() {
	}

	/**
	 * Whether one edit at most (a character added, left out or replaced, or two
	 * neighbouring characters swapped) turns one string into the other.
	 */
	static boolean withinOneEdit(String x, String y) {
		if (x.equals(y)) {
			return true;
		}
		int lx = x.length();
		int ly = y.length();
		if (Math.abs(lx - ly) > 1) {
			return false;
		}
		int i = 0;
		while (i < Math.min(lx, ly) && x.charAt(i) == y.charAt(i)) {
			i++;
		}
		if (lx == ly) {
			if (x.regionMatches(i + 1, y, i + 1, lx - i - 1)) {
				return true;
			}
			// two neighbouring characters swapped
			return i + 1 < lx && x.charAt(i) == y.charAt(i + 1) && x.charAt(i + 1) == y.charAt(i)
					&& x.regionMatches(i + 2, y, i + 2, lx - i - 2);
		}
		String longer = lx > ly ? x : y;
		String shorter = longer == x ? y : x;
		return longer.regionMatches(i + 1, shorter, i, shorter.length() - i);
	}

}

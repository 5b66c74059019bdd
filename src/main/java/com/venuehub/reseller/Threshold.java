package com.venuehub.reseller;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An alert threshold of an allocation: a percentage of its quantity ({@code 20%}) or a
 * number of tickets left ({@code 5}); {@code 0} is sold out.
 */
public record Threshold(String label, BigDecimal percent, Integer absolute) {

	public static Threshold parse(String text) {
		String value = text == null ? "" : text.strip();
		if (value.length() > 20) {
			throw new IllegalArgumentException("threshold '" + value.substring(0, 20)
					+ "…' is longer than 20 characters: a percentage (20%) or a number of tickets left (5)");
		}
		try {
			if (value.endsWith("%")) {
				BigDecimal percent = new BigDecimal(value.substring(0, value.length() - 1).strip());
				if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
					throw new IllegalArgumentException(
							"threshold '" + text + "' is not a percentage between 0 and 100");
				}
				// kept with 2 decimals; written out in full, 1E-999999999 would be a
				// billion digits long
				if (percent.stripTrailingZeros().scale() > 2) {
					throw new IllegalArgumentException(
							"threshold '" + text + "' has more than 2 decimals: at most 2 decimals are kept (12.25%)");
				}
				return new Threshold(percent.stripTrailingZeros().toPlainString() + "%", percent, null);
			}
			int absolute = Integer.parseInt(value);
			if (absolute < 0) {
				throw new IllegalArgumentException("threshold '" + text + "' is negative");
			}
			return new Threshold(absolute == 0 ? "sold out" : String.valueOf(absolute), null, absolute);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"threshold '" + text + "' is neither a percentage (20%) nor a number of tickets left (5)");
		}
	}

	/**
	 * The number of tickets left at which the threshold is reached, for an allocation of
	 * this quantity.
	 */
	public int level(int quantity) {
		if (this.absolute != null) {
			return this.absolute;
		}
		return this.percent.multiply(BigDecimal.valueOf(quantity))
			.divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR)
			.intValue();
	}

}

package com.venuehub.customer.matching;

import java.io.PrintStream;

/**
 * Whether predicted match probabilities are honest: scored pairs with their truth, in
 * bands of score; of the pairs scored about 0.9, about 90% should be one person.
 */
public final class Calibration {

	private static final double[] BANDS = { 0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99, 0.999, 1.0000001 };

	private final long[] pairs = new long[BANDS.length - 1];

	private final long[] matches = new long[BANDS.length - 1];

	private final double[] predicted = new double[BANDS.length - 1];

	public void add(double score, boolean match) {
		for (int i = 0; i < this.pairs.length; i++) {
			if (score < BANDS[i + 1]) {
				this.pairs[i]++;
				this.matches[i] += match ? 1 : 0;
				this.predicted[i] += score;
				return;
			}
		}
	}

	/** The table, one band a line, as Markdown. */
	public void print(PrintStream out, String title) {
		out.printf("%n%s%n%n", title);
		out.println("| score band | pairs | mean predicted | observed one person |");
		out.println("| --- | ---: | ---: | ---: |");
		for (int i = 0; i < this.pairs.length; i++) {
			if (this.pairs[i] == 0) {
				continue;
			}
			out.printf("| %.3f – %.3f | %d | %.3f | %.3f |%n", BANDS[i], Math.min(1, BANDS[i + 1]), this.pairs[i],
					this.predicted[i] / this.pairs[i], (double) this.matches[i] / this.pairs[i]);
		}
	}

}

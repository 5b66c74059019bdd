package com.venuehub.customer.matching;

import java.io.PrintStream;

/**
 * Whether predicted match probabilities are honest: scored pairs with their truth, in
 * bands of score; of the pairs scored about 0.9, about 90% should be one person. Each
 * pair is counted among all pairs and among those that are corroborated (what an
 * automatic merge needs beside its score) or not (at most proposed for review).
 */
public final class Calibration {

	private static final double[] BANDS = { 0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99, 0.999, 1.0000001 };

	private final Table all = new Table();

	private final Table corroborated = new Table();

	private final Table uncorroborated = new Table();

	public void add(MatchScore score, boolean match) {
		this.all.add(score.score(), match);
		(score.corroborated() ? this.corroborated : this.uncorroborated).add(score.score(), match);
	}

	/** The three tables, all pairs first, one band a line, as Markdown. */
	public void print(PrintStream out, String title) {
		this.all.print(out, title);
		this.corroborated.print(out,
				"Of which corroborated (beyond names and place, one member of a household): merged automatically "
						+ "from the merge threshold");
		this.uncorroborated.print(out, "Of which not corroborated: proposed for review at most");
	}

	private static final class Table {

		private final long[] pairs = new long[BANDS.length - 1];

		private final long[] matches = new long[BANDS.length - 1];

		private final double[] predicted = new double[BANDS.length - 1];

		void add(double score, boolean match) {
			for (int i = 0; i < this.pairs.length; i++) {
				if (score < BANDS[i + 1]) {
					this.pairs[i]++;
					this.matches[i] += match ? 1 : 0;
					this.predicted[i] += score;
					return;
				}
			}
		}

		void print(PrintStream out, String title) {
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
			out.printf("%ncalibration error of the pairs scored 0.01 or more: %.3f%n", error());
		}

		/**
		 * How far predicted is from observed, band by band, weighed by the band's pairs,
		 * over the pairs scored 0.01 or more: the pairs of strangers below outnumber the
		 * others a hundredfold and are right.
		 */
		double error() {
			long counted = 0;
			double error = 0;
			for (int i = 1; i < this.pairs.length; i++) {
				if (this.pairs[i] > 0) {
					counted += this.pairs[i];
					error += Math.abs(this.predicted[i] - this.matches[i]);
				}
			}
			return counted == 0 ? 0 : error / counted;
		}

	}

}

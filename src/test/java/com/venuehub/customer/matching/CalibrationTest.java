package com.venuehub.customer.matching;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrationTest {

	private static MatchScore scored(double score, boolean corroborated) {
		return new MatchScore(score, Map.of(), Map.of(), corroborated);
	}

	@Test
	void printsEachBandAndHowFarPredictedIsFromObservedAboveTheStrangers() {
		Calibration calibration = new Calibration();
		// four pairs scored 0.9, one of them one person: 0.9 predicted, 0.25 observed
		calibration.add(scored(0.9, false), true);
		calibration.add(scored(0.9, false), false);
		calibration.add(scored(0.9, false), false);
		calibration.add(scored(0.9, false), false);
		// four scored 0.998, all one person, corroborated
		for (int i = 0; i < 4; i++) {
			calibration.add(scored(0.998, true), true);
		}
		// strangers scored near 0, left out of the error
		for (int i = 0; i < 100; i++) {
			calibration.add(scored(0.0001, false), false);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		calibration.print(new PrintStream(out, true, StandardCharsets.UTF_8), "test");
		String printed = out.toString(StandardCharsets.UTF_8);
		assertThat(printed).contains("| 0.850 – 0.950 | 4 | 0.900 | 0.250 |")
			.contains("| 0.990 – 0.999 | 4 | 0.998 | 1.000 |");
		// all pairs: (4 × 0.65 + 4 × 0.002) / 8; corroborated: 0.002; the others: 0.65
		assertThat(printed.lines().filter(l -> l.startsWith("calibration error")).toList()).containsExactly(
				"calibration error of the pairs scored 0.01 or more: 0.326",
				"calibration error of the pairs scored 0.01 or more: 0.002",
				"calibration error of the pairs scored 0.01 or more: 0.650");
	}

}

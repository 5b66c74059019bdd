package com.venuehub.customer.population;

import java.util.List;

import com.venuehub.customer.matching.Calibration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whether the matcher's probabilities are honest on generated venue populations: of the
 * candidate pairs of named records it scores about 0.9, how many are one person. Run with
 * {@code ./mvnw -Pbenchmark verify -Dtest=PopulationCalibrationEvaluation -Dpopulation.people=50000}
 * and optionally {@code -Dpopulation.shape=default|heldout|both} (both).
 */
@Tag("benchmark")
class PopulationCalibrationEvaluation {

	@Test
	void calibrationOnGeneratedPopulations() {
		int people = Integer.getInteger("population.people", 50_000);
		String shapes = System.getProperty("population.shape", "both");
		for (String name : shapes.equals("both") ? List.of("default", "heldout") : List.of(shapes)) {
			PopulationShape shape = PopulationShape.named(name).withPeople(people);
			Population population = PopulationGenerator.generate(shape, "cal");
			List<GeneratedRecord> counted = population.records()
				.stream()
				.filter(GeneratedRecord::carriesContact)
				.toList();
			Calibration calibration = new Calibration();
			new InMemoryResolution<>(RecordMatcher.current(), 5, calibration).resolve(counted);
			calibration.print(System.out, String
				.format("Calibration on the '%s' population of %d people: candidate pairs of named records the family "
						+ "rule leaves to the score", shape.name(), people));
		}
	}

}

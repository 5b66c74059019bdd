package com.venuehub.benchmark;

import java.util.List;

import com.venuehub.customer.population.GeneratedRecord;
import com.venuehub.customer.population.InMemoryResolution;
import com.venuehub.customer.population.PairwiseFigures;
import com.venuehub.customer.population.Population;
import com.venuehub.customer.population.PopulationGenerator;
import com.venuehub.customer.population.PopulationShape;
import com.venuehub.customer.population.RecordMatcher;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The person matcher on generated venue populations, in memory, without the hub: pairwise
 * precision, recall and F1 of "same customer" against "same person" over the records
 * carrying a contact, false merges within households and between namesakes, and records
 * resolved per second. Run with
 * {@code ./mvnw -Pbenchmark verify -Dtest=PopulationMatcherEvaluation -Dpopulation.people=50000}
 * and optionally {@code -Dpopulation.shape=default|heldout|both} (both),
 * {@code -Dpopulation.examples=3} (false merges and misses printed per kind),
 * {@code -Dpopulation.maxBlockSize=…} (the matcher settings' default).
 */
@Tag("benchmark")
class PopulationMatcherEvaluation {

	@Test
	void matcherOnGeneratedPopulations() {
		main(new String[0]);
	}

	public static void main(String[] args) {
		int people = Integer.getInteger("population.people", 50_000);
		String shapes = System.getProperty("population.shape", "both");
		int examples = Integer.getInteger("population.examples", 3);
		int maxBlockSize = Integer.getInteger("population.maxBlockSize", RecordMatcher.current().maxBlockSize());
		for (String name : shapes.equals("both") ? List.of("default", "heldout") : List.of(shapes)) {
			evaluate(PopulationShape.named(name).withPeople(people), maxBlockSize, examples);
		}
	}

	static PairwiseFigures evaluate(PopulationShape shape, int maxBlockSize, int examples) {
		long start = System.nanoTime();
		Population population = PopulationGenerator.generate(shape, "mem");
		double generated = (System.nanoTime() - start) / 1e9;
		List<GeneratedRecord> counted = population.records().stream().filter(GeneratedRecord::carriesContact).toList();
		RecordMatcher<?> matcher = RecordMatcher.current(maxBlockSize);
		InMemoryResolution.Result result = new InMemoryResolution<>(matcher, 5).resolve(counted);
		PairwiseFigures figures = PairwiseFigures.of(population, counted, result::customerOf);
		System.out.printf("%n=== person matcher in memory, population '%s' ===%n", shape.name());
		System.out.print(population.summary());
		System.out.printf("  generated in %.1f s; matcher %s%n", generated, matcher.settings());
		System.out.printf(
				"  resolved %,d records in %.1f s: %,.0f records/s (%,d comparisons, %,d identifier links, "
						+ "%,d matcher merges)%n",
				counted.size(), result.seconds(), counted.size() / result.seconds(), result.comparisons(),
				result.identifierLinks(), result.matcherMerges());
		System.out.printf("  links between two people: %s%n", result.wrongLinks());
		System.out.print(figures.describe());
		if (examples > 0) {
			System.out.print(PairwiseFigures.examples(population, counted, result::customerOf, examples));
		}
		return figures;
	}

}

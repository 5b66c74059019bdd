package com.venuehub.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.venuehub.HubTestSupport;
import com.venuehub.customer.matching.FebrlEvaluation;
import com.venuehub.customer.population.GeneratedRecord;
import com.venuehub.customer.population.HubPopulationRun;
import com.venuehub.customer.population.InMemoryResolution;
import com.venuehub.customer.population.PairwiseFigures;
import com.venuehub.customer.population.Population;
import com.venuehub.customer.population.PopulationGenerator;
import com.venuehub.customer.population.PopulationShape;
import com.venuehub.customer.population.RecordMatcher;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/**
 * Identity resolution of the whole hub on a generated venue population: every record sent
 * through the real doors (ingest endpoints, box-office inbox), then pairwise precision,
 * recall and F1 of "same live customer" against "same person" over the records carrying a
 * contact, false merges within households and between namesakes, records lost or
 * quarantined, and records per second from the first sent to the last settled. Beside it,
 * the same figures for the person matcher in memory on the same population, and the FEBRL
 * figures when {@code febrl.dir} names their folder. Run with
 * {@code ./mvnw -Pbenchmark verify -Dtest=PopulationEvaluation -Dpopulation.people=50000}
 * and optionally {@code -Dpopulation.shape=heldout},
 * {@code -Dfebrl.dir=../shared/data/febrl}, {@code -Dpopulation.inMemory=false},
 * {@code -Dpopulation.examples=3}.
 */
@Tag("benchmark")
@TestPropertySource(properties = {
		// the schedulers at the default run's pace, confirmations kept in the sandbox, as
		// the ingest benchmark runs
		"hub.email.reminders.period-ms=60000", "hub.email.dispatch.period-ms=1000", "hub.email.confirmation-delay=10s",
		"hub.sms.dispatch.period-ms=1000", "hub.sms.dispatch.scheduler-period-ms=10000",
		"hub.resellers.digest.period-ms=60000", "hub.resellers.webhook.period-ms=1000", "hub.email.transport=sandbox" })
class PopulationEvaluation extends HubTestSupport {

	@Value("${hub.ingest.inbox}")
	String inbox;

	@Autowired
	MeterRegistry meters;

	@Test
	void identityResolutionOfTheHubOnAGeneratedPopulation() throws Exception {
		int people = Integer.getInteger("population.people", 50_000);
		PopulationShape shape = PopulationShape.named(System.getProperty("population.shape", "default"))
			.withPeople(people);
		int examples = Integer.getInteger("population.examples", 3);
		Population population = PopulationGenerator.generate(shape, "e" + unique());
		List<GeneratedRecord> counted = population.records().stream().filter(GeneratedRecord::carriesContact).toList();
		System.out.printf("%n=== identity resolution of the hub, population '%s' ===%n%s", shape.name(),
				population.summary());

		HubPopulationRun run = new HubPopulationRun("http://localhost:" + this.port, Path.of(this.inbox), this.jdbc);
		double deadlocks = this.meters.counter("hub.unify.deadlocks").count();
		double postponed = this.meters.counter("hub.unify.merges.postponed").count();
		double waiting = this.meters.counter("hub.unify.batches.waiting").count();
		double swept = this.meters.counter("hub.unify.merges.resumed").count();
		run.send(population, Integer.getInteger("population.batch", 500), Integer.getInteger("population.clients", 2));
		HubPopulationRun.Outcome outcome = run.await(population, Duration.ofHours(2), Duration.ofMinutes(2));
		PairwiseFigures hub = PairwiseFigures.of(population, counted, outcome::customerOf);

		System.out.printf("%n--- the hub, end to end ---%n");
		System.out.printf("  records                : %,d sent, settled in %.1f s: %,.0f records/s%n",
				population.records().size(), outcome.seconds(), population.records().size() / outcome.seconds());
		System.out.printf("  merges by rule         : %s; joining customers of different people: %s%n",
				outcome.merges(), outcome.wrongMerges());
		System.out.print(hub.describe());
		System.out.print(PairwiseFigures
			.describeClasses(PairwiseFigures.householdFalseMergeClasses(population, counted, outcome::customerOf)));
		System.out.printf("  records lost           : %,d%n", outcome.lost().size());
		System.out.printf("  quarantined            : %,d applicable records %s%n", outcome.quarantined().size(),
				outcome.reasons());
		System.out.printf(
				"  batches side by side   : %.0f deadlocks, %.0f merges made after their batch (%.0f of them by "
						+ "the sweep), %.0f batches applied waiting%n",
				this.meters.counter("hub.unify.deadlocks").count() - deadlocks,
				this.meters.counter("hub.unify.merges.postponed").count() - postponed,
				this.meters.counter("hub.unify.merges.resumed").count() - swept,
				this.meters.counter("hub.unify.batches.waiting").count() - waiting);
		if (examples > 0) {
			System.out.print(PairwiseFigures.examples(population, counted, outcome::customerOf, examples));
		}

		PairwiseFigures memory = null;
		if (Boolean.parseBoolean(System.getProperty("population.inMemory", "true"))) {
			InMemoryResolution.Result result = new InMemoryResolution<>(RecordMatcher.current(), 5).resolve(counted);
			memory = PairwiseFigures.of(population, counted, result::customerOf);
			System.out.printf("%n--- the person matcher in memory, same population ---%n");
			System.out.printf("  resolved %,d records in %.1f s: %,.0f records/s; links between two people: %s%n",
					counted.size(), result.seconds(), counted.size() / result.seconds(), result.wrongLinks());
			System.out.print(memory.describe());
			System.out.print(PairwiseFigures
				.describeClasses(PairwiseFigures.householdFalseMergeClasses(population, counted, result::customerOf)));
			if (examples > 0) {
				System.out.printf("%n--- the hub end to end beside the matcher in memory ---%n");
				System.out.print(PairwiseFigures.mergedOnlyBy(population, counted, outcome::customerOf,
						result::customerOf, examples));
			}
		}

		List<FebrlEvaluation.Figures> febrl = List.of();
		String febrlDir = System.getProperty("febrl.dir");
		if (febrlDir != null && !febrlDir.isBlank()) {
			febrl = FebrlEvaluation.evaluate(Path.of(febrlDir),
					List.of("dataset1", "dataset2", "dataset3", "dataset4"));
		}

		System.out.printf("%n--- side by side ---%n");
		System.out.printf("  %-34s %9s %9s %9s %9s %11s%n", "", "precision", "recall", "F1", "records", "records/s");
		System.out.printf("  %-34s %9.4f %9.4f %9.4f %,9d %,11.0f%n", "hub end to end (" + shape.name() + ")",
				hub.precision(), hub.recall(), hub.f1(), population.records().size(),
				population.records().size() / outcome.seconds());
		if (memory != null) {
			System.out.printf("  %-34s %9.4f %9.4f %9.4f %,9d %11s%n", "matcher in memory (" + shape.name() + ")",
					memory.precision(), memory.recall(), memory.f1(), counted.size(), "");
		}
		for (FebrlEvaluation.Figures f : febrl) {
			System.out.printf("  %-34s %9.4f %9.4f %9.4f %,9d %,11.0f%n",
					"FEBRL " + f.dataset() + " (" + f.role() + ")", f.precision(), f.recall(), f.f1(), f.records(),
					f.recordsPerSecond());
		}
		System.out.printf("  recall on linkable     : %.4f (in memory: %s)%n", hub.linkableRecall(),
				memory == null ? "-" : String.format("%.4f", memory.linkableRecall()));
		System.out.printf("  namesake false merges  : %,d pairs of people (in memory: %s)%n", hub.namesakeFalseMerges(),
				memory == null ? "-" : String.format("%,d", memory.namesakeFalseMerges()));
		System.out.printf("  household false merges : %,d pairs of people in %,d households (in memory: %s)%n",
				hub.householdFalseMerges(), hub.householdsMerged(),
				memory == null ? "-" : String.format("%,d", memory.householdFalseMerges()));
		System.out.printf("  records lost           : %,d; applicable records quarantined: %,d%n",
				outcome.lost().size(), outcome.quarantined().size());
	}

}

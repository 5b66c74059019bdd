package com.venuehub.customer.population;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.venuehub.HubTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Identity resolution end to end on a generated venue population of 1,500 people (about
 * 4,500 records with namesakes, households sharing phones and emails, typos, placeholders
 * and invalid phones): fed through the real doors, each person is one customer and each
 * household stays apart, and no record is lost, none quarantined for a bad optional
 * field.
 */
class PopulationIdentityTest extends HubTestSupport {

	@Value("${hub.ingest.inbox}")
	String inbox;

	@Autowired
	MeterRegistry meters;

	@Test
	void aGeneratedVenuePopulationGivesOneCustomerPerPersonAndLosesNoRecord() {
		Population population = PopulationGenerator.generate(PopulationShape.defaults().withPeople(1_500),
				"p" + unique());
		HubPopulationRun run = new HubPopulationRun("http://localhost:" + this.port, Path.of(this.inbox), this.jdbc);
		double deadlocks = this.meters.counter("hub.unify.deadlocks").count();
		double oneByOne = this.meters.counter("hub.unify.batches.one-by-one").count();

		run.send(population, 250, 2);
		HubPopulationRun.Outcome outcome = run.await(population, Duration.ofMinutes(3), Duration.ofSeconds(30));

		List<GeneratedRecord> counted = population.records().stream().filter(GeneratedRecord::carriesContact).toList();
		PairwiseFigures figures = PairwiseFigures.of(population, counted, outcome::customerOf);
		System.out.printf("%n=== identity resolution end to end ===%n%s", population.summary());
		System.out.printf("  settled in %.1f s (%,.0f records/s)%n", outcome.seconds(),
				population.records().size() / outcome.seconds());
		System.out.printf("  merges by rule: %s; of which joined different people: %s%n", outcome.merges(),
				outcome.wrongMerges());
		System.out.print(figures.describe());
		System.out.printf("  records lost           : %,d%n  quarantined            : %,d %s%n", outcome.lost().size(),
				outcome.quarantined().size(), outcome.reasons());
		System.out.print(PairwiseFigures.examples(population, counted, outcome::customerOf, 2));

		// nothing lost, no namesakes merged; precision and recall held at least where
		// they are (the aims, 0.99 and 0.97 with no household merged, are not reached:
		// see docs/identity-evaluation.md for what stands in the way). The population
		// has namesakes of one town with other birth dates, on streets of one name with
		// another way type, and neighbours of one first name: a matcher that merges
		// them shows namesakes in one customer.
		SoftAssertions aims = new SoftAssertions();
		aims.assertThat(outcome.lost()).as("records neither applied nor quarantined").isEmpty();
		aims.assertThat(outcome.quarantined()).as("applicable records quarantined").isEmpty();
		// households sharing emails and phones arrive in batches of both consumers at
		// once:
		// the batches never wait on each other in a cycle
		aims.assertThat(this.meters.counter("hub.unify.deadlocks").count() - deadlocks)
			.as("unify batches rolled back to end a deadlock")
			.isZero();
		// no batch refused as a whole: nothing in the population is bad data, so a
		// batch applied one event at a time would be the batch path failing
		aims.assertThat(this.meters.counter("hub.unify.batches.one-by-one").count() - oneByOne)
			.as("unify batches refused as a whole, then applied one event at a time")
			.isZero();
		aims.assertThat(figures.namesakeFalseMerges()).as("pairs of namesakes in one customer").isZero();
		aims.assertThat(figures.precision()).as("pairwise precision").isGreaterThanOrEqualTo(0.970);
		aims.assertThat(figures.recall()).as("pairwise recall").isGreaterThanOrEqualTo(0.788);
		aims.assertThat(figures.linkableRecall()).as("recall on linkable pairs").isGreaterThanOrEqualTo(0.922);
		aims.assertThat(figures.householdFalseMerges())
			.as("pairs of one household in one customer")
			.isLessThanOrEqualTo(36);
		aims.assertAll();
	}

}

package com.venuehub.customer.population;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.venuehub.HubTestSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

/**
 * Identity resolution end to end on a generated venue population of 1,500 people (about
 * 4,500 records with namesakes, households sharing phones and emails, typos, placeholders
 * and invalid phones): fed through the real doors, each person is one customer and each
 * household stays apart, and no record is lost, none quarantined for a bad optional
 * field.
 */
@Disabled("""
		Its aims are not met yet: the person matcher merges household members and people whose emails are built \
		alike (pairwise precision about 0.5, recall 0.87), unblocked placeholders such as a@a.fr join strangers into one \
		customer, and a record with an invalid phone or email is quarantined instead of kept with the field flagged. \
		Enable it once frequency-aware matching and the handling of bad contact fields are in; run it meanwhile \
		with -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition""")
class PopulationIdentityTest extends HubTestSupport {

	@Value("${hub.ingest.inbox}")
	String inbox;

	@Test
	void aGeneratedVenuePopulationGivesOneCustomerPerPersonAndLosesNoRecord() {
		Population population = PopulationGenerator.generate(PopulationShape.defaults().withPeople(1_500),
				"p" + unique());
		HubPopulationRun run = new HubPopulationRun("http://localhost:" + this.port, Path.of(this.inbox), this.jdbc);

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

		SoftAssertions aims = new SoftAssertions();
		aims.assertThat(figures.precision()).as("pairwise precision").isGreaterThanOrEqualTo(0.99);
		aims.assertThat(figures.recall()).as("pairwise recall").isGreaterThanOrEqualTo(0.97);
		aims.assertThat(figures.householdFalseMerges()).as("pairs of one household in one customer").isZero();
		aims.assertThat(outcome.lost()).as("records neither applied nor quarantined").isEmpty();
		aims.assertThat(outcome.quarantined()).as("applicable records quarantined").isEmpty();
		aims.assertAll();
	}

}

package com.venuehub.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.venuehub.HubTestSupport;
import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.TermFrequencies;
import com.venuehub.customer.matching.TermFrequencies.Field;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counts of names and places unify weighs with, read from the store and remembered
 * while the store grows.
 */
class StoreFrequenciesTest extends HubTestSupport {

	@Test
	void aNameManyBearKeepsItsShareWhileTheStoreGrowsAndARareOneIsCountedAgain() {
		String w = NameBearers.word(unique()).toLowerCase(Locale.ROOT);
		String common = "commun" + w;
		String rare = "rare" + w;
		StoreFrequencies frequencies = new StoreFrequencies(this.jdbc);
		List<Long> added = new ArrayList<>();
		try {
			added.addAll(bearers(common, 150));
			added.addAll(bearers(rare, 1));
			List<MatchRecord> records = List.of(MatchRecord.of("Anne", common, null, null, null, null, null, null),
					MatchRecord.of("Anne", rare, null, null, null, null, null, null));
			TermFrequencies before = frequencies.of(records);
			long people = before.counted();
			assertThat(before.count(Field.LAST_NAME, common)).isEqualTo(150);
			assertThat(before.count(Field.LAST_NAME, rare)).isOne();

			// the store grows by a fifth (an import), with one more bearer of each name
			added.addAll(others(people / 5 + 1));
			added.addAll(bearers(common, 1));
			added.addAll(bearers(rare, 1));
			frequencies.countPopulationNow();
			TermFrequencies grown = frequencies.of(records);
			long fifth = grown.counted();
			assertThat(fifth).isGreaterThan(people + people / 10);
			// the common name keeps its share, in the grown store: not counted again
			assertThat(grown.count(Field.LAST_NAME, common)).isEqualTo(Math.round(150.0 * fifth / people))
				.isNotEqualTo(151);
			// the rare one is remembered too, for two minutes at most
			assertThat(grown.count(Field.LAST_NAME, rare)).isOne();

			// the store doubles: the rare name's count says too little of it, counted
			// again
			added.addAll(others(people + 1));
			frequencies.countPopulationNow();
			TermFrequencies doubled = frequencies.of(records);
			assertThat(doubled.counted()).isGreaterThan(2 * people);
			assertThat(doubled.count(Field.LAST_NAME, rare)).isEqualTo(2);
			assertThat(doubled.count(Field.LAST_NAME, common))
				.isEqualTo(Math.round(150.0 * doubled.counted() / people));

			// counted again on demand
			frequencies.readAgainNow();
			assertThat(frequencies.of(records).count(Field.LAST_NAME, common)).isEqualTo(151);
		}
		finally {
			// the other tests weigh names in a store of the size it was
			this.jdbc.update("delete from customer_match_key where customer_id = any (?)",
					(Object) added.toArray(Long[]::new));
			this.jdbc.update("delete from customer where id = any (?)", (Object) added.toArray(Long[]::new));
		}
	}

	/** Customers of other names. */
	private List<Long> others(long count) {
		return this.jdbc.queryForList("""
				insert into customer (first_name, last_name)
				select 'Autre', 'Client' || g from generate_series(1, ?) g returning id""", Long.class, count);
	}

	/** Customers of other first names bearing this last name, counted under it. */
	private List<Long> bearers(String lastName, int count) {
		List<Long> ids = this.jdbc.queryForList("""
				insert into customer (first_name, last_name)
				select 'Porteur' || g, ? from generate_series(1, ?) g returning id""", Long.class, lastName, count);
		ids.forEach(id -> this.jdbc.update("insert into customer_match_key (customer_id, key) values (?, ?)", id,
				"tf|ln|" + lastName));
		return ids;
	}

}

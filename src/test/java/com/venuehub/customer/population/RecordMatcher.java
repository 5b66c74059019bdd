package com.venuehub.customer.population;

import java.util.Set;

import com.venuehub.customer.matching.BlockingKeys;
import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.MatchSettings;
import com.venuehub.customer.matching.PersonMatcher;

/**
 * What {@link InMemoryResolution} needs of a person matcher. {@link #current()} is the
 * hub's: the one place that calls the matcher's API, to adapt when that API changes.
 *
 * @param <M> what the matcher compares of a record
 */
public interface RecordMatcher<M> {

	/**
	 * What the matcher compares of a record.
	 * @param email the record's email once normalized, null when it has none that links
	 * (invalid, a placeholder)
	 */
	M read(GeneratedRecord record, String email);

	/** Records sharing no key are never compared. */
	Set<String> blockingKeys(M record);

	/** Two people for sure (the family rule): never linked, not even by an identifier. */
	boolean contradicts(M a, M b);

	/** One person: to merge. */
	boolean merges(M a, M b);

	/** A blocking key shared by more records than this is too common to compare on. */
	int maxBlockSize();

	/** The settings, for the report. */
	String settings();

	/** The hub's matcher, with {@link MatchSettings#defaults()}. */
	static RecordMatcher<MatchRecord> current() {
		return current(MatchSettings.defaults().maxBlockSize());
	}

	/** The hub's matcher, its blocks capped at another size. */
	static RecordMatcher<MatchRecord> current(int maxBlockSize) {
		MatchSettings defaults = MatchSettings.defaults();
		MatchSettings settings = new MatchSettings(defaults.mergeThreshold(), defaults.reviewThreshold(), maxBlockSize);
		PersonMatcher matcher = new PersonMatcher();
		BlockingKeys keys = new BlockingKeys();
		return new RecordMatcher<>() {

			@Override
			public MatchRecord read(GeneratedRecord r, String email) {
				// the street line is split into number and street as the hub's intake
				// does
				String[] street = InMemoryResolution.streetNumberAndName(r.streetLine());
				return MatchRecord.of(r.readFirstName(), r.readLastName(),
						r.birthDate() == null ? null : r.birthDate().toString(), street[0], street[1], r.locality(),
						r.postcode(), email == null ? null : email.substring(0, email.indexOf('@')));
			}

			@Override
			public Set<String> blockingKeys(MatchRecord record) {
				return keys.keys(record);
			}

			@Override
			public boolean contradicts(MatchRecord a, MatchRecord b) {
				return matcher.contradicts(a, b);
			}

			@Override
			public boolean merges(MatchRecord a, MatchRecord b) {
				return settings.decide(matcher.score(a, b)) == MatchSettings.Decision.MERGE;
			}

			@Override
			public int maxBlockSize() {
				return settings.maxBlockSize();
			}

			@Override
			public String settings() {
				return settings.toString();
			}

		};
	}

}

package com.venuehub.customer.population;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.venuehub.customer.matching.BlockingKeys;
import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.MatchScore;
import com.venuehub.customer.matching.MatchSettings;
import com.venuehub.customer.matching.PersonMatcher;
import com.venuehub.customer.matching.TermFrequencies;

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
	 * @param phone the record's phone once normalized, null when it has none that links
	 */
	M read(GeneratedRecord record, String email, String phone);

	/** Records sharing no key are never compared. */
	Set<String> blockingKeys(M record);

	/** Two people for sure (the family rule): never linked, not even by an identifier. */
	boolean contradicts(M a, M b);

	/**
	 * Whether two named records holding a household's email or phone name one member of
	 * it.
	 */
	boolean sameMember(M a, M b);

	/**
	 * Whether two named records giving one email or phone, the later made on a day, are a
	 * child and another member of the household that an initial names.
	 */
	boolean childBesideAnother(M a, M b, LocalDate on);

	/** The family rule as scoring applies it: never scored. */
	boolean rulesOut(M a, M b);

	/**
	 * What the email of a record without a first name, made on a day, says of a record
	 * holding it.
	 */
	PersonMatcher.EmailOwner emailOwner(M nameless, M holder, LocalDate on);

	/** One person: to merge. */
	boolean merges(M a, M b);

	/**
	 * The probability that the records are one person and whether they are corroborated,
	 * for calibration.
	 */
	MatchScore score(M a, M b);

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
		BlockingKeys keys = new BlockingKeys();
		List<MatchRecord> read = new ArrayList<>();
		return new RecordMatcher<>() {

			// names and places weighed by their frequency among the records read, as the
			// hub weighs them among its customers
			private PersonMatcher matcher;

			@Override
			public MatchRecord read(GeneratedRecord r, String email, String phone) {
				// the street line is split into number and street as the hub's intake
				// does
				String[] street = InMemoryResolution.streetNumberAndName(r.streetLine());
				MatchRecord record = MatchRecord
					.of(r.readFirstName(), r.readLastName(), r.birthDate() == null ? null : r.birthDate().toString(),
							street[0], street[1], r.locality(), r.postcode(), null)
					.withContacts(email == null ? List.of() : List.of(email),
							phone == null ? List.of() : List.of(phone));
				read.add(record);
				this.matcher = null;
				return record;
			}

			@Override
			public Set<String> blockingKeys(MatchRecord record) {
				return keys.keys(record);
			}

			@Override
			public boolean contradicts(MatchRecord a, MatchRecord b) {
				return matcher().contradicts(a, b);
			}

			@Override
			public boolean sameMember(MatchRecord a, MatchRecord b) {
				return matcher().sameMember(a, b);
			}

			@Override
			public boolean childBesideAnother(MatchRecord a, MatchRecord b, LocalDate on) {
				return matcher().childBesideAnother(a, b, on);
			}

			@Override
			public boolean rulesOut(MatchRecord a, MatchRecord b) {
				return matcher().rulesOut(a, b);
			}

			@Override
			public PersonMatcher.EmailOwner emailOwner(MatchRecord nameless, MatchRecord holder, LocalDate on) {
				return matcher().emailOwner(nameless, holder, on);
			}

			private PersonMatcher matcher() {
				if (this.matcher == null) {
					this.matcher = new PersonMatcher(TermFrequencies.counting(read));
				}
				return this.matcher;
			}

			@Override
			public boolean merges(MatchRecord a, MatchRecord b) {
				return settings.decide(matcher().score(a, b)) == MatchSettings.Decision.MERGE;
			}

			@Override
			public MatchScore score(MatchRecord a, MatchRecord b) {
				return matcher().score(a, b);
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

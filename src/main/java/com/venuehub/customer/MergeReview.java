package com.venuehub.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.MatchScore;
import com.venuehub.customer.matching.MatchSettings;
import com.venuehub.customer.matching.PersonMatcher;
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.platform.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Repairs a store merged by an earlier matching model: scores every automatic merge still
 * in force again, as the two customers were when merged, and lists those the current
 * model would not make; undoes the listed ones on request (each undone merge is logged,
 * and the pair is never merged again).
 */
@Component
public class MergeReview {

	private static final Logger log = LoggerFactory.getLogger(MergeReview.class);

	private final JdbcTemplate jdbc;

	private final Unifier unifier;

	private final Merges merges;

	private final StoreFrequencies frequencies;

	private final MatchSettings settings;

	private final PersonMatcher rules = new PersonMatcher();

	public MergeReview(JdbcTemplate jdbc, Unifier unifier, Merges merges, StoreFrequencies frequencies,
			IdentityProperties properties) {
		this.jdbc = jdbc;
		this.unifier = unifier;
		this.merges = merges;
		this.frequencies = frequencies;
		this.settings = new MatchSettings(properties.mergeThreshold(), properties.reviewThreshold(),
				properties.maxBlockSize());
	}

	/**
	 * An automatic merge the current model would not make.
	 *
	 * @param scoreThen the score the merge was made with (null for a shared identifier)
	 * @param scoreNow the current model's score of the two customers as they were
	 * @param reason why the current model would keep them apart
	 */
	public record Finding(long mergeId, long survivorId, long mergedId, String rule, Instant mergedAt, Double scoreThen,
			double scoreNow, Map<String, Double> weights, String reason) {
	}

	/** What a review found among the automatic merges in force. */
	public record Review(int examined, List<Finding> wouldNotMerge) {
	}

	/** What a repair did: merges undone, and merges left with the reason. */
	public record Repair(List<Finding> undone, List<Skipped> skipped) {
	}

	public record Skipped(long mergeId, String reason) {
	}

	/** Scores every automatic merge in force again; changes nothing. */
	public Review review() {
		List<Merge> merges = this.jdbc.query("""
				select l.id, l.survivor_id, l.merged_id, l.rule, l.merged_at, l.score,
				       b.first_name, b.last_name, b.birth_date::text, b.street_number, b.street, b.locality, b.postcode,
				       m.first_name, m.last_name, m.birth_date::text, m.street_number, m.street, m.locality, m.postcode
				from merge_log l
				join customer m on m.id = l.merged_id and m.merged_into = l.survivor_id and m.erased_at is null
				cross join lateral jsonb_populate_record(null::customer, l.survivor_before) b
				where l.unmerged_at is null and l.rule in ('PROBABILISTIC', 'SHARED_EMAIL', 'SHARED_PHONE')
				order by l.id""", (rs, n) -> merge(rs));
		List<MatchRecord> all = new ArrayList<>();
		merges.forEach(m -> {
			all.add(m.survivor());
			all.add(m.merged());
		});
		PersonMatcher scorer = new PersonMatcher(this.frequencies.of(all));
		List<Finding> findings = new ArrayList<>();
		for (Merge merge : merges) {
			MatchScore score = scorer.score(merge.survivor(), merge.merged());
			String reason = null;
			boolean shared = !merge.rule().equals("PROBABILISTIC");
			// the family rule as unify applies it, to a shared identifier as to a score:
			// with the store's counts of the names
			if (shared ? scorer.contradicts(merge.survivor(), merge.merged())
					: this.rules.rulesOut(merge.survivor(), merge.merged())) {
				reason = "their first names differ: two people, such as members of one household sharing an email, "
						+ "a phone or an address";
			}
			else if (scorer.childBesideAnother(merge.survivor(), merge.merged(),
					merge.mergedAt().atOffset(ZoneOffset.UTC).toLocalDate())) {
				reason = "one is a child under 15 whose birth date the other does not give, and an initial names "
						+ "one of them: a child gives a parent's email and phone, and the initial is as much the "
						+ "parent's as the child's";
			}
			else if (merge.rule().equals("PROBABILISTIC")) {
				MatchSettings.Decision decision = this.settings.decide(score);
				if (decision != MatchSettings.Decision.MERGE) {
					reason = !score.corroborated() && score.score() >= this.settings.mergeThreshold()
							? "nothing beyond names and place agrees (no birth date, street address, email or phone in "
									+ "common): a possible duplicate for a person to review, not an automatic merge"
							: String.format(java.util.Locale.ROOT,
									"the match score is now %.3f, below the merge " + "threshold %.2f", score.score(),
									this.settings.mergeThreshold());
				}
			}
			if (reason != null) {
				findings.add(new Finding(merge.id(), merge.survivorId(), merge.mergedId(), merge.rule(),
						merge.mergedAt(), merge.scoreThen(), score.score(), score.weights(), reason));
			}
		}
		return new Review(merges.size(), findings);
	}

	/**
	 * Undoes the listed merges if the current model still would not make them (all of
	 * those found when {@code mergeIds} is null).
	 */
	public Repair repair(List<Long> mergeIds, String requestedBy) {
		List<Finding> found = review().wouldNotMerge();
		Set<Long> wanted = mergeIds == null ? null : new LinkedHashSet<>(mergeIds);
		List<Finding> undone = new ArrayList<>();
		List<Skipped> skipped = new ArrayList<>();
		// the latest merges first: an earlier merge of a chain is undone once those on
		// top of it are
		List<Finding> latestFirst = new ArrayList<>(found);
		java.util.Collections.reverse(latestFirst);
		for (Finding finding : latestFirst) {
			if (wanted != null && !wanted.remove(finding.mergeId())) {
				continue;
			}
			try {
				this.unifier.unmerge(finding.survivorId(), finding.mergedId());
				undone.add(finding);
				log.info("Merge {} of customer {} into {} undone at the request of {}: {}", finding.mergeId(),
						finding.mergedId(), finding.survivorId(), requestedBy, finding.reason());
			}
			catch (ApiException ex) {
				skipped.add(new Skipped(finding.mergeId(), ex.getMessage()));
			}
		}
		if (wanted != null) {
			wanted.forEach(id -> skipped.add(new Skipped(id,
					"not an automatic merge in force that the current model would not make: left as it is")));
		}
		java.util.Collections.reverse(undone);
		return new Repair(undone, skipped);
	}

	private record Merge(long id, long survivorId, long mergedId, String rule, Instant mergedAt, Double scoreThen,
			MatchRecord survivor, MatchRecord merged) {
	}

	private Merge merge(ResultSet rs) throws SQLException {
		long id = rs.getLong(1);
		long survivor = rs.getLong(2);
		long merged = rs.getLong(3);
		double score = rs.getDouble(6);
		Double scoreThen = rs.wasNull() ? null : score;
		MatchRecord before = profile(rs, 7);
		MatchRecord mergedProfile = profile(rs, 14);
		// the survivor's own identifiers (none that a merge brought), and the merged
		// customer's: those this merge moved and those it kept
		List<String> own = this.jdbc.queryForList("""
				select kind || ':' || value from customer_identifier i
				where customer_id = ? and kind in ('EMAIL', 'PHONE')
				and not exists (select 1 from merge_log l join merge_moved mv on mv.merge_id = l.id
				                where l.survivor_id = ? and mv.table_name = 'customer_identifier'
				                and mv.row_key = i.id::text)""", String.class, survivor, survivor);
		List<String> theirs = this.jdbc.queryForList("""
				select kind || ':' || value from customer_identifier i
				where kind in ('EMAIL', 'PHONE') and (customer_id = ? or id::text in (
				    select row_key from merge_moved where merge_id = ? and table_name = 'customer_identifier'))""",
				String.class, merged, id);
		return new Merge(id, survivor, merged, rs.getString(4), rs.getTimestamp(5).toInstant(), scoreThen,
				this.merges.withUsableContacts(before, own), this.merges.withUsableContacts(mergedProfile, theirs));
	}

	private static MatchRecord profile(ResultSet rs, int first) throws SQLException {
		return MatchRecord.of(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2),
				rs.getString(first + 3), rs.getString(first + 4), rs.getString(first + 5), rs.getString(first + 6),
				null);
	}

}

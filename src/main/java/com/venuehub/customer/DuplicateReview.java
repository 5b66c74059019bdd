package com.venuehub.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.MatchScore;
import com.venuehub.customer.matching.PersonMatcher;
import com.venuehub.platform.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The queue of possible duplicates a person decides on, most likely first, and one pair
 * scored again by the matcher with what each field adds to the evidence.
 */
@Component
public class DuplicateReview {

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	private final Merges merges;

	private final StoreFrequencies frequencies;

	public DuplicateReview(JdbcTemplate jdbc, ObjectMapper json, Merges merges, StoreFrequencies frequencies) {
		this.jdbc = jdbc;
		this.json = json;
		this.merges = merges;
		this.frequencies = frequencies;
	}

	/** Open pairs, both customers still live, most likely first. */
	public List<DuplicateController.Duplicate> open(Long customerId, int limit, long offset) {
		return this.jdbc.query("""
				select p.id, p.customer_a, p.customer_b, p.score, p.fields::text, p.event_id, p.created_at
				from duplicate_pair p
				join customer a on a.id = p.customer_a and a.merged_into is null
				join customer b on b.id = p.customer_b and b.merged_into is null
				where p.status = 'OPEN' and (?::bigint is null or ? in (p.customer_a, p.customer_b))
				order by p.score desc, p.id limit ? offset ?""",
				(rs, n) -> new DuplicateController.Duplicate(rs.getLong(1), rs.getLong(2), rs.getLong(3),
						rs.getDouble(4), fields(rs.getString(5)), rs.getString(6), rs.getTimestamp(7).toInstant()),
				customerId, customerId, limit, offset);
	}

	/** Open pairs whose two customers are live (from the partial index of open pairs). */
	public long countOpen() {
		Long count = this.jdbc.queryForObject("""
				select count(*) from duplicate_pair p
				join customer a on a.id = p.customer_a and a.merged_into is null
				join customer b on b.id = p.customer_b and b.merged_into is null
				where p.status = 'OPEN'""", Long.class);
		return count == null ? 0 : count;
	}

	/**
	 * One pair, whatever its status, with the fields compared when it was proposed and
	 * the two customers scored again now (null when one of them is merged or erased).
	 */
	public Pair pair(long id) {
		List<Pair> found = this.jdbc.query("""
				select id, customer_a, customer_b, score, fields::text, status, created_at, decided_at
				from duplicate_pair where id = ?""",
				(rs, n) -> new Pair(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4),
						fields(rs.getString(5)), rs.getString(6), rs.getTimestamp(7).toInstant(),
						rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), null),
				id);
		if (found.isEmpty()) {
			throw new ApiException(HttpStatus.NOT_FOUND, "no possible duplicate " + id);
		}
		Pair pair = found.get(0);
		Map<Long, MatchRecord> records = this.merges.records(Set.of(pair.customerA(), pair.customerB()));
		MatchRecord a = records.get(pair.customerA());
		MatchRecord b = records.get(pair.customerB());
		if (a == null || b == null) {
			return pair;
		}
		MatchScore now = new PersonMatcher(this.frequencies.of(List.of(a, b))).score(a, b);
		return new Pair(pair.id(), pair.customerA(), pair.customerB(), pair.score(), pair.fields(), pair.status(),
				pair.proposedAt(), pair.decidedAt(), now);
	}

	private Map<String, Double> fields(String text) {
		try {
			return this.json.readValue(text,
					this.json.getTypeFactory().constructMapType(Map.class, String.class, Double.class));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param fields the similarity (0 to 1) of each field both had when proposed
	 * @param now the pair scored by the matcher now: each field's similarity and its
	 * weight (log2 of its Bayes factor: above 0 for, below 0 against)
	 */
	public record Pair(long id, long customerA, long customerB, double score, Map<String, Double> fields, String status,
			Instant proposedAt, Instant decidedAt, MatchScore now) {
	}

}

package com.venuehub.customer;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The history of exports and erasures of customers' data, newest first, with who made
 * each: exports from the operator actions, erasures from their own record.
 */
@Component
public class PersonalDataRequests {

	private final JdbcTemplate jdbc;

	public PersonalDataRequests(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public List<Request> history(int limit, long offset) {
		return this.jdbc.query(
				"""
						select 'EXPORT' as kind, at, actor, customer_id, null::text as reference from operator_action
						where action = 'EXPORT'
						union all
						select 'ERASURE', erased_at, erased_by, customer_id, reference from customer_erasure
						order by at desc limit ? offset ?""", (rs, n) -> new Request(rs.getString(1),
						rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getLong(4), rs.getString(5)),
				limit, offset);
	}

	public long count() {
		Long count = this.jdbc.queryForObject("""
				select (select count(*) from operator_action where action = 'EXPORT')
				     + (select count(*) from customer_erasure)""", Long.class);
		return count == null ? 0 : count;
	}

	/**
	 * @param kind EXPORT or ERASURE
	 * @param by who made it: {@code user:<name>} or {@code operator:<name>}
	 * @param reference the venue's case number, for an erasure
	 */
	public record Request(String kind, Instant at, String by, long customerId, String reference) {
	}

}

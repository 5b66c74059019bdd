package com.venuehub.platform;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What operators did that no table of its own records: who exported a customer's data,
 * who undid a merge and why, who replayed a quarantined record. Written in the caller's
 * transaction.
 */
@Component
public class OperatorActions {

	public static final String EXPORT = "EXPORT";

	public static final String UNMERGE = "UNMERGE";

	public static final String REPLAY = "REPLAY";

	public static final String DUPLICATE_CONFIRMED = "DUPLICATE_CONFIRMED";

	public static final String DUPLICATE_REJECTED = "DUPLICATE_REJECTED";

	/** What an operator's reason reads once the person it concerned is erased. */
	public static final String ERASED_REASON = "[erased with the customer]";

	private final JdbcTemplate jdbc;

	public OperatorActions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records an action.
	 * @param customerId the customer it concerns, or null
	 * @param subject what it was done to (e.g. {@code quarantine:42})
	 * @param reason the operator's words, or null
	 */
	public void record(String action, Principal actor, Long customerId, String subject, String reason) {
		this.jdbc.update("""
				insert into operator_action (action, actor, customer_id, subject, reason) values (?, ?, ?, ?, ?)""",
				action, actorOf(actor), customerId, subject, reason);
	}

	/** The actions concerning a customer (and those merged into it), oldest first. */
	public List<Action> of(List<Long> customerIds) {
		return this.jdbc.query("""
				select id, action, actor, customer_id, subject, reason, at from operator_action
				where customer_id = any (?) order by id""",
				(rs, n) -> new Action(rs.getLong(1), rs.getString(2), rs.getString(3),
						(Long) rs.getObject(4, Long.class), rs.getString(5), rs.getString(6),
						rs.getTimestamp(7).toInstant()),
				(Object) customerIds.toArray(Long[]::new));
	}

	/**
	 * Erases the words operators typed about these customers (an unmerge's reason may
	 * name the people it tells apart): the actions stay, with who and when, their reason
	 * replaced. Covers the actions recorded on them and those naming them as the customer
	 * given back its records ({@code merged:<id>}). Answers how many reasons were erased.
	 */
	public int eraseReasons(Long[] customerIds) {
		String[] subjects = java.util.Arrays.stream(customerIds).map(id -> "merged:" + id).toArray(String[]::new);
		return this.jdbc.update("""
				update operator_action set reason = ? where reason is not null and reason <> ?
				  and (customer_id = any (?) or subject = any (?))""", ERASED_REASON, ERASED_REASON, customerIds,
				subjects);
	}

	/** Who a caller is, as the hub records it: {@code user:…} or {@code operator:…}. */
	public static String actorOf(Principal principal) {
		return principal == null ? "unknown" : principal.getName();
	}

	public record Action(long id, String action, String actor, Long customerId, String subject, String reason,
			Instant at) {
	}

}

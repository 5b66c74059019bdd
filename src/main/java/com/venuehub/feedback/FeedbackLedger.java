package com.venuehub.feedback;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.venuehub.ingest.CanonicalEvent.Kind;
import com.venuehub.unify.Capability;
import com.venuehub.unify.Fact;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps kiosk answers: each once (by response id), joined to the customer its email or
 * phone resolved to, else to the holder of its ticket (unless erased), else anonymous.
 * Called inside unify's transaction.
 */
@Component
@Order(30)
public class FeedbackLedger implements Capability {

	private final JdbcTemplate jdbc;

	public FeedbackLedger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Keeps the batch's kiosk answers, each then belonging to the customer it joined
	 * (none when it stays anonymous).
	 */
	@Override
	public void apply(List<Fact> facts) {
		List<Fact> answers = facts.stream().filter(f -> f.event().kind() == Kind.FEEDBACK).toList();
		if (answers.isEmpty()) {
			return;
		}
		String[] tickets = answers.stream()
			.filter(f -> f.customerId() == null && f.event().feedback().ticketNumber() != null)
			.map(f -> f.event().feedback().ticketNumber())
			.distinct()
			.toArray(String[]::new);
		if (tickets.length > 0) {
			Map<String, Long> holders = new HashMap<>();
			// an erased holder takes nothing new: the answer stays anonymous
			this.jdbc.query("""
					select t.ticket_number, t.customer_id from ticket t
					join customer c on c.id = t.customer_id and c.erased_at is null
					where t.ticket_number = any (?)""", rs -> {
				holders.put(rs.getString(1), rs.getLong(2));
			}, (Object) tickets);
			answers.stream()
				.filter(f -> f.customerId() == null && f.event().feedback().ticketNumber() != null)
				.forEach(f -> f.belongsTo(holders.get(f.event().feedback().ticketNumber())));
		}
		this.jdbc.update("""
				insert into feedback_response (response_id, event_id, venue, kiosk_id, score, comment, answered_at,
				                               customer_id, ticket_number)
				select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
				                     ?::timestamptz[], ?::bigint[], ?::text[])
				on conflict (response_id) do nothing""",
				answers.stream().map(f -> f.event().feedback().responseId()).toArray(String[]::new),
				answers.stream().map(f -> f.event().id()).toArray(String[]::new),
				answers.stream().map(f -> f.event().venue()).toArray(String[]::new),
				answers.stream().map(f -> f.event().feedback().kioskId()).toArray(String[]::new),
				answers.stream().map(f -> f.event().feedback().score()).toArray(Integer[]::new),
				answers.stream().map(f -> f.event().feedback().comment()).toArray(String[]::new),
				answers.stream().map(f -> Timestamp.from(f.event().occurredAt().toInstant())).toArray(Timestamp[]::new),
				answers.stream().map(Fact::customerId).toArray(Long[]::new),
				answers.stream().map(f -> f.event().feedback().ticketNumber()).toArray(String[]::new));
	}

	/**
	 * An answer taken back from its customer belongs to the holder of its ticket (unless
	 * erased), else to nobody.
	 */
	@Override
	public Map<String, Long> takenBack(List<String> eventIds) {
		Map<String, Long> owners = new HashMap<>();
		this.jdbc.query("""
				update feedback_response f set customer_id = (
				    select t.customer_id from ticket t join customer c on c.id = t.customer_id and c.erased_at is null
				    where t.ticket_number = f.ticket_number)
				where f.event_id = any (?) returning f.event_id, f.customer_id""", rs -> {
			long customer = rs.getLong(2);
			if (!rs.wasNull()) {
				owners.put(rs.getString(1), customer);
			}
		}, (Object) eventIds.toArray(String[]::new));
		return owners;
	}

	@Override
	public Map<String, String> customerRows() {
		return Map.of("feedback_response", "response_id");
	}

	/**
	 * The score counts in NPS and stays; the free text goes, also of answers left
	 * anonymously for the person's tickets.
	 */
	@Override
	public void erase(long survivor, Long[] customers, Map<String, Integer> summary) {
		summary.put("kioskCommentsRemoved", this.jdbc.update("""
				update feedback_response set comment = null
				where comment is not null and (customer_id = any (?) or (customer_id is null
				      and ticket_number in (select ticket_number from ticket where customer_id = any (?))))""",
				customers, customers));
		summary.put("kioskAnswersKept",
				this.jdbc.queryForObject("select count(*) from feedback_response where customer_id = any (?)",
						Integer.class, (Object) customers));
	}

	@Override
	public String exportName() {
		return "satisfaction";
	}

	@Override
	public List<Answer> export(long survivor, Long[] customers) {
		return answersOf(survivor);
	}

	@Override
	public void merged(long survivorId, long mergedId) {
		this.jdbc.update("update feedback_response set customer_id = ? where customer_id = ?", survivorId, mergedId);
	}

	/**
	 * The customer's answers, newest first: those joined to them, and anonymous ones
	 * given for a ticket they hold (the answer may have come before the sale).
	 */
	public List<Answer> answersOf(long customerId) {
		return this.jdbc.query(
				"""
						select response_id, venue, kiosk_id, score, comment, answered_at, ticket_number from feedback_response
						where customer_id = ?
						   or (customer_id is null and ticket_number in (select ticket_number from ticket where customer_id = ?))
						order by answered_at desc, response_id""",
				(rs, n) -> new Answer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
						rs.getTimestamp(6).toInstant(), rs.getString(7)),
				customerId, customerId);
	}

	public record Answer(String responseId, String venue, String kioskId, int score, String comment, Instant answeredAt,
			String ticketNumber) {
	}

}

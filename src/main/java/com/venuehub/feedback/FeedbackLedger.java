package com.venuehub.feedback;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import com.venuehub.customer.MergeFollower;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.Feedback;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps kiosk answers: each once (by response id), joined to the customer its email or
 * phone resolved to, else to the holder of its ticket (unless erased), else anonymous.
 * Called inside unify's transaction.
 */
@Component
public class FeedbackLedger implements MergeFollower {

	private final JdbcTemplate jdbc;

	public FeedbackLedger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return the customer the answer joined, or null when it stays anonymous
	 */
	public Long apply(CanonicalEvent event, Long customerId) {
		Feedback feedback = event.feedback();
		Long owner = customerId;
		if (owner == null && feedback.ticketNumber() != null) {
			// an erased holder takes nothing new: the answer stays anonymous
			owner = this.jdbc.query("""
					select t.customer_id from ticket t join customer c on c.id = t.customer_id and c.erased_at is null
					where t.ticket_number = ?""", rs -> rs.next() ? (Long) rs.getObject(1, Long.class) : null,
					feedback.ticketNumber());
		}
		this.jdbc.update("""
				insert into feedback_response (response_id, event_id, venue, kiosk_id, score, comment, answered_at,
				                               customer_id, ticket_number)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (response_id) do nothing""", feedback.responseId(),
				event.id(), event.venue(), feedback.kioskId(), feedback.score(), feedback.comment(),
				Timestamp.from(event.occurredAt().toInstant()), owner, feedback.ticketNumber());
		return owner;
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

package com.venuehub.email;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.OrderStatus;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Decides the confirmation email of a paid purchase, in the transaction that applies it:
 * one outbox row per sale, whatever the number of its lines or deliveries.
 */
@Component
public class Confirmations {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final EmailProperties properties;

	public Confirmations(JdbcTemplate jdbc, Clock clock, EmailProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Called by unify after the tickets of a purchase are written; the caller holds the
	 * transaction.
	 */
	public void purchaseApplied(CanonicalEvent event, Long customerId) {
		if (customerId == null || event.order() == null || event.order().status() != OrderStatus.PAID
				|| event.tickets() == null || event.tickets().isEmpty()) {
			return;
		}
		String recipient = event.contact() == null ? null : event.contact().email();
		if (recipient == null) {
			List<String> known = this.jdbc.queryForList("""
					select value from customer_identifier where customer_id = ? and kind = 'EMAIL'
					order by first_seen_at desc, id desc limit 1""", String.class, customerId);
			recipient = known.isEmpty() ? null : known.get(0);
		}
		if (recipient == null) {
			return;
		}
		// a short delay lets the other lines of the same sale (one event each) join the
		// email
		Timestamp due = Timestamp.from(this.clock.instant().plus(this.properties.confirmationDelay()));
		// nothing is ever decided for an erased customer, confirmations included
		this.jdbc.update("""
				insert into outbox_message (dedup_key, channel, kind, customer_id, recipient, venue, sale_source,
				                            sale_ref, status, reason, due_at, next_attempt_at)
				select ?, 'EMAIL', 'CONFIRMATION', c.id, ?, ?, ?, ?, 'PENDING', 'paid purchase', ?, ?
				from customer c where c.id = ? and c.erased_at is null
				on conflict (dedup_key) do nothing""", "confirmation:" + event.source() + ":" + event.order().ref(),
				recipient, event.venue(), event.source(), event.order().ref(), due, due, customerId);
	}

}

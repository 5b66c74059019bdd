package com.venuehub.loyalty;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import com.venuehub.customer.MergeFollower;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.Loyalty;
import com.venuehub.ingest.CanonicalEvent.LoyaltyType;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What loyalty transactions do to cards: an enrolment links the card to its member, each
 * EARN and REDEEM is recorded once and moves the balance, a TIER sets the tier (the
 * latest by event time wins), and a transaction for a card not enrolled yet is kept and
 * applied when the enrolment arrives. Called inside unify's transaction, with the card
 * number already locked.
 */
@Component
public class LoyaltyLedger implements MergeFollower {

	private final JdbcTemplate jdbc;

	public LoyaltyLedger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param customerId the member the event resolved to (an enrolment), or null
	 * @return the customer holding the card, or null while it is not enrolled
	 */
	public Long apply(CanonicalEvent event, Long customerId) {
		Loyalty loyalty = event.loyalty();
		Timestamp at = Timestamp.from(event.occurredAt().toInstant());
		if (loyalty.type() == LoyaltyType.ENROLL && customerId != null) {
			this.jdbc.update("""
					insert into loyalty_card (card_number, customer_id, source, enrolled_at) values (?, ?, ?, ?)
					on conflict (card_number) do update set customer_id = excluded.customer_id,
					    enrolled_at = least(loyalty_card.enrolled_at, excluded.enrolled_at), updated_at = now()""",
					loyalty.cardNumber(), customerId, event.source(), at);
		}
		Long holder = this.jdbc.query("select customer_id from loyalty_card where card_number = ?",
				rs -> rs.next() ? rs.getLong(1) : null, loyalty.cardNumber());
		this.jdbc.update("""
				insert into loyalty_transaction (txn_id, card_number, type, points, reported_balance, tier, occurred_at,
				                                 event_id, pending)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (txn_id) do nothing""", loyalty.txnId(),
				loyalty.cardNumber(), loyalty.type().name(), loyalty.points(), loyalty.balance(), loyalty.tier(), at,
				event.id(), holder == null);
		if (holder != null) {
			this.jdbc.update("update loyalty_transaction set pending = false where card_number = ? and pending",
					loyalty.cardNumber());
			recompute(loyalty.cardNumber());
		}
		return holder;
	}

	/**
	 * Balance and tier follow from the applied transactions, whatever order they arrived
	 * in.
	 */
	private void recompute(String cardNumber) {
		this.jdbc.update(
				"""
						update loyalty_card c set
						    balance = coalesce((select sum(case t.type when 'REDEEM' then -t.points else coalesce(t.points, 0) end)
						                        from loyalty_transaction t
						                        where t.card_number = c.card_number and not t.pending and t.type <> 'TIER'), 0),
						    tier = coalesce((select t.tier from loyalty_transaction t
						                     where t.card_number = c.card_number and not t.pending and t.tier is not null
						                     order by t.occurred_at desc, t.txn_id desc limit 1), c.tier),
						    updated_at = now()
						where c.card_number = ?""",
				cardNumber);
	}

	@Override
	public void merged(long survivorId, long mergedId) {
		this.jdbc.update("update loyalty_card set customer_id = ?, updated_at = now() where customer_id = ?",
				survivorId, mergedId);
	}

	/** The customer's cards, each with its last transactions, newest first. */
	public List<Card> cardsOf(long customerId, int lastTransactions) {
		List<Card> cards = this.jdbc.query(
				"""
						select card_number, tier, balance, enrolled_at, source from loyalty_card
						where customer_id = ? order by enrolled_at, card_number""", (rs, n) -> new Card(rs.getString(1),
						rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant(), rs.getString(5), List.of()),
				customerId);
		return cards.stream()
			.map(card -> new Card(card.cardNumber(), card.tier(), card.balance(), card.enrolledAt(), card.source(),
					this.jdbc.query("""
							select txn_id, type, points, reported_balance, tier, occurred_at from loyalty_transaction
							where card_number = ? and not pending order by occurred_at desc, txn_id desc limit ?""",
							(rs, n) -> new Transaction(rs.getString(1), rs.getString(2),
									(Long) rs.getObject(3, Long.class), (Long) rs.getObject(4, Long.class),
									rs.getString(5), rs.getTimestamp(6).toInstant()),
							card.cardNumber(), lastTransactions)))
			.toList();
	}

	public record Card(String cardNumber, String tier, long balance, Instant enrolledAt, String source,
			List<Transaction> lastTransactions) {
	}

	/**
	 * @param reportedBalance the balance the loyalty platform reported with it
	 */
	public record Transaction(String txnId, String type, Long points, Long reportedBalance, String tier,
			Instant occurredAt) {
	}

}

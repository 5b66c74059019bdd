package com.venuehub.loyalty;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.venuehub.ingest.CanonicalEvent.Kind;
import com.venuehub.ingest.CanonicalEvent.Loyalty;
import com.venuehub.ingest.CanonicalEvent.LoyaltyType;
import com.venuehub.unify.Capability;
import com.venuehub.unify.Fact;

import org.springframework.core.annotation.Order;
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
@Order(20)
public class LoyaltyLedger implements Capability {

	private final JdbcTemplate jdbc;

	public LoyaltyLedger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Applies the batch's loyalty events: enrolments first, then every transaction, each
	 * event then belonging to the card's holder (none while the card is not enrolled).
	 */
	@Override
	public void apply(List<Fact> facts) {
		List<Fact> events = facts.stream().filter(f -> f.event().kind() == Kind.LOYALTY).toList();
		if (events.isEmpty()) {
			return;
		}
		// one enrolment per card: the last member, the first date
		Map<String, Object[]> enrolments = new LinkedHashMap<>();
		for (Fact fact : events) {
			Loyalty loyalty = fact.event().loyalty();
			if (loyalty.type() == LoyaltyType.ENROLL && fact.customerId() != null) {
				Timestamp at = Timestamp.from(fact.event().occurredAt().toInstant());
				enrolments.merge(loyalty.cardNumber(), new Object[] { fact.customerId(), fact.event().source(), at },
						(first, next) -> new Object[] { next[0], first[1],
								((Timestamp) first[2]).before((Timestamp) next[2]) ? first[2] : next[2] });
			}
		}
		if (!enrolments.isEmpty()) {
			this.jdbc.update("""
					insert into loyalty_card (card_number, customer_id, source, enrolled_at)
					select * from unnest(?::text[], ?::bigint[], ?::text[], ?::timestamptz[])
					on conflict (card_number) do update set customer_id = excluded.customer_id,
					    enrolled_at = least(loyalty_card.enrolled_at, excluded.enrolled_at), updated_at = now()""",
					enrolments.keySet().toArray(String[]::new),
					enrolments.values().stream().map(e -> e[0]).toArray(Long[]::new),
					enrolments.values().stream().map(e -> e[1]).toArray(String[]::new),
					enrolments.values().stream().map(e -> e[2]).toArray(Timestamp[]::new));
		}
		Map<String, Long> holders = new HashMap<>();
		this.jdbc.query("select card_number, customer_id from loyalty_card where card_number = any (?)", rs -> {
			holders.put(rs.getString(1), rs.getLong(2));
		}, (Object) events.stream().map(f -> f.event().loyalty().cardNumber()).distinct().toArray(String[]::new));
		this.jdbc.update(
				"""
						insert into loyalty_transaction (txn_id, card_number, type, points, reported_balance, tier, occurred_at,
						                                 event_id, pending)
						select * from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::timestamptz[],
						                     ?::text[], ?::boolean[])
						on conflict (txn_id) do nothing""",
				events.stream().map(f -> f.event().loyalty().txnId()).toArray(String[]::new),
				events.stream().map(f -> f.event().loyalty().cardNumber()).toArray(String[]::new),
				events.stream().map(f -> f.event().loyalty().type().name()).toArray(String[]::new),
				events.stream().map(f -> f.event().loyalty().points()).toArray(Long[]::new),
				events.stream().map(f -> f.event().loyalty().balance()).toArray(Long[]::new),
				events.stream().map(f -> f.event().loyalty().tier()).toArray(String[]::new),
				events.stream().map(f -> Timestamp.from(f.event().occurredAt().toInstant())).toArray(Timestamp[]::new),
				events.stream().map(f -> f.event().id()).toArray(String[]::new),
				events.stream()
					.map(f -> !holders.containsKey(f.event().loyalty().cardNumber()))
					.toArray(Boolean[]::new));
		events.forEach(f -> f.belongsTo(holders.get(f.event().loyalty().cardNumber())));
		if (!holders.isEmpty()) {
			String[] cards = holders.keySet().toArray(String[]::new);
			this.jdbc.update("update loyalty_transaction set pending = false where card_number = any (?) and pending",
					(Object) cards);
			recompute(cards);
		}
	}

	/**
	 * Balance and tier follow from the applied transactions, whatever order they arrived
	 * in.
	 */
	private void recompute(String[] cardNumbers) {
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
						where c.card_number = any (?)""",
				(Object) cardNumbers);
	}

	@Override
	public Map<String, String> customerRows() {
		return Map.of("loyalty_card", "card_number");
	}

	/**
	 * The transactions and the balance stay (points are a liability), under a card number
	 * that means nothing.
	 */
	@Override
	public void erase(long survivor, Long[] customers, Map<String, Integer> summary) {
		List<String> cards = this.jdbc.queryForList(
				"select card_number from loyalty_card where customer_id = any (?) order by enrolled_at, card_number",
				String.class, (Object) customers);
		for (int i = 0; i < cards.size(); i++) {
			String card = cards.get(i);
			String pseudonym = "ERASED-" + survivor + "-" + (i + 1);
			this.jdbc.update("update loyalty_transaction set card_number = ? where card_number = ?", pseudonym, card);
			this.jdbc.update("update loyalty_card set card_number = ?, updated_at = now() where card_number = ?",
					pseudonym, card);
			this.jdbc.update("update merge_moved set row_key = ? where table_name = 'loyalty_card' and row_key = ?",
					pseudonym, card);
		}
		summary.put("loyaltyCardsKept", cards.size());
	}

	@Override
	public String exportName() {
		return "loyalty";
	}

	/** The person's cards, each with every transaction. */
	@Override
	public List<Card> export(long survivor, Long[] customers) {
		return cardsOf(survivor, Integer.MAX_VALUE);
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

package com.venuehub.sms;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a campaign did, without counting its messages at each request: the outbox counts
 * come from the running counts the database keeps per campaign as messages change status
 * ({@code campaign_message_count}, V17); the opt-outs and sales after the messages are
 * looked up from whichever side is smaller, the campaign's recipients or what happened in
 * its window.
 */
@Component
public class CampaignResults {

	/** How long after a message a purchase counts as one it earned. */
	static final Duration WINDOW = Duration.ofDays(7);

	/** Folds of the running counts take turns across instances. */
	private static final long FOLD_LOCK = 0x63616d70L;

	private final JdbcTemplate jdbc;

	public CampaignResults(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Campaigns.Results of(Campaigns.Campaign campaign) {
		long id = campaign.id();
		Tally tally = new Tally();
		this.jdbc.query("""
				select status, delivery_status, reason, sum(messages), sum(segments), min(first_sent_at),
				       max(last_sent_at)
				from campaign_message_count where campaign_id = ? group by 1, 2, 3""", rs -> {
			tally.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
					rs.getTimestamp(6), rs.getTimestamp(7));
		}, id);
		long optedOut = 0;
		Sales sales = new Sales(0, BigDecimal.ZERO);
		if (tally.sent > 0 && tally.firstSent != null) {
			Instant first = tally.firstSent;
			optedOut = optedOut(id, first, fewer("""
					select 1 from consent_statement where channel = 'SMS' and not granted and stated_at >= ?""",
					Timestamp.from(first), tally.sent));
			Instant until = tally.lastSent.plus(WINDOW);
			sales = sales(id, first, until, fewer("select 1 from ticket where sold_at >= ? and sold_at < ?",
					Timestamp.from(first), Timestamp.from(until), tally.sent));
		}
		Map<String, Long> byReason = new LinkedHashMap<>();
		tally.suppressedByReason.entrySet()
			.stream()
			.filter(e -> e.getValue() != 0)
			.sorted(Map.Entry.<String, Long>comparingByValue()
				.reversed()
				.thenComparing(Map.Entry.comparingByKey(java.util.Comparator.nullsLast(String::compareTo))))
			.forEach(e -> byReason.put(e.getKey(), e.getValue()));
		return new Campaigns.Results(id, campaign.state(), tally.targeted,
				campaign.excludedNoConsent() == null ? 0 : campaign.excludedNoConsent(), tally.pending,
				tally.suppressed, byReason, tally.sent, tally.uncertain, tally.delivered, tally.failed, tally.segments,
				optedOut, sales.tickets(), sales.revenue());
	}

	/**
	 * Recipients who revoked SMS consent after their message (a merged recipient counts
	 * as the person they were merged into).
	 * @param firstSent when the campaign's first message was sent
	 * @param fromRevocations read from the SMS revocations stated since then to the
	 * messages (fewer revocations than messages), or from each message to its recipient's
	 * revocations
	 */
	long optedOut(long id, Instant firstSent, boolean fromRevocations) {
		if (fromRevocations) {
			// a probe per revocation (no join with every customer): the person's
			// messages, then those of the customers merged into them
			return count("""
					select count(distinct cs.customer_id) from consent_statement cs
					where cs.channel = 'SMS' and not cs.granted and cs.stated_at >= ?
					  and (exists (select 1 from outbox_message m
					               join customer mc on mc.id = m.customer_id and mc.merged_into is null
					               where m.customer_id = cs.customer_id and m.campaign_id = ? and m.status = 'SENT'
					                 and m.sent_at <= cs.stated_at)
					       or exists (select 1 from customer mc join outbox_message m on m.customer_id = mc.id
					                  where mc.merged_into = cs.customer_id and m.campaign_id = ? and m.status = 'SENT'
					                    and m.sent_at <= cs.stated_at))""", Timestamp.from(firstSent), id, id);
		}
		return count("""
				select count(distinct s.id) from outbox_message m
				join customer mc on mc.id = m.customer_id
				join customer s on s.id = coalesce(mc.merged_into, mc.id)
				where m.campaign_id = ? and m.status = 'SENT'
				  and exists (select 1 from consent_statement cs where cs.customer_id = s.id and cs.channel = 'SMS'
				              and not cs.granted and cs.stated_at >= m.sent_at)""", id);
	}

	/**
	 * Tickets (not cancelled) bought by a recipient within 7 days of their message, and
	 * what they cost: each ticket once, however many messages preceded it.
	 * @param from when the campaign's first message was sent
	 * @param until 7 days after its last one
	 * @param fromTickets read from the tickets sold in that window to their buyers'
	 * messages (fewer tickets than messages), or from each message to its recipient's
	 * tickets by sale time
	 */
	Sales sales(long id, Instant from, Instant until, boolean fromTickets) {
		Map<String, Object> row;
		if (fromTickets) {
			// a probe per ticket (no join with every customer): the buyer's messages,
			// then those of the customers merged into them
			row = this.jdbc.queryForMap("""
					select count(*) as tickets, coalesce(sum(t.price), 0) as revenue from ticket t
					where t.sold_at >= ? and t.sold_at < ? and t.status <> 'CANCELLED'
					  and (exists (select 1 from outbox_message m
					               join customer mc on mc.id = m.customer_id and mc.merged_into is null
					               where m.customer_id = t.customer_id and m.campaign_id = ? and m.status = 'SENT'
					                 and t.sold_at >= m.sent_at and t.sold_at < m.sent_at + interval '7 days')
					       or exists (select 1 from customer mc join outbox_message m on m.customer_id = mc.id
					                  where mc.merged_into = t.customer_id and m.campaign_id = ? and m.status = 'SENT'
					                    and t.sold_at >= m.sent_at and t.sold_at < m.sent_at + interval '7 days'))""",
					Timestamp.from(from), Timestamp.from(until), id, id);
		}
		else {
			row = this.jdbc.queryForMap("""
					select count(*) as tickets, coalesce(sum(t.price), 0) as revenue from ticket t
					where t.status <> 'CANCELLED' and t.ticket_number in (
					    select b.ticket_number from outbox_message m
					    join customer mc on mc.id = m.customer_id
					    join ticket b on b.customer_id = coalesce(mc.merged_into, mc.id)
					                 and b.sold_at >= m.sent_at and b.sold_at < m.sent_at + interval '7 days'
					    where m.campaign_id = ? and m.status = 'SENT')""", id);
		}
		return new Sales(((Number) row.get("tickets")).longValue(), (BigDecimal) row.get("revenue"));
	}

	/**
	 * Whether the query finds fewer rows than {@code than}, reading at most that many.
	 */
	private boolean fewer(String query, Object... argsThenLimit) {
		Long found = this.jdbc.queryForObject("select count(*) from (" + query + " limit ?) x", Long.class,
				argsThenLimit);
		return found != null && found < (Long) argsThenLimit[argsThenLimit.length - 1];
	}

	private long count(String query, Object... args) {
		Long count = this.jdbc.queryForObject(query, Long.class, args);
		return count == null ? 0 : count;
	}

	/**
	 * Folds each campaign's running counts written since the last fold into one row per
	 * key, so that reading a campaign's results stays a few rows. Safe on several
	 * instances at once: one folds, the others skip. Answers the campaigns folded.
	 */
	@Transactional
	public int fold() {
		Boolean mine = this.jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, FOLD_LOCK);
		if (!Boolean.TRUE.equals(mine)) {
			return 0;
		}
		List<Long> campaigns = this.jdbc
			.queryForList("select distinct campaign_id from campaign_message_count where not folded", Long.class);
		if (campaigns.isEmpty()) {
			return 0;
		}
		this.jdbc.update("""
				with gone as (
				    delete from campaign_message_count where campaign_id = any (?) returning *)
				insert into campaign_message_count (campaign_id, status, delivery_status, reason, messages, segments,
				                                    first_sent_at, last_sent_at, folded)
				select campaign_id, status, delivery_status, reason, sum(messages), sum(segments), min(first_sent_at),
				       max(last_sent_at), true
				from gone group by 1, 2, 3, 4 having sum(messages) <> 0 or sum(segments) <> 0""",
				(Object) campaigns.toArray(Long[]::new));
		return campaigns.size();
	}

	record Sales(long tickets, BigDecimal revenue) {
	}

	/** A campaign's running counts, summed. */
	private static final class Tally {

		long targeted;

		long pending;

		long suppressed;

		long sent;

		long uncertain;

		long delivered;

		long failed;

		long segments;

		Instant firstSent;

		Instant lastSent;

		final Map<String, Long> suppressedByReason = new LinkedHashMap<>();

		void add(String status, String delivery, String reason, long messages, long segments, Timestamp firstSent,
				Timestamp lastSent) {
			this.targeted += messages;
			switch (status) {
				case "PENDING" -> this.pending += messages;
				case "SUPPRESSED" -> {
					this.suppressed += messages;
					this.suppressedByReason.merge(reason, messages, Long::sum);
				}
				case "SENT" -> {
					this.sent += messages;
					this.segments += segments;
				}
				case "UNCERTAIN", "SENDING" -> this.uncertain += messages;
				default -> {
				}
			}
			if ("delivered".equals(delivery) || "read".equals(delivery)) {
				this.delivered += messages;
			}
			if ("FAILED".equals(status) || "failed".equals(delivery) || "undelivered".equals(delivery)) {
				this.failed += messages;
			}
			if (messages > 0 && firstSent != null) {
				Instant first = firstSent.toInstant();
				this.firstSent = this.firstSent == null || first.isBefore(this.firstSent) ? first : this.firstSent;
			}
			if (messages > 0 && lastSent != null) {
				Instant last = lastSent.toInstant();
				this.lastSent = this.lastSent == null || last.isAfter(this.lastSent) ? last : this.lastSent;
			}
		}

	}

}

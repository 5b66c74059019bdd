package com.venuehub.sms;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.venuehub.customer.Consents;
import com.venuehub.ingest.Identifiers;
import com.venuehub.platform.DispatchWorkers;
import com.venuehub.platform.Masking;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the SMS outbox. A worker claims due promos with {@code FOR UPDATE SKIP LOCKED}
 * and, in that transaction, applies the rules that always hold: the campaign still runs,
 * the customer still consents to SMS marketing and still holds the number, the number can
 * receive SMS, the venue is within commercial hours (otherwise the message waits for the
 * next open slot), and the frequency cap (checked under a per-customer lock). What may go
 * is marked SENDING and committed before Twilio is called, so a message is handed over at
 * most once: if the hub stops before Twilio's answer is recorded, the message is left
 * uncertain and reconciled, never sent blindly again.
 */
@Component("smsDispatcher")
public class SmsDispatcher {

	private static final Logger log = LoggerFactory.getLogger(SmsDispatcher.class);

	/** First key of the per-customer lock of the frequency cap. */
	private static final int CAP_LOCK = 0x534d53;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final SmsProperties properties;

	private final SmsTransport transport;

	private final Campaigns campaigns;

	private final CommercialHours hours;

	private final Consents consents;

	private final Identifiers identifiers;

	private volatile SendRate rate;

	private final DispatchWorkers workers;

	public SmsDispatcher(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, SmsProperties properties,
			SmsTransport transport, Campaigns campaigns, CommercialHours hours, Consents consents,
			Identifiers identifiers) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.clock = clock;
		this.properties = properties;
		this.transport = transport;
		this.campaigns = campaigns;
		this.hours = hours;
		this.consents = consents;
		this.identifiers = identifiers;
		this.rate = new SendRate(properties.ratePerSecond());
		this.workers = new DispatchWorkers("sms-dispatch", properties.dispatch().workers());
	}

	/** The number of parallel workers draining the SMS outbox on this instance. */
	public int workers() {
		return this.properties.dispatch().workers();
	}

	/** Changes the send rate of this instance (messages per second, 0 for no limit). */
	public void limitRate(double perSecond) {
		this.rate = new SendRate(perSecond);
	}

	@PreDestroy
	void stop() throws InterruptedException {
		this.workers.stop();
	}

	/** Settles every promo due now with the configured workers; answers how many. */
	public int drain() throws Exception {
		return this.workers.drain(this::work);
	}

	private int work() {
		int settled = 0;
		while (!this.workers.stopping()) {
			Claim claim = this.transaction.execute(status -> claim());
			settled += claim.settled();
			boolean trouble = false;
			for (Row row : claim.sending()) {
				if (trouble) {
					// the provider is throttling or unreachable: the rest wait without an
					// attempt
					release(row);
					continue;
				}
				this.rate.acquire();
				if (!handOver(row)) {
					// left too long in the batch: the reconciler has taken it over
					continue;
				}
				trouble = send(row);
			}
			if (claim.settled() == 0 || trouble) {
				return settled;
			}
		}
		return settled;
	}

	/**
	 * Claims a batch of due promos and decides each: suppressed, waiting for the next
	 * open slot, or SENDING.
	 */
	private Claim claim() {
		Instant now = this.clock.instant();
		// the columns of the version locked, read once (no second lookup by id)
		List<Row> due = this.jdbc.query(
				"""
						with due as materialized (
						    select id, customer_id, recipient, venue, campaign_id, voucher_code, attempts, next_attempt_at
						    from outbox_message
						    where status = 'PENDING' and channel = 'SMS' and next_attempt_at <= ?
						    order by next_attempt_at, id limit ? for update skip locked)
						select m.id, m.customer_id, s.id, m.recipient, m.venue, m.campaign_id, m.voucher_code, m.attempts,
						       s.first_name, cp.state, cp.name, cp.venue, cp.template,
						       (select cs.granted from current_consent cs
						        where cs.customer_id = s.id and cs.channel = 'SMS' and cs.purpose = 'MARKETING') as consent,
						       (select i.sms_refused_reason from customer_identifier i
						        where i.kind = 'PHONE' and i.value = m.recipient and i.sms_refused_at is not null limit 1) as refused,
						       exists (select 1 from customer_identifier i where i.customer_id = s.id and i.kind = 'PHONE'
						               and i.value = m.recipient) as held,
						       exists (select 1 from identifier_flag f where f.kind = 'PHONE' and f.value = m.recipient) as flagged
						from due m
						join customer c on c.id = m.customer_id
						-- the customer it was merged into, read only when there is one
						left join customer survivor on survivor.id = c.merged_into
						cross join lateral (
						    select case when c.merged_into is null then c.id else survivor.id end as id,
						           case when c.merged_into is null then c.first_name else survivor.first_name end as first_name) s
						left join campaign cp on cp.id = m.campaign_id
						order by m.next_attempt_at, m.id""",
				(rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
						(Long) rs.getObject(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10),
						rs.getString(11), rs.getString(12), rs.getString(13), (Boolean) rs.getObject(14),
						rs.getString(15), rs.getBoolean(16), rs.getBoolean(17), null),
				Timestamp.from(now), this.properties.dispatch().batch());
		List<Row> open = new ArrayList<>();
		List<Object[]> settled = new ArrayList<>();
		List<Object[]> waiting = new ArrayList<>();
		for (Row row : due) {
			String suppressed = suppression(row);
			if (suppressed != null) {
				settled.add(new Object[] { "SUPPRESSED", suppressed, row.id() });
				continue;
			}
			Optional<CommercialHours.Closed> closed = this.hours.closedAt(row.venue(), now);
			if (closed.isPresent()) {
				waiting.add(new Object[] { Timestamp.from(closed.get().opensAt()),
						"waiting for commercial hours: " + closed.get().reason(), row.id() });
				continue;
			}
			open.add(row);
		}
		Map<Long, Integer> recent = recentPromos(open, now);
		List<Row> sending = new ArrayList<>();
		List<Object[]> marked = new ArrayList<>();
		for (Row row : open) {
			int count = recent.getOrDefault(row.survivorId(), 0);
			if (count >= this.properties.frequencyCap().max()) {
				settled.add(
						new Object[] {
								"SUPPRESSED", "frequency cap reached (" + this.properties.frequencyCap().max()
										+ " promos in " + days(this.properties.frequencyCap().period()) + ")",
								row.id() });
				continue;
			}
			recent.put(row.survivorId(), count + 1);
			String body = this.campaigns.render(campaign(row), row.firstName(), row.voucherCode());
			marked.add(new Object[] { Timestamp.from(now), this.transport.name(), body, SmsSegments.of(body).segments(),
					row.id() });
			sending.add(row.withBody(body));
		}
		// one round trip per kind of outcome for the whole batch
		this.jdbc.batchUpdate("update outbox_message set status = ?, reason = ?, updated_at = now() where id = ?",
				settled);
		this.jdbc.batchUpdate("""
				update outbox_message set next_attempt_at = ?, reason = ?, updated_at = now() where id = ?""", waiting);
		this.jdbc.batchUpdate("""
				update outbox_message set status = 'SENDING', sending_at = ?, attempts = attempts + 1,
				    transport = ?, body_text = ?, segments = ?, updated_at = now() where id = ?""", marked);
		return new Claim(due.size(), sending);
	}

	private String suppression(Row row) {
		if (row.campaignId() != null && "CANCELLED".equals(row.campaignState())) {
			return "campaign cancelled";
		}
		if (!Boolean.TRUE.equals(row.consent())) {
			return "no SMS marketing consent";
		}
		if (row.recipient() == null || !row.held()) {
			return "the customer was erased or no longer holds this number";
		}
		if (this.identifiers.blocked(row.recipient())) {
			return "the number is a placeholder or the venue's own";
		}
		if (row.refused() != null) {
			return "the number cannot receive SMS";
		}
		if (row.flagged()) {
			// flagged after the launch chose it
			return "the number is shared by too many people (flagged)";
		}
		return null;
	}

	/**
	 * Promos each of these customers received in the cap's period. The per-customer
	 * locks, taken in a fixed order, make two workers or instances deciding for one
	 * customer take turns until commit.
	 */
	private Map<Long, Integer> recentPromos(List<Row> rows, Instant now) {
		Map<Long, Integer> recent = new HashMap<>();
		if (rows.isEmpty()) {
			return recent;
		}
		Long[] customers = rows.stream().map(Row::survivorId).distinct().sorted().toArray(Long[]::new);
		this.jdbc.query("select pg_advisory_xact_lock(?, hashtext(c::text)) from unnest(?::bigint[]) c order by c",
				rs -> {
				}, CAP_LOCK, customers);
		this.jdbc.query(
				"""
						select coalesce(c.merged_into, c.id), count(*) from outbox_message m
						join customer c on c.id = m.customer_id
						where m.customer_id in (select id from customer where id = any (?::bigint[]) or merged_into = any (?::bigint[]))
						  and m.channel = 'SMS' and m.kind = 'PROMO' and m.status in """
						+ Campaigns.SENT_STATES + """

								  and coalesce(m.sent_at, m.sending_at) > ?
								group by 1""",
				(RowCallbackHandler) rs -> recent.put(rs.getLong(1), rs.getInt(2)), customers, customers,
				Timestamp.from(now.minus(this.properties.frequencyCap().period())));
		return recent;
	}

	/**
	 * Stamps the moment the message is handed to the transport, if it is still this
	 * worker's: a message left in SENDING longer than {@code uncertain-after} (longer
	 * than any request may last) belongs to the reconciler.
	 */
	private boolean handOver(Row row) {
		return this.jdbc.update("update outbox_message set sending_at = ? where id = ? and status = 'SENDING'",
				Timestamp.from(this.clock.instant()), row.id()) == 1;
	}

	/**
	 * Hands one message to the transport and records the outcome; answers whether the
	 * provider is in trouble (throttling, unreachable) so the worker stops for now.
	 */
	private boolean send(Row row) {
		try {
			SmsTransport.Accepted accepted = this.transport
				.send(new SmsTransport.OutgoingSms(row.id(), row.recipient(), row.body()));
			sent(row.id(), accepted, "sent");
			log.debug("SMS {} sent to {}", row.id(), Masking.phone(row.recipient()));
			return false;
		}
		catch (SmsFailure failure) {
			return failed(row, failure);
		}
		catch (RuntimeException ex) {
			// unknown ground: the request may have left
			return failed(row, new SmsFailure(SmsFailure.Kind.UNCERTAIN, null, "the transport failed: " + ex,
					"the transport failed: " + ex.getClass().getSimpleName(), ex));
		}
	}

	/** Records an accepted message, with the highest status Twilio already reported. */
	void sent(long id, SmsTransport.Accepted accepted, String reason) {
		String reported = """
				(select e.%s from sms_status_event e where e.provider_message_id = ?
				 order by """ + TwilioWebhooks.RANK_SQL.formatted("e.status") + """
				desc, e.id desc limit 1)""";
		this.jdbc.update("""
				update outbox_message set status = 'SENT', reason = ?, sent_at = coalesce(sending_at, ?),
				    provider_message_id = ?, segments = coalesce(?, segments), last_error = null, updated_at = now(),
				    delivery_status = case when """ + TwilioWebhooks.RANK_SQL.formatted(reported.formatted("status"))
				+ " > " + TwilioWebhooks.RANK_SQL.formatted("?::text") + " then " + reported.formatted("status")
				+ " else ? end, delivery_error = " + reported.formatted("error_code") + " where id = ?", reason,
				Timestamp.from(this.clock.instant()), accepted.providerId(), accepted.segments(), accepted.providerId(),
				accepted.status(), accepted.providerId(), accepted.status(), accepted.providerId(), id);
	}

	private boolean failed(Row row, SmsFailure failure) {
		switch (failure.kind()) {
			case TEMPORARY -> {
				retryLater(row, failure);
				return true;
			}
			case UNCERTAIN -> {
				this.jdbc
					.update("""
							update outbox_message set status = 'UNCERTAIN', last_error = ?,
							    reason = 'Twilio may have accepted it: to be reconciled', updated_at = now() where id = ?""",
							failure.getMessage(), row.id());
				log.warn("SMS {} uncertain, to be reconciled: {}", row.id(), failure.summary());
				return true;
			}
			case UNSUBSCRIBED -> {
				// the message failed and the consent revoked together: nobody sees one
				// without the other
				this.transaction.executeWithoutResult(status -> {
					fail(row.id(), "the recipient unsubscribed at Twilio: SMS consent revoked", failure.getMessage());
					this.consents.record(row.survivorId(), Consents.SMS, Consents.MARKETING, false, "twilio",
							"outbox:" + row.id() + ":21610", this.clock.instant());
				});
				log.info("SMS {}: recipient {} unsubscribed at Twilio, SMS consent revoked", row.id(),
						Masking.phone(row.recipient()));
				return false;
			}
			case INVALID_NUMBER -> {
				this.transaction.executeWithoutResult(status -> {
					fail(row.id(), "the number cannot receive SMS: flagged on the customer", failure.getMessage());
					refuseNumber(row.recipient(), failure.getMessage());
				});
				return false;
			}
			default -> {
				fail(row.id(), "refused by Twilio", failure.getMessage());
				log.warn("SMS {} refused: {}", row.id(), failure.summary());
				return false;
			}
		}
	}

	/** Flags a number Twilio cannot deliver to, on every customer holding it. */
	void refuseNumber(String number, String why) {
		this.jdbc.update("""
				update customer_identifier set sms_refused_reason = ?, sms_refused_at = ?
				where kind = 'PHONE' and value = ? and sms_refused_at is null""", why,
				Timestamp.from(this.clock.instant()), number);
		log.info("Number {} flagged: it cannot receive SMS", Masking.phone(number));
	}

	private void retryLater(Row row, SmsFailure failure) {
		String error = failure.getMessage();
		int attempts = row.attempts() + 1;
		if (attempts >= this.properties.dispatch().maxAttempts()) {
			fail(row.id(), "gave up after " + attempts + " attempts", error);
			return;
		}
		Duration backoff = this.properties.dispatch().initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
		if (backoff.compareTo(this.properties.dispatch().maxBackoff()) > 0) {
			backoff = this.properties.dispatch().maxBackoff();
		}
		this.jdbc.update("""
				update outbox_message set status = 'PENDING', last_error = ?, next_attempt_at = ?, sending_at = null,
				    updated_at = now() where id = ?""", error, Timestamp.from(this.clock.instant().plus(backoff)),
				row.id());
		log.warn("SMS {} not accepted, attempt {} again in {}: {}", row.id(), attempts, backoff, failure.summary());
	}

	/** A message claimed but not tried: back to pending without counting an attempt. */
	private void release(Row row) {
		this.jdbc.update("""
				update outbox_message set status = 'PENDING', attempts = attempts - 1, sending_at = null,
				    updated_at = now() where id = ? and status = 'SENDING'""", row.id());
	}

	private void fail(long id, String reason, String error) {
		this.jdbc.update("""
				update outbox_message set status = 'FAILED', reason = ?, last_error = ?, updated_at = now()
				where id = ?""", reason, error, id);
	}

	private void settle(long id, String status, String reason) {
		this.jdbc.update("update outbox_message set status = ?, reason = ?, updated_at = now() where id = ?", status,
				reason, id);
	}

	/**
	 * Messages left SENDING by a stopped hub become uncertain; uncertain ones are looked
	 * up at the provider: found, they are sent; not found, they go again. Answers how
	 * many were settled.
	 */
	public int reconcile() {
		Instant now = this.clock.instant();
		this.jdbc.update("""
				update outbox_message set status = 'UNCERTAIN', updated_at = now(),
				    reason = 'the hub stopped while handing it to Twilio: to be reconciled'
				where status = 'SENDING' and sending_at < ?""",
				Timestamp.from(now.minus(this.properties.dispatch().uncertainAfter())));
		List<Uncertain> uncertain = this.jdbc.query("""
				select id, recipient, body_text, sending_at, attempts from outbox_message
				where status = 'UNCERTAIN' and channel = 'SMS' and sending_at < ? order by id limit 100""",
				(rs, n) -> new Uncertain(rs.getLong(1), rs.getString(2), rs.getString(3),
						rs.getTimestamp(4).toInstant(), rs.getInt(5)),
				Timestamp.from(now.minus(this.properties.dispatch().reconcileAfter())));
		int settled = 0;
		for (Uncertain message : uncertain) {
			try {
				Optional<SmsTransport.Accepted> found = this.transport.find(message.recipient(), message.body(),
						message.sendingAt().minusSeconds(60));
				if (found.isPresent()) {
					sent(message.id(), found.get(), "sent (found at Twilio after an uncertain answer)");
					log.info("SMS {} reconciled: Twilio has it", message.id());
				}
				else if (message.attempts() >= this.properties.dispatch().maxAttempts()) {
					fail(message.id(), "not found at Twilio after an uncertain answer, gave up", null);
				}
				else {
					this.jdbc.update("""
							update outbox_message set status = 'PENDING', next_attempt_at = ?, sending_at = null,
							    reason = 'not found at Twilio after an uncertain answer: sent again', updated_at = now()
							where id = ? and status = 'UNCERTAIN'""", Timestamp.from(now), message.id());
					log.info("SMS {} reconciled: Twilio does not have it, it goes again", message.id());
				}
				settled++;
			}
			catch (SmsFailure ex) {
				log.warn("SMS {} could not be reconciled yet: {}", message.id(), ex.summary());
			}
		}
		return settled;
	}

	private Campaigns.Campaign campaign(Row row) {
		return new Campaigns.Campaign(row.campaignId() == null ? 0 : row.campaignId(), row.campaignName(),
				row.campaignVenue() == null ? row.venue() : row.campaignVenue(), null, row.template(), null, null,
				row.campaignState(), null, null, null, null, null, null, null, null);
	}

	private static String days(Duration period) {
		return period.toHours() % 24 == 0 ? period.toDays() + " days" : period.toHours() + " hours";
	}

	private record Claim(int settled, List<Row> sending) {
	}

	private record Row(long id, long customerId, long survivorId, String recipient, String venue, Long campaignId,
			String voucherCode, int attempts, String firstName, String campaignState, String campaignName,
			String campaignVenue, String template, Boolean consent, String refused, boolean held, boolean flagged,
			String body) {

		Row withBody(String text) {
			return new Row(this.id, this.customerId, this.survivorId, this.recipient, this.venue, this.campaignId,
					this.voucherCode, this.attempts, this.firstName, this.campaignState, this.campaignName,
					this.campaignVenue, this.template, this.consent, this.refused, this.held, this.flagged, text);
		}

	}

	private record Uncertain(long id, String recipient, String body, Instant sendingAt, int attempts) {
	}

	/**
	 * Spaces sends evenly at the configured rate over all workers of this instance: each
	 * send reserves the next slot and waits for it.
	 */
	static final class SendRate {

		private final long intervalNanos;

		private long next;

		SendRate(double perSecond) {
			this.intervalNanos = perSecond <= 0 ? 0 : (long) (1_000_000_000L / perSecond);
		}

		void acquire() {
			if (this.intervalNanos == 0) {
				return;
			}
			long slot;
			synchronized (this) {
				long now = System.nanoTime();
				slot = Math.max(now, this.next);
				this.next = slot + this.intervalNanos;
			}
			long wait = slot - System.nanoTime();
			if (wait > 0) {
				try {
					Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}

package com.venuehub.email;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.ingest.Identifiers;
import com.venuehub.platform.DispatchWorkers;
import com.venuehub.platform.GenericPlan;
import com.venuehub.platform.Masking;
import com.venuehub.unify.Capability;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the email outbox: claims each due row with {@code FOR UPDATE SKIP LOCKED} (so
 * any number of workers and hub instances never take the same row), checks it may still
 * go, renders it in the customer's language, hands it to the transport and records the
 * outcome in the same transaction. A temporary failure leaves the row pending with a
 * growing back-off: the outbox is the retry queue.
 */
@Component("emailDispatcher")
public class EmailDispatcher {

	private static final Logger log = LoggerFactory.getLogger(EmailDispatcher.class);

	/**
	 * Reseller stock alerts and digests (reseller package): their model is decided with
	 * them, in the payload.
	 */
	static final String STOCK_ALERT = "STOCK_ALERT";

	static final String STOCK_DIGEST = "STOCK_DIGEST";

	/** What a sent row becomes; {@code u} is the batch's sent rows. */
	private static final String SETTLE_SENT = """
			update outbox_message m set status = 'SENT', reason = coalesce(m.reason, 'sent'), sent_at = u.sent_at,
			    transport = ?, provider_message_id = u.provider_id, attempts = m.attempts + 1, last_error = null,
			    subject = u.subject, body_text = u.body_text, body_html = u.body_html, updated_at = now()
			""";

	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final EmailProperties properties;

	private final EmailTemplates templates;

	private final MailTransport transport;

	private final DispatchWorkers workers;

	private final ObjectMapper json;

	private final Identifiers identifiers;

	public EmailDispatcher(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, EmailProperties properties,
			EmailTemplates templates, MailTransport transport, ObjectMapper json, Identifiers identifiers) {
		this.jdbc = jdbc;
		this.identifiers = identifiers;
		this.json = json;
		this.transaction = transaction;
		this.clock = clock;
		this.properties = properties;
		this.templates = templates;
		this.transport = transport;
		this.workers = new DispatchWorkers("email-dispatch", properties.dispatch().workers());
	}

	@PreDestroy
	void stop() throws InterruptedException {
		this.workers.stop();
	}

	/**
	 * Settles every message due now, with the configured number of parallel workers;
	 * answers how many.
	 */
	public int drain() throws Exception {
		return this.workers.drain(this::work);
	}

	private int work() {
		int settled = 0;
		try (MailTransport.Connection connection = this.transport.open()) {
			// where the previous batch of this drain ended: the rows before it were
			// settled or are held by another worker, and each settled row leaves a dead
			// entry at the head of the pending index until the next vacuum, which a
			// claim from the start would walk past again; a row this drain passed by
			// (one whose worker rolled back, one written by a transaction that began
			// before the cursor) is taken by the next drain, which starts from the head
			Cursor after = Cursor.START;
			while (!this.workers.stopping()) {
				Cursor from = after;
				Batch batch = this.transaction.execute(status -> sendBatch(connection, from));
				settled += batch.settled();
				if (batch.settled() == 0 || batch.relayTrouble()) {
					// nothing left, or the relay is in trouble: the other rows wait for
					// the next drain
					break;
				}
				after = batch.last();
			}
		}
		return settled;
	}

	/**
	 * Claims up to a batch of due rows and settles them in one transaction (one commit
	 * per batch).
	 */
	private Batch sendBatch(MailTransport.Connection connection, Cursor after) {
		Instant now = this.clock.instant();
		// the row, its customer (after merges) and what may stop it, in one round trip;
		// the address must still be the message's own customer's, not merely someone's
		// (after an unmerge it belongs to the other person);
		// the due rows are taken first, through the channel's index and nothing else,
		// with the columns of the version locked (read once: no second lookup by id);
		// on its generic plan: the plan is the same for any values, and planned at each
		// call it was a fifth of the claim's cost
		List<Row> due = GenericPlan.run(this.jdbc, () -> this.jdbc.query("""
				with due as materialized (
				    select id, dedup_key, kind, customer_id, recipient, venue, sale_source, sale_ref, valid_until,
				           offset_days, attempts, payload, next_attempt_at, ctid
				    from outbox_message
				    where status = 'PENDING' and channel = 'EMAIL' and next_attempt_at <= ?
				        and (next_attempt_at, id) > (?, ?)
				    order by next_attempt_at, id limit %d for update skip locked)
				select m.id, m.dedup_key, m.kind, m.customer_id, m.recipient, m.venue, m.sale_source, m.sale_ref,
				       m.valid_until, m.offset_days, m.attempts, v.id as survivor, v.first_name, v.locale, m.payload,
				       (select b.reason from email_address_status b
				        where b.address = m.recipient and b.status = 'BOUNCING') as bouncing,
				       exists (select 1 from customer_identifier i
				               where i.kind = 'EMAIL' and i.value = m.recipient and i.customer_id = v.id) as held,
				       v.erased_at is not null as erased,
				       exists (select 1 from identifier_flag f
				               where f.kind = 'EMAIL' and f.value = m.recipient) as flagged,
				       m.next_attempt_at, m.ctid::text
				from due m
				left join customer c on c.id = m.customer_id
				-- the customer it was merged into, read only when there is one
				left join customer s on s.id = c.merged_into
				cross join lateral (
				    select case when c.merged_into is null then c.id else s.id end as id,
				           case when c.merged_into is null then c.first_name else s.first_name end as first_name,
				           case when c.merged_into is null then c.locale else s.locale end as locale,
				           case when c.merged_into is null then c.erased_at else s.erased_at end as erased_at) v
				order by m.next_attempt_at, m.id""".formatted(this.properties.dispatch().batch()),
				(rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4),
						rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
						rs.getDate(9) == null ? null : rs.getDate(9).toLocalDate(), (Integer) rs.getObject(10),
						rs.getInt(11), new CustomerView((Long) rs.getObject(12), rs.getString(13), rs.getString(14)),
						rs.getString(16), rs.getBoolean(17), rs.getString(15), rs.getBoolean(18), rs.getBoolean(19),
						new Cursor(rs.getTimestamp(20), rs.getLong(1)), rs.getString(21)),
				Timestamp.from(now), after.nextAttemptAt(), after.id()));
		int settled = 0;
		List<Sent> sent = new ArrayList<>(due.size());
		boolean deferred = false;
		Map<String, List<TicketView>> tickets = tickets(due);
		for (Row row : due) {
			settled++;
			if (send(row, connection, now, sent, tickets) == Outcome.DEFERRED) {
				// rows of the batch not tried yet are released untouched at commit
				deferred = true;
				break;
			}
		}
		settleSent(sent);
		return new Batch(settled, deferred, due.isEmpty() ? after : due.get(due.size() - 1).position());
	}

	/** An email the relay took, as its row is settled with the batch. */
	private record Sent(long id, String tupleId, Timestamp sentAt, String providerId,
			EmailTemplates.Rendered rendered) {
	}

	/**
	 * The batch's sent rows, in one statement of the batch's transaction. Each row is
	 * found by the place of the version the claim locked ({@code ctid}): the lock keeps
	 * it there until the commit, and a lookup by place reads one page where the primary
	 * key reads four. A row not found there (which the lock should make impossible) is
	 * found by its id.
	 */
	private void settleSent(List<Sent> sent) {
		if (sent.isEmpty()) {
			return;
		}
		List<Long> settled = this.jdbc.queryForList(SETTLE_SENT + """
				from unnest(?::tid[], ?::bigint[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[])
				    as u(tid, id, sent_at, provider_id, subject, body_text, body_html)
				where m.ctid = u.tid and m.id = u.id and m.status = 'PENDING'
				returning m.id""", Long.class, this.transport.name(),
				sent.stream().map(Sent::tupleId).toArray(String[]::new),
				sent.stream().map(Sent::id).toArray(Long[]::new),
				sent.stream().map(Sent::sentAt).toArray(Timestamp[]::new),
				sent.stream().map(Sent::providerId).toArray(String[]::new),
				sent.stream().map(x -> x.rendered().subject()).toArray(String[]::new),
				sent.stream().map(x -> x.rendered().text()).toArray(String[]::new),
				sent.stream().map(x -> x.rendered().html()).toArray(String[]::new));
		if (settled.size() < sent.size()) {
			Set<Long> done = new HashSet<>(settled);
			List<Sent> rest = sent.stream().filter(x -> !done.contains(x.id())).toList();
			log.warn("{} sent emails not found where their claim locked them; settled by id", rest.size());
			settleSentById(rest);
		}
	}

	private void settleSentById(List<Sent> sent) {
		this.jdbc.update(SETTLE_SENT + """
				from unnest(?::bigint[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[])
				    as u(id, sent_at, provider_id, subject, body_text, body_html)
				where m.id = u.id""", this.transport.name(), sent.stream().map(Sent::id).toArray(Long[]::new),
				sent.stream().map(Sent::sentAt).toArray(Timestamp[]::new),
				sent.stream().map(Sent::providerId).toArray(String[]::new),
				sent.stream().map(x -> x.rendered().subject()).toArray(String[]::new),
				sent.stream().map(x -> x.rendered().text()).toArray(String[]::new),
				sent.stream().map(x -> x.rendered().html()).toArray(String[]::new));
	}

	private Outcome send(Row row, MailTransport.Connection connection, Instant now, List<Sent> sent,
			Map<String, List<TicketView>> ticketsOf) {
		boolean resellerMail = STOCK_ALERT.equals(row.kind()) || STOCK_DIGEST.equals(row.kind());
		String suppressed = resellerMail ? resellerMailSuppression(row) : suppression(row);
		if (suppressed != null) {
			settle(row, "SUPPRESSED", suppressed, null);
			return Outcome.SETTLED;
		}
		CustomerView customer = row.customer();
		Map<String, Object> payload = resellerMail ? payload(row) : null;
		List<TicketView> listed = List.of();
		if (!resellerMail) {
			List<TicketView> tickets = ticketsOf.getOrDefault(ticketsKey(row), List.of());
			listed = tickets.stream().filter(t -> listed(row, t)).toList();
			if (listed.isEmpty()) {
				settle(row, "SUPPRESSED", nothingLeft(row, tickets), null);
				return Outcome.SETTLED;
			}
		}
		String locale = resellerMail ? (String) payload.get("locale") : customer.locale();
		String language = this.properties.locales().contains(locale) ? locale : this.properties.defaultLocale();
		EmailProperties.Venue venue = this.properties.venue(row.venue());
		EmailTemplates.Rendered rendered;
		try {
			Map<String, Object> model = resellerMail ? new HashMap<>(payload)
					: model(row, customer, venue, listed, language);
			model.putIfAbsent("venueName", venue.name());
			rendered = this.templates.render(row.kind().toLowerCase().replace('_', '-'), language, venue, model);
		}
		catch (RuntimeException ex) {
			// most likely an edited template: kept pending until it is fixed, then failed
			// with the reason
			return deferred(row, now, "the email cannot be rendered: " + ex.getMessage(), null);
		}
		String messageId = "<outbox." + row.id() + "@" + this.properties.smtp().messageIdDomain() + ">";
		OutgoingEmail email = new OutgoingEmail(row.id(), row.dedupKey(), messageId, venue.from(), venue.replyTo(),
				row.recipient(), rendered.subject(), rendered.text(), rendered.html());
		String providerId;
		try {
			providerId = connection.send(email);
		}
		catch (TemporaryMailFailure ex) {
			keep(row, rendered);
			return deferred(row, now, ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			// whatever the transport throws stays with this row: the rows already sent in
			// the batch commit
			keep(row, rendered);
			return deferred(row, now, "the transport failed: " + ex, ex);
		}
		catch (RecipientRefusedException ex) {
			keep(row, rendered);
			this.jdbc.update("""
					insert into email_address_status (address, status, reason, since) values (?, 'BOUNCING', ?, ?)
					on conflict (address) do update set status = 'BOUNCING', reason = excluded.reason,
					    since = excluded.since""", row.recipient(), ex.getMessage(), Timestamp.from(now));
			settle(row, "FAILED", "the address is bouncing, nothing more is sent to it: " + ex.getMessage(),
					this.transport.name());
			log.warn("Email {} refused for good: {} now marked bouncing", row.id(), Masking.email(row.recipient()));
			return Outcome.SETTLED;
		}
		catch (MessageRefusedException ex) {
			keep(row, rendered);
			settle(row, "FAILED", ex.getMessage(), this.transport.name());
			log.warn("Email {} ({}) refused for good by the relay", row.id(), row.kind());
			return Outcome.SETTLED;
		}
		sent.add(new Sent(row.id(), row.tupleId(), Timestamp.from(this.clock.instant()), providerId, rendered));
		log.debug("Email {} ({}) sent to {}", row.id(), row.kind(), Masking.email(row.recipient()));
		return Outcome.SETTLED;
	}

	private void keep(Row row, EmailTemplates.Rendered rendered) {
		this.jdbc.update("update outbox_message set subject = ?, body_text = ?, body_html = ? where id = ?",
				rendered.subject(), rendered.text(), rendered.html(), row.id());
	}

	private Outcome deferred(Row row, Instant now, String error, Exception cause) {
		int attempts = row.attempts() + 1;
		if (attempts >= this.properties.dispatch().maxAttempts()) {
			this.jdbc.update("update outbox_message set attempts = ?, last_error = ? where id = ?", attempts, error,
					row.id());
			settle(row, "FAILED", "gave up after " + attempts + " attempts: " + error, this.transport.name());
			log.warn("Email {} ({}) failed after {} attempts", row.id(), row.kind(), attempts);
			return Outcome.SETTLED;
		}
		Duration backoff = this.properties.dispatch().initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
		if (backoff.compareTo(this.properties.dispatch().maxBackoff()) > 0) {
			backoff = this.properties.dispatch().maxBackoff();
		}
		this.jdbc.update("""
				update outbox_message set attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = now()
				where id = ?""", attempts, error, Timestamp.from(now.plus(backoff)), row.id());
		log.warn("Email {} ({}) deferred, attempt {} in {}: {}", row.id(), row.kind(), attempts, backoff,
				cause == null ? "render failure" : cause.getClass().getSimpleName());
		return Outcome.DEFERRED;
	}

	private void settle(Row row, String status, String reason, String transport) {
		this.jdbc.update("""
				update outbox_message set status = ?, reason = ?, transport = coalesce(?, transport), updated_at = now()
				where id = ?""", status, reason, transport, row.id());
	}

	/**
	 * A stock alert or digest goes to a reseller or the sales team, not a customer: only
	 * a bouncing address stops it.
	 */
	private static String resellerMailSuppression(Row row) {
		if (row.recipient() == null) {
			return "no address to send the alert to";
		}
		return row.bouncing() == null ? null : "the address is bouncing (" + row.bouncing() + ")";
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> payload(Row row) {
		try {
			return row.payload() == null ? Map.of() : this.json.readValue(row.payload(), Map.class);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("outbox message " + row.id() + " has an unreadable payload", ex);
		}
	}

	/** Why the row must not go at all, or null. */
	private String suppression(Row row) {
		if (row.erased()) {
			// whoever holds the address now, this message was decided for a person who
			// was erased
			return Capability.ERASED;
		}
		if (row.recipient() == null) {
			return "the customer has no email address";
		}
		if (row.bouncing() != null) {
			return "the address is bouncing (" + row.bouncing() + ")";
		}
		if (!row.held()) {
			return "the customer no longer has this address";
		}
		// an address flagged after the decision, or one an earlier version kept as an
		// identifier: a placeholder, or at a mistyped provider
		if (this.identifiers.blocked(row.recipient())) {
			return "the address is a placeholder or the venue's own";
		}
		String provider = this.identifiers.mistypedProvider(row.recipient());
		if (provider != null) {
			return "the address is at '" + provider + "' mistyped";
		}
		if (row.flagged()) {
			return "the address is shared by too many people (flagged)";
		}
		return null;
	}

	/**
	 * The tickets each message of a batch lists, in two statements for the whole batch: a
	 * confirmation's are its sale's, a reminder's its customer's (after merges) valid
	 * until its date.
	 */
	private Map<String, List<TicketView>> tickets(List<Row> rows) {
		List<Row> confirmations = new ArrayList<>();
		List<Row> reminders = new ArrayList<>();
		for (Row row : rows) {
			if (STOCK_ALERT.equals(row.kind()) || STOCK_DIGEST.equals(row.kind())) {
				continue;
			}
			if ("CONFIRMATION".equals(row.kind())) {
				confirmations.add(row);
			}
			else if (row.customer().id() != null && row.validUntil() != null) {
				reminders.add(row);
			}
		}
		Map<String, List<TicketView>> tickets = new HashMap<>();
		String select = """
				select s.key, t.ticket_number, t.product_name, t.product_code, t.valid_from, t.valid_until, t.status,
				       t.used_at, t.cancelled_at
				from ticket t join unnest(?::text[], ?::text[], ?::text[]) as s(key, a, b)""";
		org.springframework.jdbc.core.RowCallbackHandler collect = rs -> tickets
			.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
			.add(new TicketView(rs.getString(2), rs.getString(3) == null ? rs.getString(4) : rs.getString(3),
					rs.getDate(5) == null ? null : rs.getDate(5).toLocalDate(),
					rs.getDate(6) == null ? null : rs.getDate(6).toLocalDate(), rs.getString(7),
					rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(),
					rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()));
		if (!confirmations.isEmpty()) {
			this.jdbc.query(select + " on t.sale_ref = s.b and t.source = s.a order by s.key, t.ticket_number", collect,
					confirmations.stream().map(EmailDispatcher::ticketsKey).toArray(String[]::new),
					confirmations.stream().map(Row::saleSource).toArray(String[]::new),
					confirmations.stream().map(Row::saleRef).toArray(String[]::new));
		}
		if (!reminders.isEmpty()) {
			this.jdbc.query(select + """
					 on t.customer_id = s.a::bigint and t.valid_until = s.b::date
					order by s.key, t.ticket_number""", collect,
					reminders.stream().map(EmailDispatcher::ticketsKey).toArray(String[]::new),
					reminders.stream().map(r -> r.customer().id().toString()).toArray(String[]::new),
					reminders.stream().map(r -> r.validUntil().toString()).toArray(String[]::new));
		}
		return tickets;
	}

	/**
	 * Which tickets a message lists: its sale's, or its customer's valid until a date.
	 */
	private static String ticketsKey(Row row) {
		return "CONFIRMATION".equals(row.kind()) ? "sale\u001f" + row.saleSource() + "\u001f" + row.saleRef()
				: "valid\u001f" + row.customer().id() + "\u001f" + row.validUntil();
	}

	private static boolean listed(Row row, TicketView ticket) {
		// a confirmation lists what was bought (even if already scanned); a reminder what
		// is still unused
		return "CONFIRMATION".equals(row.kind()) ? !"CANCELLED".equals(ticket.status())
				: "VALID".equals(ticket.status());
	}

	private String nothingLeft(Row row, List<TicketView> tickets) {
		if (tickets.isEmpty()) {
			return "no ticket of this " + ("CONFIRMATION".equals(row.kind()) ? "sale" : "customer expiring then")
					+ " is left";
		}
		ZoneId zone = this.properties.zoneId();
		List<String> why = new ArrayList<>();
		for (TicketView ticket : tickets) {
			if (ticket.usedAt() != null && "USED".equals(ticket.status())) {
				why.add(ticket.number() + " used " + LOCAL_TIME.format(ticket.usedAt().atZone(zone)));
			}
			else if (ticket.cancelledAt() != null) {
				why.add(ticket.number() + " cancelled " + LOCAL_TIME.format(ticket.cancelledAt().atZone(zone)));
			}
			else {
				why.add(ticket.number() + " " + ticket.status().toLowerCase());
			}
		}
		return ("CONFIRMATION".equals(row.kind()) ? "the order was cancelled before the confirmation went out: "
				: "every ticket was used or cancelled before the reminder: ") + String.join(", ", why);
	}

	private Map<String, Object> model(Row row, CustomerView customer, EmailProperties.Venue venue,
			List<TicketView> tickets, String language) {
		Map<String, Object> model = new HashMap<>();
		model.put("firstName", customer.firstName());
		model.put("venueName", venue.name());
		model.put("saleRef", row.saleRef());
		model.put("ticketCount", tickets.size());
		model.put("severalTickets", tickets.size() > 1);
		List<Map<String, Object>> lines = new ArrayList<>();
		for (TicketView ticket : tickets) {
			lines.add(Map.of("number", ticket.number(), "product", ticket.product() == null ? "" : ticket.product(),
					"validFrom", ValidityDates.format(ticket.validFrom(), language), "validUntil",
					ValidityDates.format(ticket.validUntil(), language)));
		}
		model.put("tickets", lines);
		if (row.validUntil() != null) {
			model.put("validUntil", ValidityDates.format(row.validUntil(), language));
			model.put("days", row.offsetDays());
			model.put("lastDay", Integer.valueOf(0).equals(row.offsetDays()));
			model.put("tomorrow", Integer.valueOf(1).equals(row.offsetDays()));
			model.put("inDays", row.offsetDays() != null && row.offsetDays() > 1);
		}
		return model;
	}

	private enum Outcome {

		SETTLED, DEFERRED

	}

	private record Batch(int settled, boolean relayTrouble, Cursor last) {
	}

	/** A place in the order rows are claimed in: due time, then id. */
	private record Cursor(Timestamp nextAttemptAt, long id) {

		/** Before every row. */
		static final Cursor START = new Cursor(Timestamp.from(Instant.EPOCH), 0);

	}

	private record Row(long id, String dedupKey, String kind, Long customerId, String recipient, String venue,
			String saleSource, String saleRef, LocalDate validUntil, Integer offsetDays, int attempts,
			CustomerView customer, String bouncing, boolean held, String payload, boolean erased, boolean flagged,
			Cursor position, String tupleId) {
	}

	private record CustomerView(Long id, String firstName, String locale) {
	}

	private record TicketView(String number, String product, LocalDate validFrom, LocalDate validUntil, String status,
			Instant usedAt, Instant cancelledAt) {
	}

}

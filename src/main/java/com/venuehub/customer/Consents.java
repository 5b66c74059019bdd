package com.venuehub.customer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.unify.Fact;
import com.venuehub.unify.MergeFollower;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Consent per customer, channel (EMAIL, SMS) and purpose (MARKETING). Every statement is
 * kept with its source, source record and event time; the current consent is the latest
 * statement by event time, whatever the arrival order, and a revocation wins over a grant
 * of the same instant. An explicit opt-out by the person (a STOP reply, an unsubscribe,
 * an opt-out form: the revocations of {@link ConsentProperties#allOptOutSources()}) is
 * never overridden by a statement received before it, whatever its event time. An empty
 * opt-in flag states nothing. The view {@code current_consent} holds these rules, for
 * every reader.
 */
@Component
public class Consents implements MergeFollower {

	public static final String EMAIL = "EMAIL";

	public static final String SMS = "SMS";

	public static final String MARKETING = "MARKETING";

	private final JdbcTemplate jdbc;

	private final String[] optOutSources;

	public Consents(JdbcTemplate jdbc, ConsentProperties properties) {
		this.jdbc = jdbc;
		this.optOutSources = properties.allOptOutSources().toArray(String[]::new);
	}

	/**
	 * Records the opt-in flags the batch's events carry for the customers they resolved
	 * to (inside unify), in one statement. An event the batch took back from the customer
	 * it had joined (a record naming nobody whose email or phone a household turned out
	 * to share) leaves its opt-outs with that customer: a refusal given for the
	 * household's email or phone holds, whichever member gave it.
	 * @param takenFrom the customer each event taken back had joined, by event id
	 */
	void apply(List<Fact> facts, Map<String, Long> takenFrom) {
		List<Object[]> rows = new ArrayList<>();
		for (Fact fact : facts) {
			Contact contact = fact.event().contact();
			Long customer = fact.customerId();
			boolean refusalsOnly = customer == null;
			if (refusalsOnly) {
				customer = takenFrom.get(fact.event().id());
			}
			if (contact == null || customer == null) {
				continue;
			}
			if (contact.optinEmail() != null && !(refusalsOnly && contact.optinEmail())) {
				rows.add(new Object[] { fact, EMAIL, contact.optinEmail(), customer });
			}
			if (contact.optinSms() != null && !(refusalsOnly && contact.optinSms())) {
				rows.add(new Object[] { fact, SMS, contact.optinSms(), customer });
			}
		}
		if (rows.isEmpty()) {
			return;
		}
		this.jdbc.update("""
				insert into consent_statement (customer_id, channel, purpose, granted, source, source_record, stated_at,
				    explicit_opt_out)
				select s.customer_id, s.channel, ?, s.granted, s.source, s.source_record, s.stated_at,
				       not s.granted and s.source = any (?::text[])
				from unnest(?::bigint[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::timestamptz[])
				     as s(customer_id, channel, granted, source, source_record, stated_at)
				on conflict on constraint consent_statement_once do nothing""", MARKETING, this.optOutSources,
				rows.stream().map(r -> (Long) r[3]).toArray(Long[]::new),
				rows.stream().map(r -> (String) r[1]).toArray(String[]::new),
				rows.stream().map(r -> (Boolean) r[2]).toArray(Boolean[]::new),
				rows.stream().map(r -> ((Fact) r[0]).event().source()).toArray(String[]::new),
				rows.stream().map(r -> ((Fact) r[0]).event().id()).toArray(String[]::new),
				rows.stream()
					.map(r -> Timestamp.from(((Fact) r[0]).event().occurredAt().toInstant()))
					.toArray(Timestamp[]::new));
	}

	/**
	 * Records one statement; the same source record stating it again changes nothing. A
	 * revocation from an opt-out source (a STOP reply) is an explicit opt-out.
	 */
	public void record(long customerId, String channel, String purpose, boolean granted, String source,
			String sourceRecord, Instant statedAt) {
		record(customerId, channel, purpose, granted, source, sourceRecord, statedAt, null);
	}

	/**
	 * Records one statement received by the hub at {@code receivedAt} (null: now), which
	 * may be before it is recorded: a STOP answered to Twilio, applied once the database
	 * takes it, outranks what the hub received before the STOP, not before its recording.
	 */
	public void record(long customerId, String channel, String purpose, boolean granted, String source,
			String sourceRecord, Instant statedAt, Instant receivedAt) {
		this.jdbc.update("""
				insert into consent_statement (customer_id, channel, purpose, granted, source, source_record, stated_at,
				    explicit_opt_out, received_at)
				values (?, ?, ?, ?, ?, ?, ?, not ? and ? = any (?::text[]), coalesce(?::timestamptz, now()))
				on conflict on constraint consent_statement_once do nothing""", customerId, channel, purpose, granted,
				source, sourceRecord, Timestamp.from(statedAt), granted, source, this.optOutSources,
				receivedAt == null ? null : Timestamp.from(receivedAt));
	}

	@Override
	public void merged(long survivorId, long mergedId) {
		// both histories now speak for the survivor: the latest statement of either holds
		this.jdbc.update("update consent_statement set customer_id = ? where customer_id = ?", survivorId, mergedId);
	}

	/** The current consent per channel and purpose, with the statement it comes from. */
	public List<Consent> currentOf(long customerId) {
		return this.jdbc.query("""
				select channel, purpose, granted, source, source_record, stated_at, received_at from current_consent
				where customer_id = ? order by channel, purpose""", (rs, n) -> consent(rs), customerId);
	}

	/** Every statement, newest event first. */
	public List<Consent> historyOf(long customerId) {
		return this.jdbc.query("""
				select channel, purpose, granted, source, source_record, stated_at, received_at from consent_statement
				where customer_id = ? order by stated_at desc, id desc""", (rs, n) -> consent(rs), customerId);
	}

	/**
	 * Whether the customer currently consents to the channel for marketing (no statement:
	 * no).
	 */
	public boolean grants(long customerId, String channel) {
		return Boolean.TRUE.equals(this.jdbc.query("""
				select granted from current_consent where customer_id = ? and channel = ? and purpose = ?""",
				rs -> rs.next() ? rs.getBoolean(1) : null, customerId, channel, MARKETING));
	}

	private static Consent consent(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Consent(rs.getString(1), rs.getString(2), rs.getBoolean(3) ? "GRANTED" : "REVOKED", rs.getString(4),
				rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
	}

	/**
	 * @param state GRANTED or REVOKED
	 * @param sourceRecord the canonical event (or message) that stated it
	 * @param statedAt when the person stated it (the event's time)
	 */
	public record Consent(String channel, String purpose, String state, String source, String sourceRecord,
			Instant statedAt, Instant receivedAt) {
	}

}

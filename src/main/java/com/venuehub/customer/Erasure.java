package com.venuehub.customer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.venuehub.platform.ApiException;
import com.venuehub.platform.OperatorActions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.venuehub.ingest.Identifiers;
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.unify.Capability;
import org.springframework.http.HttpStatus;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Erases a person: their personal data is removed or irreversibly replaced everywhere the
 * hub keeps it, and what the venue's accounts and figures need stays, anonymous. The
 * customer row stays as the anonymous holder of the tickets, the loyalty card's
 * transactions and the kiosk scores, marked erased; pending messages to the person are
 * suppressed; quarantined records carrying their email, phone or card are erased too. The
 * erasure is recorded (who, when, counts) without personal data. Called by
 * {@link Unifier#erase} inside its transaction, under unify's locks.
 */
@Component
public class Erasure {

	private static final Logger log = LoggerFactory.getLogger(Erasure.class);

	/** The reason of every message suppressed because its customer was erased. */
	public static final String REASON = Capability.ERASED;

	private static final String ERASED_PAYLOAD = "[erased: this record carried the personal data of an erased customer]";

	private final JdbcTemplate jdbc;

	private final List<Capability> capabilities;

	private final Identifiers identifiers;

	private final Clock clock;

	private final ObjectMapper json;

	private final OperatorActions actions;

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	public Erasure(JdbcTemplate jdbc, Identifiers identifiers, Clock clock, ObjectMapper json,
			List<Capability> capabilities, OperatorActions actions) {
		this.jdbc = jdbc;
		this.actions = actions;
		this.capabilities = List.copyOf(capabilities);
		this.identifiers = identifiers;
		this.clock = clock;
		this.json = json;
	}

	/**
	 * Erases the survivor and the customers merged into it (one person); their rows and
	 * identifiers are locked by the caller.
	 */
	Receipt erase(long survivor, long requestedId, List<Long> cluster, String erasedBy, String reference) {
		Instant now = this.clock.instant();
		Timestamp at = Timestamp.from(now);
		Long[] ids = cluster.toArray(Long[]::new);
		List<String[]> held = this.jdbc.query(
				"select distinct kind, value from customer_identifier where customer_id = any (?) order by kind, value",
				(rs, n) -> new String[] { rs.getString(1), rs.getString(2) }, (Object) ids);
		List<String> emails = held.stream().filter(i -> i[0].equals("EMAIL")).map(i -> i[1]).toList();
		Map<String, Integer> summary = new LinkedHashMap<>();

		// messages: nothing more goes to them, and what was sent keeps no address or text
		summary.put("messagesSuppressed", this.jdbc.update("""
				update outbox_message set status = 'SUPPRESSED', reason = ?, updated_at = now()
				where customer_id = any (?) and status = 'PENDING'""", REASON, ids));
		summary.put("messagesStripped", this.jdbc.update("""
				update outbox_message set recipient = null, subject = null, body_text = null, body_html = null,
				    last_error = null, payload = null, updated_at = now()
				where customer_id = any (?)""", (Object) ids));
		for (String email : emails) {
			// a relay's refusal may quote the address
			this.jdbc.update("""
					update outbox_message set reason = regexp_replace(reason, ?, '[erased]', 'gi')
					where customer_id = any (?) and reason ~* ?""", literal(email), ids, literal(email));
		}

		// a message filed under someone else but addressed to them (decided while they
		// were
		// merged into that customer, kept there when the merge was undone): nothing more
		// goes, and what went keeps no address or text, unless another person still holds
		// the address (a household's)
		summary.put("messagesToThemElsewhereStripped", this.jdbc.update("""
				update outbox_message m
				set status = case when m.status = 'PENDING' then 'SUPPRESSED' else m.status end,
				    reason = case when m.status = 'PENDING' then ? else replace(m.reason, m.recipient, '[erased]') end,
				    recipient = null, subject = null, body_text = null, body_html = null, last_error = null,
				    payload = null, updated_at = now()
				where m.recipient = any (?) and m.customer_id <> all (?)
				  and not exists (select 1 from customer_identifier i
				                  where i.value = m.recipient and i.customer_id <> all (?))""", REASON,
				held.stream().map(i -> i[1]).toArray(String[]::new), ids, ids));

		summary.put("quarantinedRecordsErased", eraseQuarantined(searchedInQuarantine(held, ids), survivor));

		// identifiers, and what the hub noted about them that no one else needs any more
		summary.put("identifiersRemoved",
				this.jdbc.update("delete from customer_identifier where customer_id = any (?)", (Object) ids));
		// what they typed that could not be used (an invalid phone, a placeholder) is
		// theirs too
		summary.put("unverifiedContactsRemoved",
				this.jdbc.update("delete from unverified_contact where customer_id = any (?)", (Object) ids));
		// the records naming nobody that joined them, noted with the identifier they
		// joined by
		this.jdbc.update("delete from unnamed_attribution where customer_id = any (?)", (Object) ids);
		String[] kinds = held.stream().map(i -> i[0]).toArray(String[]::new);
		String[] values = held.stream().map(i -> i[1]).toArray(String[]::new);
		this.jdbc.update("""
				delete from identifier_flag f using unnest(?::text[], ?::text[]) as e(kind, value)
				where f.kind = e.kind and f.value = e.value
				  and not exists (select 1 from customer_identifier i where i.kind = f.kind and i.value = f.value)""",
				kinds, values);
		this.jdbc.update("""
				delete from email_address_status s where s.address = any (?)
				  and not exists (select 1 from customer_identifier i where i.kind = 'EMAIL' and i.value = s.address)
				  and not exists (select 1 from reseller r where lower(r.email) = s.address)""",
				(Object) emails.toArray(String[]::new));

		// what each capability keeps of them: tickets, loyalty, kiosk answers
		for (Capability capability : this.capabilities) {
			capability.erase(survivor, ids, summary);
		}

		// what of theirs reached another customer's profile while merged into it, and
		// stayed in that customer's snapshots once the merge was undone (a merge keeps
		// a snapshot; an unmerge or a record taken back keeps none)
		summary.put("otherSnapshotsCleaned", scrubSnapshots(ids));

		// the profile itself
		StringBuilder blank = new StringBuilder("update customer set erased_at = ?, updated_at = now()");
		for (String field : IdentityProperties.PROFILE_FIELDS) {
			blank.append(", ").append(field).append(" = null, ").append(field).append("_at = null, ");
			blank.append(field).append("_source = null");
		}
		this.jdbc.update(blank + " where id = any (?)", at, ids);
		this.jdbc.update("delete from customer_match_key where customer_id = any (?)", (Object) ids);
		// merges stay explained (rule, score, event), without the values they compared
		this.jdbc.update("""
				update merge_log set identifier_value = null,
				    survivor_before = case when survivor_id = any (?) then null else survivor_before end
				where survivor_id = any (?) or merged_id = any (?)""", ids, ids, ids);
		// what operators typed when they told this person's profiles apart may name them
		summary.put("operatorReasonsErased", this.actions.eraseReasons(ids));
		summary.put("possibleDuplicatesClosed", this.jdbc.update("""
				update duplicate_pair set status = 'ERASED', decided_at = now()
				where status = 'OPEN' and (customer_a = any (?) or customer_b = any (?))""", ids, ids));

		List<Long> merged = cluster.stream().filter(id -> id != survivor).toList();
		this.jdbc.update("""
				insert into customer_erasure (customer_id, requested_id, merged_ids, erased_by, reference, erased_at,
				                              summary)
				values (?, ?, ?, ?, ?, ?, ?::jsonb)""", survivor, requestedId, merged.toArray(Long[]::new), erasedBy,
				reference, at, write(summary));
		log.info("Customer {} erased (with merged customers {}) by {}: {}", survivor, merged, erasedBy, summary);
		return new Receipt(survivor, requestedId == survivor ? null : requestedId, merged, now, erasedBy, reference,
				summary);
	}

	/**
	 * Removes the person's profile values from the snapshots of other customers they were
	 * once merged into. While merged, their street or locality may have become the
	 * survivor's; once unmerged, the survivor's own profile is restored, but a snapshot
	 * taken before a later merge into that survivor (kept to undo that merge) still holds
	 * those values. A field of such a snapshot equal to the person's value takes back the
	 * value the survivor had before the person was merged into it (none if it had none),
	 * unless that was the same value (their own, a household's street). Followed through
	 * the survivor's own later merges into an older customer.
	 * @return how many snapshots lost a value
	 */
	private int scrubSnapshots(Long[] ids) {
		List<JsonNode> erased = this.jdbc.query("select to_jsonb(c)::text from customer c where c.id = any (?)",
				(rs, n) -> read(rs.getString(1)), (Object) ids);
		Map<Long, ObjectNode> changed = new LinkedHashMap<>();
		this.jdbc.query(
				"""
						with recursive reached (merge_id, survivor_id, before) as (
						    select id, survivor_id, survivor_before from merge_log
						    where merged_id = any (?) and survivor_id <> all (?) and survivor_before is not null
						  union all
						    select l.id, l.survivor_id, l.survivor_before from merge_log l
						    join reached r on l.merged_id = r.survivor_id and l.id > r.merge_id and l.survivor_before is not null)
						select l.id, l.survivor_before::text, r.before::text from reached r
						join merge_log l on l.survivor_id = r.survivor_id and l.id > r.merge_id
						where l.survivor_before is not null and l.survivor_id <> all (?)
						order by l.id""",
				rs -> {
					long id = rs.getLong(1);
					ObjectNode snapshot = changed.containsKey(id) ? changed.get(id)
							: (ObjectNode) read(rs.getString(2));
					JsonNode survivorBefore = rs.getString(3) == null ? null : read(rs.getString(3));
					boolean scrubbed = false;
					for (String field : IdentityProperties.PROFILE_FIELDS) {
						JsonNode value = snapshot.get(field);
						if (value == null || value.isNull()) {
							continue;
						}
						boolean theirs = erased.stream().anyMatch(e -> value.equals(e.get(field)));
						boolean survivorsOwn = survivorBefore != null && value.equals(survivorBefore.get(field));
						if (theirs && !survivorsOwn) {
							// the value the survivor had before them, or none
							for (String column : List.of(field, field + "_at", field + "_source")) {
								JsonNode own = survivorBefore == null ? null : survivorBefore.get(column);
								if (own == null) {
									snapshot.remove(column);
								}
								else {
									snapshot.set(column, own);
								}
							}
							scrubbed = true;
						}
					}
					if (scrubbed) {
						changed.put(id, snapshot);
					}
				}, ids, ids, ids);
		changed.forEach((id, snapshot) -> this.jdbc
			.update("update merge_log set survivor_before = ?::jsonb where id = ?", snapshot.toString(), id));
		return changed.size();
	}

	private JsonNode read(String text) {
		try {
			return this.json.readTree(text);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Refuses to act on an erased customer: 410 with the time it was erased. */
	void checkNotErased(long id) {
		List<Timestamp> erased = this.jdbc
			.queryForList("select erased_at from customer where id = ? and erased_at is not null", Timestamp.class, id);
		if (!erased.isEmpty()) {
			throw gone(id, erased.get(0).toInstant());
		}
	}

	/** The answer about an erased customer: gone, since when, and what is left. */
	static ApiException gone(long id, Instant erasedAt) {
		return new ApiException(HttpStatus.GONE,
				"customer " + id + " was erased on " + erasedAt
						+ ": the hub keeps no personal data about them, only anonymous figures",
				Map.of("customerId", id, "erasedAt", erasedAt.toString()));
	}

	/**
	 * Quarantined records that carry one of the person's identifiers lose their raw text
	 * and cannot be replayed any more.
	 */
	private int eraseQuarantined(List<String[]> held, long survivor) {
		String any = quarantinePattern(held);
		if (any == null) {
			return 0;
		}
		return this.jdbc.update("""
				update quarantine set raw_payload = ?, status = 'ERASED',
				    reason = 'erased with customer ' || ? || ': the record carried their personal data'
				where status <> 'ERASED' and (raw_payload ~* ? or reason ~* ?)""", ERASED_PAYLOAD, survivor, any, any);
	}

	/**
	 * What finds a person's records in the quarantine: their identifiers, and the emails,
	 * phones and cards their records carried that could not be used (a mistyped phone),
	 * when specific enough to be theirs: not a placeholder, which is everyone's, nor an
	 * email without an {@code @} or a card of a few characters, which would find anyone's
	 * records (a phone of fewer than six digits is left out by the pattern).
	 * @param held each identifier as {kind, value}
	 */
	List<String[]> searchedInQuarantine(List<String[]> held, Long[] ids) {
		List<String[]> searched = new ArrayList<>(held);
		searched.addAll(this.jdbc.query("""
				select distinct kind, value from unverified_contact
				where customer_id = any (?) and problem = 'INVALID'
				  and (kind = 'PHONE' or length(value) >= 6) and (kind <> 'EMAIL' or value like '%@%')""",
				(rs, n) -> new String[] { rs.getString(1), rs.getString(2) }, (Object) ids));
		return searched;
	}

	/**
	 * A PostgreSQL regular expression (case-insensitive) that finds a person's
	 * identifiers in a quarantined record as its source wrote them: the email in any
	 * case, the phone's national number and the card with or without spaces, dots or
	 * dashes. Null when the person has none worth searching (placeholders are everyone's
	 * and no one's).
	 * @param held each identifier as {kind, value}
	 */
	String quarantinePattern(List<String[]> held) {
		List<String> patterns = new ArrayList<>();
		for (String[] identifier : held) {
			String kind = identifier[0];
			String value = identifier[1];
			if (!kind.equals("CARD") && this.identifiers.blocked(value)) {
				continue;
			}
			switch (kind) {
				case "EMAIL" -> patterns.add(literal(value));
				case "PHONE" -> {
					String national = nationalNumber(value);
					if (national.length() >= 6) {
						patterns.add(spaced(national));
					}
				}
				default -> patterns.add(spaced(value));
			}
		}
		return patterns.isEmpty() ? null : String.join("|", patterns);
	}

	private String nationalNumber(String phone) {
		try {
			return String.valueOf(this.phones.parse(phone, "ZZ").getNationalNumber());
		}
		catch (NumberParseException ex) {
			// kept as its digits (a placeholder-like value)
			return phone.replaceAll("\\D", "");
		}
	}

	/** A PostgreSQL regular expression matching the text literally. */
	private static String literal(String text) {
		return text.replaceAll("[^A-Za-z0-9]", "\\\\$0");
	}

	/**
	 * Matches the characters as people write them: spaces, dots or dashes between any
	 * two.
	 */
	private static String spaced(String text) {
		StringBuilder pattern = new StringBuilder();
		for (char c : text.toCharArray()) {
			if (!pattern.isEmpty()) {
				pattern.append("[ .-]?");
			}
			pattern.append(literal(String.valueOf(c)));
		}
		return pattern.toString();
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What an erasure did, as the DELETE answers it and the erasure record keeps it.
	 *
	 * @param id the erased customer (the survivor of their merges)
	 * @param requestedId the merged id the request named, when it was not the survivor
	 * @param mergedIds the customers merged into it, erased with it
	 * @param summary counts of what was removed and what was kept, anonymous
	 */
	public record Receipt(long id, Long requestedId, List<Long> mergedIds, Instant erasedAt, String erasedBy,
			String reference, Map<String, Integer> summary) {
	}

}

package com.venuehub.customer;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.venuehub.ingest.Identifiers;
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.unify.Capability;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Everything the hub holds about one person, as one document a venue can hand to them
 * (right of access, portability): profile and where each value came from, identifiers and
 * the contact values kept unverified, consent, tickets and their scans, loyalty, kiosk
 * answers, the messages sent to them, merges, and the quarantined records that carry
 * their identifiers. Read in the caller's transaction (one snapshot).
 */
@Component
public class PersonalDataExport {

	/** Loyalty transactions are exported whole, not the profile's last few. */
	private final JdbcTemplate jdbc;

	private final CustomerRepository customers;

	private final Identifiers identifierRules;

	private final List<Capability> capabilities;

	private final Consents consents;

	private final Clock clock;

	private final Erasure erasure;

	private final UnverifiedContacts unverified;

	public PersonalDataExport(JdbcTemplate jdbc, CustomerRepository customers, Identifiers identifierRules,
			List<Capability> capabilities, Consents consents, Clock clock, Erasure erasure,
			UnverifiedContacts unverified) {
		this.jdbc = jdbc;
		this.erasure = erasure;
		this.unverified = unverified;
		this.customers = customers;
		this.identifierRules = identifierRules;
		this.capabilities = List.copyOf(capabilities);
		this.consents = consents;
		this.clock = clock;
	}

	/** The document of a live customer (the survivor of its merges). */
	public Document of(Customer customer, long requestedId) {
		long id = customer.getId();
		List<Long> cluster = this.jdbc
			.queryForList("select id from customer where id = ? or merged_into = ? order by id", Long.class, id, id);
		Long[] ids = cluster.toArray(Long[]::new);
		return new Document(this.clock.instant(), id, requestedId == id ? null : requestedId, profile(id),
				mergedRecords(id), identifiers(ids), this.unverified.of(ids),
				new ConsentPart(this.consents.currentOf(id), this.consents.historyOf(id)), facts(id, ids),
				messages(ids),
				this.customers.mergesOf(id)
					.stream()
					.map(m -> new CustomerController.MergeView(m.getId(), m.getMergedId(), m.getSurvivorId(),
							m.getRule(), m.getIdentifierKind(), m.getScore(), m.getEventId(), m.getMergedAt(),
							m.getUnmergedAt()))
					.toList(),
				quarantined(ids), unnamedRecords(ids));
	}

	private Profile profile(long id) {
		return this.jdbc.queryForObject("select * from customer where id = ?", (rs, n) -> {
			Map<String, ValueOrigin> origins = new LinkedHashMap<>();
			for (String field : IdentityProperties.PROFILE_FIELDS) {
				if (rs.getObject(field) != null) {
					origins.put(camel(field),
							new ValueOrigin(rs.getString(field + "_source"), instant(rs.getTimestamp(field + "_at"))));
				}
			}
			return new Profile(id, rs.getString("first_name"), rs.getString("last_name"),
					rs.getDate("birth_date") == null ? null : rs.getDate("birth_date").toLocalDate(),
					rs.getString("street_number"), rs.getString("street"), rs.getString("locality"),
					rs.getString("postcode"), rs.getString("locale"), instant(rs.getTimestamp("created_at")),
					instant(rs.getTimestamp("updated_at")), origins);
		}, id);
	}

	/**
	 * The records merged into the customer keep the values they had: the person's data
	 * too.
	 */
	private List<Profile> mergedRecords(long id) {
		List<Profile> merged = new ArrayList<>();
		for (Long other : this.jdbc.queryForList("select id from customer where merged_into = ? order by id",
				Long.class, id)) {
			merged.add(profile(other));
		}
		return merged;
	}

	private List<IdentifierPart> identifiers(Long[] ids) {
		return this.jdbc.query("""
				select distinct on (i.kind, i.value) i.kind, i.value, i.source, i.first_seen_at,
				       f.reason as flagged, i.sms_refused_reason,
				       exists (select 1 from customer_identifier o join customer c on c.id = o.customer_id
				               where o.kind = i.kind and o.value = i.value and o.customer_id <> all (?)
				                 and c.merged_into is null) as shared,
				       (select b.reason from email_address_status b
				        where i.kind = 'EMAIL' and b.address = i.value and b.status = 'BOUNCING') as bouncing
				from customer_identifier i
				left join identifier_flag f on f.kind = i.kind and f.value = i.value
				where i.customer_id = any (?)
				order by i.kind, i.value, i.first_seen_at""", (rs, n) -> {
			List<String> flags = new ArrayList<>();
			String kind = rs.getString("kind");
			String value = rs.getString("value");
			if (!kind.equals("CARD") && this.identifierRules.blocked(value)) {
				flags.add("PLACEHOLDER");
			}
			if (rs.getString("flagged") != null) {
				flags.add("OVER_SHARED");
			}
			if (rs.getBoolean("shared")) {
				flags.add("SHARED");
			}
			if (rs.getString("bouncing") != null) {
				flags.add("BOUNCING");
			}
			return new IdentifierPart(kind, value, rs.getString("source"), instant(rs.getTimestamp("first_seen_at")),
					flags, rs.getString("bouncing"), rs.getString("sms_refused_reason"));
		}, ids, ids);
	}

	/** What each capability keeps of the person (tickets, loyalty, kiosk answers). */
	private Map<String, Object> facts(long survivor, Long[] ids) {
		Map<String, Object> facts = new LinkedHashMap<>();
		this.capabilities.forEach(capability -> facts.put(capability.exportName(), capability.export(survivor, ids)));
		return facts;
	}

	private List<MessagePart> messages(Long[] ids) {
		return this.jdbc.query("""
				select id, channel, kind, venue, recipient, status, reason, created_at, due_at, sent_at, subject,
				       body_text, body_html, last_error, contents_removed_at
				from outbox_message where customer_id = any (?) order by id""",
				(rs, n) -> new MessagePart(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), rs.getString(7), instant(rs.getTimestamp(8)),
						instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), rs.getString(11), rs.getString(12),
						rs.getString(13), rs.getString(14), instant(rs.getTimestamp(15))),
				(Object) ids);
	}

	/**
	 * Quarantined records carrying one of the person's identifiers (found as erasure
	 * finds them): listed with their reason, not their raw text, which may hold other
	 * people's records (a rejected batch).
	 */
	private List<QuarantinePart> quarantined(Long[] ids) {
		String pattern = this.erasure.quarantinePattern(this.erasure.searchedInQuarantine(
				this.jdbc.query("select distinct kind, value from customer_identifier where customer_id = any (?)",
						(rs, n) -> new String[] { rs.getString(1), rs.getString(2) }, (Object) ids),
				ids));
		if (pattern == null) {
			return List.of();
		}
		return this.jdbc.query("""
				select id, source, origin, status, reason, received_at from quarantine
				where status <> 'ERASED' and (raw_payload ~* ? or reason ~* ?) order by id""",
				(rs, n) -> new QuarantinePart(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), instant(rs.getTimestamp(6))),
				pattern, pattern);
	}

	/**
	 * The records naming nobody that joined them by an email or a phone, as the hub noted
	 * them (to take them back should the value turn out a household's): the value, and
	 * for a sale what it said (last name, postcode, town, locale, tickets).
	 */
	private List<UnnamedRecordPart> unnamedRecords(Long[] ids) {
		return this.jdbc.query("""
				select kind, value, event_id, source, occurred_at, last_name, postcode, locality, locale, tickets
				from unnamed_attribution where customer_id = any (?) order by event_id, kind, value""",
				(rs, n) -> new UnnamedRecordPart(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						instant(rs.getTimestamp(5)), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
						rs.getArray(10) == null ? null : List.of((String[]) rs.getArray(10).getArray())),
				(Object) ids);
	}

	private static String camel(String column) {
		StringBuilder name = new StringBuilder();
		boolean upper = false;
		for (char c : column.toCharArray()) {
			if (c == '_') {
				upper = true;
			}
			else {
				name.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return name.toString();
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private static LocalDate date(ResultSet rs, int column) throws SQLException {
		java.sql.Date date = rs.getDate(column);
		return date == null ? null : date.toLocalDate();
	}

	/**
	 * @param requestedId the merged id that was asked for, when it answered with its
	 * survivor
	 * @param mergedRecords the customers found to be the same person, with the values
	 * they had
	 * @param unverifiedContacts emails, phones and cards their records carried that could
	 * not be used (invalid, placeholders), as typed, with the reason
	 * @param quarantined records held back that carry the person's identifiers
	 */
	public record Document(Instant exportedAt, long customerId, Long requestedId, Profile profile,
			List<Profile> mergedRecords, List<IdentifierPart> identifiers,
			List<UnverifiedContacts.Value> unverifiedContacts, ConsentPart consent,
			@JsonIgnore Map<String, Object> facts, List<MessagePart> messages,
			List<CustomerController.MergeView> merges, List<QuarantinePart> quarantined,
			List<UnnamedRecordPart> unnamedRecords) {

		/**
		 * Each capability's part under its own name: {@code tickets}, {@code loyalty},
		 * {@code satisfaction}.
		 */
		@JsonAnyGetter
		public Map<String, Object> parts() {
			return this.facts;
		}

	}

	/**
	 * @param origins for each known value, the source it came from and when
	 */
	public record Profile(long id, String firstName, String lastName, LocalDate birthDate, String streetNumber,
			String street, String locality, String postcode, String locale, Instant createdAt, Instant updatedAt,
			Map<String, ValueOrigin> origins) {
	}

	public record ValueOrigin(String source, Instant at) {
	}

	/**
	 * @param flags PLACEHOLDER (never links anyone), OVER_SHARED (held by too many
	 * people, no longer links), SHARED (another customer holds it too), BOUNCING (the
	 * relay refuses the address)
	 */
	/**
	 * An identifier, with what the relay or Twilio said when it refused it (the words may
	 * quote the value).
	 */
	public record IdentifierPart(String kind, String value, String source, Instant firstSeenAt, List<String> flags,
			String bouncedBecause, String smsRefusedBecause) {
	}

	public record ConsentPart(List<Consents.Consent> current, List<Consents.Consent> history) {
	}

	public record MessagePart(long id, String channel, String kind, String venue, String recipient, String status,
			String reason, Instant createdAt, Instant dueAt, Instant sentAt, String subject, String bodyText,
			String bodyHtml, String lastError, Instant contentsRemovedAt) {
	}

	public record QuarantinePart(long id, String source, String origin, String status, String reason,
			Instant receivedAt) {
	}

	public record UnnamedRecordPart(String kind, String value, String eventId, String source, Instant occurredAt,
			String lastName, String postcode, String locality, String locale, List<String> tickets) {
	}

}

package com.venuehub.customer;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.unify.Fact;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which value a profile field keeps when an event or a merged customer brings another
 * one, per field as configured: the most recent (by event time), the one from the most
 * trusted source, or the longest; ties go to the most recent. An empty value never
 * replaces a known one. Decided in the database, in the caller's transaction.
 */
@Component
public class Survivorship {

	private final IdentityProperties properties;

	private final JdbcTemplate jdbc;

	private final String trustedSources;

	/** The statements, built once from the configuration. */
	private final String byEvent;

	private final String byCustomer;

	private final String byEvents;

	private final String insertByEvents;

	public Survivorship(IdentityProperties properties, JdbcTemplate jdbc) {
		this.properties = properties;
		this.jdbc = jdbc;
		// an SQL array literal of the configured sources, most trusted first
		this.trustedSources = "array["
				+ String.join(",",
						properties.trustedSources().stream().map(s -> "'" + s.replace("'", "''") + "'").toList())
				+ "]::text[]";
		this.byEvent = "update customer s set updated_at = now()" + assignments("n", "s", true) + " from (select "
				+ eventRow() + ") n where s.id = ?";
		this.byEvents = "update customer s set updated_at = now()" + assignments("n", "s", true)
				+ " from unnest(?::bigint[]" + eventColumns() + ") where s.id = n.id";
		this.insertByEvents = "insert into customer (id, updated_at"
				+ fields().stream()
					.map(f -> ", " + f + ", " + f + "_at, " + f + "_source")
					.collect(java.util.stream.Collectors.joining())
				+ ") select n.id, now()" + firstValues("n") + " from unnest(?::bigint[]" + eventColumns() + ")";
		this.byCustomer = "update customer s set updated_at = now()" + assignments("m", "s", false)
				+ " from customer m where s.id = ? and m.id = ?";
	}

	/**
	 * The values a new customer takes from its first event: each field the event gives,
	 * with its time and source (what every rule decides against an empty profile).
	 */
	private String firstValues(String c) {
		StringBuilder sql = new StringBuilder();
		for (String field : fields()) {
			sql.append(", ").append(c).append('.').append(field);
			for (String column : List.of(field + "_at", field + "_source")) {
				sql.append(", case when ")
					.append(c)
					.append('.')
					.append(field)
					.append(" is not null then ")
					.append(c)
					.append('.')
					.append(column)
					.append(" end");
			}
		}
		return sql.toString();
	}

	/** The event's values as a row shaped like a customer's, as parameters. */
	private String eventRow() {
		StringBuilder row = new StringBuilder();
		List<String> fields = fields();
		for (int i = 0; i < fields.size(); i++) {
			String field = fields.get(i);
			row.append(i == 0 ? "" : ", ")
				.append(field.equals("birth_date") ? "?::date" : "?::text")
				.append(" as ")
				.append(field)
				.append(", ?::timestamptz as ")
				.append(field)
				.append("_at, ?::text as ")
				.append(field)
				.append("_source");
		}
		return row.toString();
	}

	/**
	 * The events' values as arrays of parameters, one per field and its time and source,
	 * and the row's column names.
	 */
	private String eventColumns() {
		StringBuilder arrays = new StringBuilder();
		StringBuilder names = new StringBuilder("id");
		for (String field : fields()) {
			arrays.append(field.equals("birth_date") ? ", ?::date[]" : ", ?::text[]")
				.append(", ?::timestamptz[], ?::text[]");
			names.append(", ").append(field).append(", ").append(field).append("_at, ").append(field).append("_source");
		}
		return arrays + ") as n(" + names;
	}

	public List<String> fields() {
		return IdentityProperties.PROFILE_FIELDS;
	}

	/**
	 * An event's profile values (in the order of {@link #fields()}, null for none)
	 * challenge the customer's, field by field; at the same event time the event wins.
	 */
	public void challengeWithEvent(long customerId, Object[] values, Timestamp at, String source) {
		if (Arrays.stream(values).allMatch(Objects::isNull)) {
			return;
		}
		List<Object> args = new ArrayList<>();
		for (Object value : values) {
			args.addAll(Arrays.asList(value, at, source));
		}
		args.add(customerId);
		this.jdbc.update(this.byEvent, args.toArray());
	}

	/**
	 * The profile values of the batch's events challenge their customers', field by
	 * field, in event order: one statement per round, a customer's second event of the
	 * batch in the second round.
	 */
	void challengeWithEvents(List<Fact> facts, Set<Long> created) {
		List<List<Fact>> rounds = new ArrayList<>();
		Map<Long, Integer> seen = new HashMap<>();
		for (Fact fact : facts) {
			if (fact.customerId() == null || fact.event().contact() == null
					|| Arrays.stream(values(fact.event().contact())).allMatch(Objects::isNull)) {
				continue;
			}
			int round = seen.merge(fact.customerId(), 1, Integer::sum) - 1;
			if (round == rounds.size()) {
				rounds.add(new ArrayList<>());
			}
			rounds.get(round).add(fact);
		}
		// a created customer's row is written once: with its first event's values, or
		// without any when its events bring none
		Set<Long> empty = new HashSet<>(created);
		List<Fact> first = new ArrayList<>();
		if (!rounds.isEmpty()) {
			List<Fact> updated = new ArrayList<>();
			for (Fact fact : rounds.get(0)) {
				if (empty.remove(fact.customerId())) {
					first.add(fact);
				}
				else {
					updated.add(fact);
				}
			}
			rounds.set(0, updated);
		}
		if (!empty.isEmpty()) {
			this.jdbc.update("insert into customer (id) select unnest(?::bigint[])",
					(Object) empty.toArray(Long[]::new));
		}
		if (!first.isEmpty()) {
			this.jdbc.update(this.insertByEvents, eventArguments(first));
		}
		for (List<Fact> round : rounds) {
			if (round.isEmpty()) {
				continue;
			}
			this.jdbc.update(this.byEvents, eventArguments(round));
		}
	}

	/** The arguments of a statement over {@link #eventColumns()}: one row per fact. */
	private Object[] eventArguments(List<Fact> round) {
		List<Object> args = new ArrayList<>();
		args.add(round.stream().map(Fact::customerId).toArray(Long[]::new));
		List<Object[]> values = round.stream().map(f -> values(f.event().contact())).toList();
		Timestamp[] at = round.stream()
			.map(f -> Timestamp.from(f.event().occurredAt().toInstant()))
			.toArray(Timestamp[]::new);
		String[] source = round.stream().map(f -> f.event().source()).toArray(String[]::new);
		List<String> fields = fields();
		for (int i = 0; i < fields.size(); i++) {
			int field = i;
			args.add(fields.get(i).equals("birth_date") ? values.stream().map(v -> (Date) v[field]).toArray(Date[]::new)
					: values.stream().map(v -> (String) v[field]).toArray(String[]::new));
			args.add(at);
			args.add(source);
		}
		return args.toArray();
	}

	/** The contact's profile values, in the order of {@link #fields()}. */
	static Object[] values(Contact contact) {
		return new Object[] { contact.firstName(), contact.lastName(),
				contact.birthDate() == null ? null : Date.valueOf(contact.birthDate()), contact.streetNumber(),
				contact.street(), contact.locality(), contact.postcode(), contact.locale() };
	}

	/**
	 * A customer merged into another challenges the survivor's profile, field by field;
	 * at the same event time the survivor keeps its value.
	 */
	public void challengeWithCustomer(long survivorId, long mergedId) {
		this.jdbc.update(this.byCustomer, survivorId, mergedId);
	}

	/**
	 * The SQL condition under which the challenger's value of a field replaces the
	 * incumbent's.
	 * @param c the challenger's alias (a customer row, or the event's values with the
	 * same columns)
	 * @param i the incumbent customer's alias
	 * @param tieToChallenger at the same event time, the challenger wins (a newer event
	 * does; a merged customer does not)
	 */
	public String wins(String field, String c, String i, boolean tieToChallenger) {
		String cv = c + "." + field;
		String iv = i + "." + field;
		String newer = "(" + i + "." + field + "_at is null or " + c + "." + field + "_at "
				+ (tieToChallenger ? ">=" : ">") + " " + i + "." + field + "_at)";
		String condition = switch (this.properties.survivorshipOf(field)) {
			case RECENT -> newer;
			case TRUSTED -> {
				String cr = rank(c + "." + field + "_source");
				String ir = rank(i + "." + field + "_source");
				yield "(" + iv + " is null or " + cr + " < " + ir + " or (" + cr + " = " + ir + " and " + newer + "))";
			}
			case LONGEST -> {
				String cl = "length(" + cv + "::text)";
				String il = "length(" + iv + "::text)";
				yield "(" + iv + " is null or " + cl + " > " + il + " or (" + cl + " = " + il + " and " + newer + "))";
			}
		};
		return "(" + cv + " is not null and " + condition + ")";
	}

	/**
	 * The assignments of an update of alias {@code i} by challenger {@code c}, every
	 * field and its time and source.
	 */
	public String assignments(String c, String i, boolean tieToChallenger) {
		StringBuilder sql = new StringBuilder();
		for (String field : fields()) {
			String wins = wins(field, c, i, tieToChallenger);
			for (String column : List.of(field, field + "_at", field + "_source")) {
				sql.append(", ")
					.append(column)
					.append(" = case when ")
					.append(wins)
					.append(" then ")
					.append(c)
					.append('.')
					.append(column)
					.append(" else ")
					.append(i)
					.append('.')
					.append(column)
					.append(" end");
			}
		}
		return sql.toString();
	}

	private String rank(String source) {
		return "coalesce(array_position(" + this.trustedSources + ", " + source + "), 1000000)";
	}

}

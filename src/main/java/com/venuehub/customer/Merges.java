package com.venuehub.customer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.customer.matching.BlockingKeys;
import com.venuehub.customer.matching.MatchRecord;
import com.venuehub.customer.matching.TermFrequencies;
import com.venuehub.ingest.Identifiers;
import com.venuehub.platform.AfterCommit;
import com.venuehub.platform.GenericPlan;
import com.venuehub.platform.Masking;
import com.venuehub.unify.Capability;
import com.venuehub.unify.MergeFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Merges two customers into the oldest and undoes a merge. A merge is explained (rule,
 * identifier or score and fields compared) and reversible: it records the survivor's
 * profile before it and every row it moved from the merged customer (identifiers,
 * tickets, loyalty cards, kiosk answers, consent statements, customers merged earlier),
 * so an unmerge gives each its own back. Also keeps the blocking keys of each live
 * customer's profile. Called inside unify's transaction, the customers' rows locked.
 */
@Component
public class Merges {

	private static final Logger log = LoggerFactory.getLogger(Merges.class);

	/**
	 * Rows of the customer store that follow a customer, by table and key; with the
	 * capabilities' rows, what a merge moves and an unmerge gives back.
	 */
	private static final Map<String, String> CUSTOMER_ROWS = Map.of("consent_statement", "id::text",
			"unverified_contact", "id::text");

	private final Map<String, String> followingRows;

	/** Notes every row a merge moves, to give them back on an unmerge. */
	private final String noteMoved;

	/**
	 * Locks, without waiting, every row a merge of some customers moves; answers how many
	 * another transaction holds.
	 */
	private final String lockMoving;

	private final JdbcTemplate jdbc;

	private final Survivorship survivorship;

	private final List<MergeFollower> mergeFollowers;

	private final ObjectMapper json;

	private final BlockingKeys blockingKeys = new BlockingKeys();

	private final Identifiers identifiers;

	public Merges(JdbcTemplate jdbc, Survivorship survivorship, List<MergeFollower> mergeFollowers,
			List<Capability> capabilities, ObjectMapper json, Identifiers identifiers) {
		this.jdbc = jdbc;
		Map<String, String> rows = new TreeMap<>(CUSTOMER_ROWS);
		capabilities.forEach(capability -> rows.putAll(capability.customerRows()));
		this.followingRows = Map.copyOf(rows);
		StringBuilder noted = new StringBuilder(
				"with moving as (select id::text as row_key, 'customer' as table_name from customer where merged_into = ?");
		rows.forEach((table, key) -> noted.append(" union all select ")
			.append(key)
			.append(", '")
			.append(table)
			.append("' from ")
			.append(table)
			.append(" where customer_id = ?"));
		this.noteMoved = noted.append(") insert into merge_moved (merge_id, table_name, row_key) ")
			.append("select ?, table_name, row_key from moving")
			.toString();
		this.lockMoving = lockMoving(rows);
		this.identifiers = identifiers;
		this.survivorship = survivorship;
		this.mergeFollowers = List.copyOf(mergeFollowers);
		this.json = json;
	}

	/**
	 * The statement locking, without waiting, the rows that follow these customers
	 * ({@code ?}: their ids, once per table): the customers merged into them and their
	 * identifiers as a merge moves them, the other tables' rows as strongly as a unique
	 * key holding the customer needs. Each table's rows are counted twice, those seen and
	 * those locked: the difference is held elsewhere.
	 */
	private static String lockMoving(Map<String, String> rows) {
		Map<String, String> tables = new TreeMap<>();
		tables.put("customer", "merged_into = any (?) for no key update");
		tables.put("customer_identifier", "customer_id = any (?) for update");
		rows.keySet().forEach(table -> tables.put(table, "customer_id = any (?) for update"));
		StringBuilder locked = new StringBuilder("with ");
		StringBuilder held = new StringBuilder(" select 0");
		int n = 0;
		for (Map.Entry<String, String> table : tables.entrySet()) {
			String where = table.getValue();
			locked.append(n == 0 ? "" : ", ")
				.append("l")
				.append(n)
				.append(" as (select 1 from ")
				.append(table.getKey())
				.append(" where ")
				.append(where)
				.append(" skip locked)");
			held.append(" + (select count(*) from ")
				.append(table.getKey())
				.append(" where ")
				.append(where, 0, where.indexOf(" for "))
				.append(") - (select count(*) from l")
				.append(n)
				.append(")");
			n++;
		}
		return locked.append(held).toString();
	}

	/**
	 * Locks, without waiting, every row that merging these customers away would move: the
	 * customers merged into them, their identifiers and every row following them. Answers
	 * false when another transaction holds one: a batch that must not wait then leaves
	 * the merge for later. The caller holds the customers' own rows.
	 */
	boolean tryLockMoving(Collection<Long> merged) {
		Long[] ids = merged.toArray(Long[]::new);
		int tables = this.followingRows.size() + 2;
		Object[] args = new Object[tables * 2];
		Arrays.fill(args, ids);
		// one plan fits any ids; planned at each call, it cost three times its run
		Long held = GenericPlan.run(this.jdbc, () -> this.jdbc.queryForObject(this.lockMoving, Long.class, args));
		return held != null && held == 0;
	}

	/** Why two customers are one person, kept in the merge log. */
	public record Explanation(String rule, String identifierKind, String identifierValue, Double score,
			Map<String, Double> fields) {

		static Explanation shared(String kind, String value) {
			return new Explanation("SHARED_" + kind, kind, value, null, null);
		}

	}

	/**
	 * Merges {@code merged} into {@code survivor} (both live, rows locked); answers the
	 * merge's id.
	 */
	public long merge(long survivor, long merged, Explanation why, String eventId) {
		long mergeId = mergeLeavingKeys(survivor, merged, why, eventId);
		refreshKeys(survivor);
		return mergeId;
	}

	/**
	 * Merges as {@link #merge}, but leaves the survivor's blocking keys to the caller: a
	 * unify batch refreshes the keys of every customer it touched once, at its end.
	 */
	long mergeLeavingKeys(long survivor, long merged, Explanation why, String eventId) {
		long mergeId = this.jdbc.queryForObject("""
				insert into merge_log (survivor_id, merged_id, rule, identifier_kind, identifier_value, event_id,
				                       score, fields, survivor_before)
				values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, (select to_jsonb(c) from customer c where c.id = ?))
				returning id""", Long.class, survivor, merged, why.rule(), why.identifierKind(), why.identifierValue(),
				eventId, why.score(), write(why.fields()), survivor);
		// an identifier both hold stays on the merged record too: the survivor already
		// has it
		this.jdbc.update(
				"""
						with moved as (
						    update customer_identifier i set customer_id = ? where customer_id = ? and not exists (
						        select 1 from customer_identifier s where s.customer_id = ? and s.kind = i.kind and s.value = i.value)
						    returning id)
						insert into merge_moved (merge_id, table_name, row_key)
						select ?, 'customer_identifier', id::text from moved""",
				survivor, merged, survivor, mergeId);
		// the rows that follow the merged customer, and the customers merged into it, in
		// one statement
		Object[] args = new Object[this.followingRows.size() + 2];
		Arrays.fill(args, merged);
		args[args.length - 1] = mergeId;
		this.jdbc.update(this.noteMoved, args);
		this.mergeFollowers.forEach(follower -> follower.merged(survivor, merged));
		this.survivorship.challengeWithCustomer(survivor, merged);
		this.jdbc.update("update customer set merged_into = ?, updated_at = now() where id = ? or merged_into = ?",
				survivor, merged, merged);
		this.jdbc.update("delete from customer_match_key where customer_id = ?", merged);
		AfterCommit.run(() -> {
			if (why.identifierKind() != null) {
				log.info("Merged customer {} into {} ({}): both hold {} {} (event {})", merged, survivor, why.rule(),
						why.identifierKind(), Masking.identifier(why.identifierKind(), why.identifierValue()), eventId);
			}
			else {
				log.info("Merged customer {} into {} ({}, score {}) (event {})", merged, survivor, why.rule(),
						why.score(), eventId);
			}
		});
		return mergeId;
	}

	/**
	 * Undoes the last merge of {@code merged} into {@code survivor}: the merged customer
	 * is live again with every row that came from it, and the survivor's profile is what
	 * it was before the merge.
	 * @return false when there is no such merge still in force
	 */
	public boolean unmerge(long survivor, long merged) {
		Long mergeId = this.jdbc.query("""
				select l.id from merge_log l join customer m on m.id = l.merged_id and m.merged_into = l.survivor_id
				where l.survivor_id = ? and l.merged_id = ? and l.unmerged_at is null
				order by l.id desc limit 1""", rs -> rs.next() ? rs.getLong(1) : null, survivor, merged);
		if (mergeId == null) {
			return false;
		}
		this.jdbc.update("""
				update customer_identifier set customer_id = ? where customer_id = ? and id::text in (
				    select row_key from merge_moved where merge_id = ? and table_name = 'customer_identifier')""",
				merged, survivor, mergeId);
		this.followingRows.forEach((table,
				key) -> this.jdbc.update("update " + table + " set customer_id = ? " + "where customer_id = ? and "
						+ key + " in (select row_key from merge_moved where merge_id = ? " + "and table_name = '"
						+ table + "')", merged, survivor, mergeId));
		this.jdbc.update("""
				update customer set merged_into = ?, updated_at = now() where merged_into = ? and id::text in (
				    select row_key from merge_moved where merge_id = ? and table_name = 'customer')""", merged,
				survivor, mergeId);
		this.jdbc.update("update customer set merged_into = null, updated_at = now() where id = ?", merged);
		// the survivor's profile as it was before the merge
		StringBuilder restore = new StringBuilder("update customer s set updated_at = now()");
		for (String field : this.survivorship.fields()) {
			for (String column : List.of(field, field + "_at", field + "_source")) {
				restore.append(", ").append(column).append(" = b.").append(column);
			}
		}
		restore.append(" from merge_log l, jsonb_populate_record(null::customer, l.survivor_before) b"
				+ " where l.id = ? and s.id = ?");
		this.jdbc.update(restore.toString(), mergeId, survivor);
		this.jdbc.update("update merge_log set unmerged_at = now() where id = ?", mergeId);
		this.jdbc.update("""
				insert into merge_log (survivor_id, merged_id, rule, event_id, unmerged_at)
				values (?, ?, 'UNMERGE', ?, now())""", survivor, merged, "merge:" + mergeId);
		// a person said these are two people: never merged or proposed again
		this.jdbc.update("""
				insert into duplicate_pair (customer_a, customer_b, score, fields, status, decided_at)
				values (least(?, ?), greatest(?, ?), 0, '{}'::jsonb, 'REJECTED', now())
				on conflict on constraint duplicate_pair_once do update set status = 'REJECTED', decided_at = now()""",
				survivor, merged, survivor, merged);
		refreshKeys(survivor);
		refreshKeys(merged);
		AfterCommit.run(() -> log.info("Unmerged customer {} from {} (merge {})", merged, survivor, mergeId));
		return true;
	}

	/** The customer's profile as the matcher compares it; null for an unknown id. */
	public MatchRecord record(long customerId) {
		return records(Set.of(customerId)).get(customerId);
	}

	/**
	 * Profiles of live customers, by id, with their usable emails and phones: not flagged
	 * (shared by too many people), not placeholders.
	 */
	public Map<Long, MatchRecord> records(Set<Long> ids) {
		Map<Long, MatchRecord> records = new TreeMap<>();
		if (ids.isEmpty()) {
			return records;
		}
		this.jdbc.query("""
				select first_name, last_name, birth_date::text, street_number, street, locality, postcode, id,
				       (select array_agg(i.kind || ':' || i.value) from customer_identifier i
				        where i.customer_id = c.id and i.kind in ('EMAIL', 'PHONE') and not exists (
				            select 1 from identifier_flag f where f.kind = i.kind and f.value = i.value))
				from customer c where id = any (?) and merged_into is null""", rs -> {
			records.put(rs.getLong(8), record(rs));
		}, (Object) ids.toArray(Long[]::new));
		return records;
	}

	private MatchRecord record(java.sql.ResultSet rs) throws java.sql.SQLException {
		java.sql.Array held = rs.getArray(9);
		return withUsableContacts(
				MatchRecord.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
						rs.getString(6), rs.getString(7), null),
				held == null ? List.of() : List.of((String[]) held.getArray()));
	}

	/**
	 * The record with the emails and phones of these identifiers ({@code KIND:value})
	 * that say who typed them: placeholders left out.
	 */
	MatchRecord withUsableContacts(MatchRecord record, List<String> identifiers) {
		List<String> emails = new java.util.ArrayList<>();
		List<String> phones = new java.util.ArrayList<>();
		for (String identifier : identifiers) {
			String value = identifier.substring(identifier.indexOf(':') + 1);
			if (!this.identifiers.blocked(value)) {
				if (identifier.startsWith("EMAIL:")) {
					emails.add(value);
				}
				else if (identifier.startsWith("PHONE:")) {
					phones.add(value);
				}
			}
		}
		return record.withContacts(emails, phones);
	}

	/**
	 * Replaces the customer's match keys by those of its current profile: its blocking
	 * keys, and the keys under which its names and place are counted; answers them.
	 */
	public Set<String> refreshKeys(long customerId) {
		return refreshKeys(Set.of(customerId)).getOrDefault(customerId, Set.of());
	}

	/**
	 * Replaces the match keys of these customers by those of their current profiles (the
	 * keys a profile lost go, the new ones come, the others stay); answers each live
	 * customer's keys. The caller holds these customers' rows locked
	 * ({@link UnifyLocks#lockCustomers}, or a customer it has just created).
	 */
	public Map<Long, Set<String>> refreshKeys(Set<Long> customerIds) {
		return refreshKeysAndRead(customerIds).keys();
	}

	/**
	 * The live customers' profiles as read to refresh their keys, their keys, and how
	 * many keys were written and removed.
	 */
	record Refreshed(Map<Long, MatchRecord> records, Map<Long, Set<String>> keys, int added, int removed) {
	}

	/**
	 * As {@link #refreshKeys(Set)}, answering the profiles read too: a caller comparing
	 * them does not read them again.
	 */
	Refreshed refreshKeysAndRead(Set<Long> customerIds) {
		Map<Long, MatchRecord> records = records(customerIds);
		Map<Long, Set<String>> keysOf = new TreeMap<>();
		records.forEach((id, record) -> {
			Set<String> keys = new TreeSet<>(this.blockingKeys.keys(record));
			// the profile's names and place are counted among the people of the store
			keys.addAll(TermFrequencies.keys(record));
			keysOf.put(id, keys);
		});
		// the keys held now, then only the difference written: a profile that did not
		// change what it is found by costs one read
		Map<Long, Set<String>> held = new HashMap<>();
		this.jdbc.query("select customer_id, key from customer_match_key where customer_id = any (?)", rs -> {
			held.computeIfAbsent(rs.getLong(1), id -> new HashSet<>()).add(rs.getString(2));
		}, (Object) customerIds.toArray(Long[]::new));
		List<Long> goneOwners = new ArrayList<>();
		List<String> gone = new ArrayList<>();
		List<Long> newOwners = new ArrayList<>();
		List<String> added = new ArrayList<>();
		for (Long id : customerIds) {
			Set<String> wanted = keysOf.getOrDefault(id, Set.of());
			Set<String> now = held.getOrDefault(id, Set.of());
			now.stream().filter(key -> !wanted.contains(key)).forEach(key -> {
				goneOwners.add(id);
				gone.add(key);
			});
			wanted.stream().filter(key -> !now.contains(key)).forEach(key -> {
				newOwners.add(id);
				added.add(key);
			});
		}
		if (!gone.isEmpty()) {
			this.jdbc.update("""
					delete from customer_match_key m using unnest(?::bigint[], ?::text[]) as g(customer_id, key)
					where m.customer_id = g.customer_id and m.key = g.key""", goneOwners.toArray(Long[]::new),
					gone.toArray(String[]::new));
		}
		if (!added.isEmpty()) {
			// a plain insert: every caller holds these customers' rows locked, and the
			// keys written are those this transaction read as missing, so none can be
			// there (an insert that may conflict probes the key's index twice)
			this.jdbc.update("""
					insert into customer_match_key (customer_id, key)
					select * from unnest(?::bigint[], ?::text[])""", newOwners.toArray(Long[]::new),
					added.toArray(String[]::new));
		}
		return new Refreshed(records, keysOf, added.size(), gone.size());
	}

	private String write(Map<String, Double> fields) {
		if (fields == null) {
			return null;
		}
		try {
			return this.json.writeValueAsString(fields);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

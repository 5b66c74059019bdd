package com.venuehub.platform;

import java.sql.PreparedStatement;
import java.sql.Types;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Keeps every record that could not be mapped or applied, whole and with a readable
 * reason, until someone replays it. PostgreSQL text cannot hold a NUL byte: it is kept as
 * {@link #NUL_MARK}, which intake refuses like the NUL itself.
 */
@Component
public class Quarantine {

	/** ␀ (SYMBOL FOR NULL), in place of each NUL byte of a kept record. */
	public static final char NUL_MARK = '\u2400';

	private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

	private final JdbcTemplate jdbc;

	public Quarantine(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Stores a rejected record and answers its quarantine id. */
	public long keep(Entry entry) {
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			PreparedStatement ps = connection.prepareStatement("""
					insert into quarantine (source, mapping, origin, line_number, format, raw_payload, context, reason)
					values (?, ?, ?, ?, ?, ?, ?, ?)""", new String[] { "id" });
			ps.setString(1, storable(entry.source()));
			ps.setString(2, storable(entry.mapping()));
			ps.setString(3, storable(entry.origin()));
			if (entry.line() == null) {
				ps.setNull(4, Types.INTEGER);
			}
			else {
				ps.setInt(4, entry.line());
			}
			ps.setString(5, storable(entry.format()));
			ps.setString(6, storable(entry.rawPayload()));
			ps.setString(7, storable(entry.context()));
			ps.setString(8, storable(entry.reason()));
			return ps;
		}, key);
		long id = key.getKey().longValue();
		// the reason may quote a value of the record: it stays in the database, not in
		// the log
		log.warn("Quarantined record {} from {} ({}{})", id, entry.source(), entry.origin(),
				entry.line() == null ? "" : ", line " + entry.line());
		return id;
	}

	public void replayed(long id) {
		this.jdbc.update("update quarantine set status = 'REPLAYED', replayed_at = now(), "
				+ "replay_count = replay_count + 1 where id = ?", id);
	}

	public void stillRejected(long id, String reason, String payload) {
		this.jdbc.update(
				"update quarantine set reason = ?, raw_payload = ?, replay_count = replay_count + 1 " + "where id = ?",
				storable(reason), storable(payload), id);
	}

	private static String storable(String text) {
		return text == null ? null : text.replace('\u0000', NUL_MARK);
	}

	/**
	 * @param mapping the mapping to apply again on replay
	 * @param format {@code csv} or {@code json}: how to read the payload again on replay
	 * @param context what replay needs besides the payload (the CSV header row)
	 */
	public record Entry(String source, String mapping, String origin, Integer line, String format, String rawPayload,
			String context, String reason) {
	}

}

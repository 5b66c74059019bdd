package com.venuehub.ingest;

import java.security.Principal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.venuehub.platform.ApiException;
import com.venuehub.platform.OperatorActions;
import com.venuehub.platform.Quarantine;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The quarantined records as operators read them (filtered by status, source, reason and
 * day, newest first) and their replay: the stored payload after a mapping fix, or a
 * corrected one. The API and the console both go through here.
 */
@Component
public class QuarantineRecords {

	private static final Set<String> STATUSES = Set.of("QUARANTINED", "REPLAYED", "ERASED", "EXPIRED");

	private static final RowMapper<QuarantinedRecord> ROW = (rs, n) -> new QuarantinedRecord(rs.getLong("id"),
			rs.getString("source"), rs.getString("mapping"), rs.getString("origin"),
			(Integer) rs.getObject("line_number"), rs.getString("format"), rs.getString("raw_payload"),
			rs.getString("context"), rs.getString("reason"), rs.getString("status"),
			rs.getTimestamp("received_at").toInstant(),
			rs.getTimestamp("replayed_at") == null ? null : rs.getTimestamp("replayed_at").toInstant(),
			rs.getInt("replay_count"),
			rs.getTimestamp("expired_at") == null ? null : rs.getTimestamp("expired_at").toInstant());

	private final NamedParameterJdbcTemplate jdbc;

	private final Intake intake;

	private final Quarantine quarantine;

	private final OperatorActions actions;

	private final ZoneId venueZone;

	public QuarantineRecords(NamedParameterJdbcTemplate jdbc, Intake intake, Quarantine quarantine,
			OperatorActions actions, IngestProperties properties) {
		this.jdbc = jdbc;
		this.intake = intake;
		this.quarantine = quarantine;
		this.actions = actions;
		this.venueZone = ZoneId.of(properties.venueZone());
	}

	/**
	 * One page of records, newest first; every filter but the status is optional.
	 * @param reason words the reason contains (any case)
	 * @param day the day (venue time) the record was received
	 */
	public QuarantinePage list(Filter filter, int page, int size) {
		ApiException.checkPage(page, size);
		String status = filter.status() == null ? "QUARANTINED" : filter.status().strip().toUpperCase(Locale.ROOT);
		if (!STATUSES.contains(status)) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"status '" + filter.status() + "' is not one of " + STATUSES.stream().sorted().toList());
		}
		MapSqlParameterSource parameters = new MapSqlParameterSource("status", status);
		StringBuilder where = new StringBuilder("status = :status");
		if (filter.source() != null && !filter.source().isBlank()) {
			where.append(" and source = :source");
			parameters.addValue("source", filter.source().strip());
		}
		if (filter.reason() != null && !filter.reason().isBlank()) {
			where.append(" and reason ilike :reason");
			parameters.addValue("reason",
					"%" + filter.reason().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
		}
		if (ApiException.checkDate("parameter 'day'", filter.day()) != null) {
			where.append(" and received_at >= :start and received_at < :end");
			parameters.addValue("start", Timestamp.from(filter.day().atStartOfDay(this.venueZone).toInstant()));
			parameters.addValue("end",
					Timestamp.from(filter.day().plusDays(1).atStartOfDay(this.venueZone).toInstant()));
		}
		Long total = this.jdbc.queryForObject("select count(*) from quarantine where " + where, parameters, Long.class);
		parameters.addValue("limit", size).addValue("offset", (long) page * size);
		List<QuarantinedRecord> items = this.jdbc.query(
				"select * from quarantine where " + where + " order by id desc limit :limit offset :offset", parameters,
				ROW);
		return new QuarantinePage(items, page, size, total == null ? 0 : total);
	}

	public QuarantinedRecord get(long id) {
		return this.jdbc.query("select * from quarantine where id = :id", new MapSqlParameterSource("id", id), ROW)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no quarantined record " + id));
	}

	/**
	 * Replays a record: the stored payload, or the corrected one; recorded with who
	 * asked.
	 * @throws ApiException 409 when replayed already, 410 when erased or expired, 422
	 * with the reason when it is still rejected (the corrected payload is kept)
	 */
	public ReplayResult replay(long id, String corrected, Principal actor) {
		QuarantinedRecord record = get(id);
		if (record.status().equals("REPLAYED")) {
			throw new ApiException(HttpStatus.CONFLICT, "record " + id + " was already replayed");
		}
		if (record.status().equals("ERASED")) {
			throw new ApiException(HttpStatus.GONE,
					"record " + id + " was erased with the customer whose data it carried: there is nothing to replay");
		}
		if (record.status().equals("EXPIRED")) {
			throw new ApiException(HttpStatus.GONE, "record " + id
					+ " expired: nobody replayed it within the quarantine's retention period, and its raw text was removed");
		}
		String payload = corrected == null || corrected.isBlank() ? record.rawPayload() : corrected.strip();
		String reason;
		if ("event".equals(record.format())) {
			reason = this.intake.replayEvent(payload);
		}
		else {
			reason = this.intake.replay(record.source(), record.mapping(), record.format(), payload, record.context());
		}
		if (reason != null) {
			this.quarantine.stillRejected(id, reason, payload);
			throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "record " + id + " is still rejected: " + reason);
		}
		this.quarantine.replayed(id);
		this.actions.record(OperatorActions.REPLAY, actor, null, "quarantine:" + id,
				corrected == null || corrected.isBlank() ? "as stored" : "corrected");
		return new ReplayResult(id, "REPLAYED");
	}

	/**
	 * @param status QUARANTINED (default), REPLAYED, ERASED or EXPIRED
	 * @param reason words the reason contains
	 * @param day the day (venue time) it was received
	 */
	public record Filter(String status, String source, String reason, LocalDate day) {
	}

	public record QuarantinePage(List<QuarantinedRecord> items, int page, int size, long total) {
	}

	public record QuarantinedRecord(long id, String source, String mapping, String origin, Integer line, String format,
			String rawPayload, String context, String reason, String status, Instant receivedAt, Instant replayedAt,
			int replayCount, Instant expiredAt) {
	}

	public record ReplayResult(long id, String status) {
	}

}

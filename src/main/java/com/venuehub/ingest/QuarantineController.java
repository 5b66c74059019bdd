package com.venuehub.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.platform.ApiException;
import com.venuehub.platform.Quarantine;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The quarantine: rejected records with their raw payload and reason, and their replay
 * (as stored, after a mapping fix, or with a corrected payload in the body).
 */
@RestController
@RequestMapping("/api/v1/quarantine")
@Tag(name = "quarantine", description = "Rejected records and their replay")
public class QuarantineController {

	private static final RowMapper<QuarantinedRecord> ROW = (rs, n) -> new QuarantinedRecord(rs.getLong("id"),
			rs.getString("source"), rs.getString("mapping"), rs.getString("origin"),
			(Integer) rs.getObject("line_number"), rs.getString("format"), rs.getString("raw_payload"),
			rs.getString("context"), rs.getString("reason"), rs.getString("status"),
			rs.getTimestamp("received_at").toInstant(),
			rs.getTimestamp("replayed_at") == null ? null : rs.getTimestamp("replayed_at").toInstant(),
			rs.getInt("replay_count"));

	private final JdbcTemplate jdbc;

	private final Intake intake;

	private final Quarantine quarantine;

	private final EventPublisher publisher;

	private final ObjectMapper json;

	public QuarantineController(JdbcTemplate jdbc, Intake intake, Quarantine quarantine, EventPublisher publisher,
			ObjectMapper json) {
		this.jdbc = jdbc;
		this.intake = intake;
		this.quarantine = quarantine;
		this.publisher = publisher;
		this.json = json;
	}

	@Operation(summary = "Quarantined records, newest first (status QUARANTINED by default, REPLAYED or ERASED)")
	@GetMapping
	public QuarantinePage list(@RequestParam(defaultValue = "QUARANTINED") String status,
			@RequestParam(required = false) String source, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		ApiException.checkPage(page, size);
		List<Object> args = new ArrayList<>(List.of(status.toUpperCase()));
		String where = "status = ?";
		if (source != null) {
			where += " and source = ?";
			args.add(source);
		}
		Long total = this.jdbc.queryForObject("select count(*) from quarantine where " + where, Long.class,
				args.toArray());
		args.add(size);
		args.add((long) page * size);
		List<QuarantinedRecord> items = this.jdbc.query(
				"select * from quarantine where " + where + " order by id desc limit ? offset ?", ROW, args.toArray());
		return new QuarantinePage(items, page, size, total == null ? 0 : total);
	}

	@Operation(summary = "One quarantined record")
	@GetMapping("/{id}")
	public QuarantinedRecord get(@PathVariable long id) {
		return this.jdbc.query("select * from quarantine where id = ?", ROW, id)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no quarantined record " + id));
	}

	@Operation(summary = "Replay a record: the stored payload, or the corrected one sent as body")
	@PostMapping("/{id}/replay")
	public ReplayResult replay(@PathVariable long id, @RequestBody(required = false) String corrected) {
		QuarantinedRecord record = get(id);
		if (record.status().equals("REPLAYED")) {
			throw new ApiException(HttpStatus.CONFLICT, "record " + id + " was already replayed");
		}
		if (record.status().equals("ERASED")) {
			throw new ApiException(HttpStatus.GONE,
					"record " + id + " was erased with the customer whose data it carried: there is nothing to replay");
		}
		String payload = corrected == null || corrected.isBlank() ? record.rawPayload() : corrected.strip();
		String reason;
		if ("event".equals(record.format())) {
			reason = republish(payload);
		}
		else {
			reason = this.intake.replay(record.source(), record.mapping(), record.format(), payload, record.context());
		}
		if (reason != null) {
			this.quarantine.stillRejected(id, reason, payload);
			throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "record " + id + " is still rejected: " + reason);
		}
		this.quarantine.replayed(id);
		return new ReplayResult(id, "REPLAYED");
	}

	private String republish(String payload) {
		try {
			this.publisher.publish(List.of(this.json.readValue(payload, CanonicalEvent.class)));
			return null;
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			return "the payload is not a canonical event: " + ex.getOriginalMessage();
		}
	}

	public record QuarantinePage(List<QuarantinedRecord> items, int page, int size, long total) {
	}

	public record QuarantinedRecord(long id, String source, String mapping, String origin, Integer line, String format,
			String rawPayload, String context, String reason, String status, Instant receivedAt, Instant replayedAt,
			int replayCount) {
	}

	public record ReplayResult(long id, String status) {
	}

}

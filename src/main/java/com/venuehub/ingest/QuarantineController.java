package com.venuehub.ingest;

import java.security.Principal;
import java.time.LocalDate;

import com.venuehub.ingest.QuarantineRecords.Filter;
import com.venuehub.ingest.QuarantineRecords.QuarantinePage;
import com.venuehub.ingest.QuarantineRecords.QuarantinedRecord;
import com.venuehub.ingest.QuarantineRecords.ReplayResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
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

	private final QuarantineRecords records;

	public QuarantineController(QuarantineRecords records) {
		this.records = records;
	}

	@Operation(
			summary = "Quarantined records, newest first (status QUARANTINED by default, REPLAYED, ERASED or EXPIRED), "
					+ "optionally of one source, whose reason contains some words, received on one day (venue time)")
	@GetMapping
	public QuarantinePage list(@RequestParam(defaultValue = "QUARANTINED") String status,
			@RequestParam(required = false) String source, @RequestParam(required = false) String reason,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		return this.records.list(new Filter(status, source, reason, day), page, size);
	}

	@Operation(summary = "One quarantined record")
	@GetMapping("/{id}")
	public QuarantinedRecord get(@PathVariable long id) {
		return this.records.get(id);
	}

	@Operation(summary = "Replay a record: the stored payload, or the corrected one sent as body")
	@PostMapping("/{id}/replay")
	public ReplayResult replay(@PathVariable long id, @RequestBody(required = false) String corrected,
			Principal principal) {
		return this.records.replay(id, corrected, principal);
	}

}

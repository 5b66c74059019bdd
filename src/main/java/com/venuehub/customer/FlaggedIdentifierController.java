package com.venuehub.customer;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.venuehub.ingest.Identifiers;
import com.venuehub.platform.ApiException;
import com.venuehub.platform.RecordRejectedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Identifiers held by too many distinct people to link anyone, for operators to review,
 * and lifted once one person is left holding them.
 */
@RestController
@RequestMapping("/api/v1/identifiers/flagged")
@Tag(name = "identifiers", description = "Identifiers flagged as shared by too many people")
public class FlaggedIdentifierController {

	private static final List<String> KINDS = List.of("EMAIL", "PHONE", "CARD");

	private final JdbcTemplate jdbc;

	private final Identifiers identifiers;

	private final Unifier unifier;

	public FlaggedIdentifierController(JdbcTemplate jdbc, Identifiers identifiers, Unifier unifier) {
		this.jdbc = jdbc;
		this.identifiers = identifiers;
		this.unifier = unifier;
	}

	@Operation(summary = "Flagged identifiers, most recently flagged first, with how many customers hold each now")
	@GetMapping
	public FlaggedPage list(@RequestParam(required = false) String kind, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		ApiException.checkPage(page, size);
		String wanted = kind == null ? null : kind(kind);
		Long total = this.jdbc.queryForObject("select count(*) from identifier_flag where ?::text is null or kind = ?",
				Long.class, wanted, wanted);
		List<Flagged> items = this.jdbc.query("""
				select f.kind, f.value, f.reason, f.holders, f.flagged_at,
				       (select count(distinct coalesce(c.merged_into, c.id)) from customer_identifier i
				        join customer c on c.id = i.customer_id where i.kind = f.kind and i.value = f.value)
				from identifier_flag f where ?::text is null or f.kind = ?
				order by f.flagged_at desc, f.kind, f.value limit ? offset ?""", (rs, n) -> new Flagged(rs.getString(1),
				rs.getString(2), rs.getString(3), rs.getInt(4), rs.getTimestamp(5).toInstant(), rs.getInt(6)), wanted,
				wanted, size, (long) page * size);
		return new FlaggedPage(items, page, size, total == null ? 0 : total);
	}

	@Operation(summary = "Lifts the flag of an identifier one person is left holding: it links again from the next "
			+ "record on, and merges nobody by itself; 409 while several people hold it")
	@DeleteMapping("/{kind}/{value}")
	public Lifted lift(@PathVariable String kind, @PathVariable String value) {
		String k = kind(kind);
		String normalized;
		try {
			normalized = switch (k) {
				case "EMAIL" -> this.identifiers.email(value);
				case "PHONE" -> this.identifiers.phone(value);
				default -> this.identifiers.card(value);
			};
		}
		catch (RecordRejectedException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		return new Lifted(k, normalized, this.unifier.unflag(k, normalized));
	}

	private static String kind(String kind) {
		String k = kind.strip().toUpperCase(Locale.ROOT);
		if (!KINDS.contains(k)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "kind must be EMAIL, PHONE or CARD");
		}
		return k;
	}

	public record FlaggedPage(List<Flagged> items, int page, int size, long total) {
	}

	/**
	 * @param holders distinct customers holding it when it was flagged
	 * @param heldNow distinct people (live customers) holding it now
	 */
	public record Flagged(String kind, String value, String reason, int holders, Instant flaggedAt, int heldNow) {
	}

	/**
	 * @param heldNow customers holding it when the flag was lifted (0 or 1)
	 */
	public record Lifted(String kind, String value, int heldNow) {
	}

}

package com.venuehub.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.platform.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Possible duplicates the matcher was not sure about, for a person to confirm (merge) or
 * reject.
 */
@RestController
@RequestMapping("/api/v1/duplicates")
@Tag(name = "duplicates", description = "Pairs of customers that may be one person")
public class DuplicateController {

	private final JdbcTemplate jdbc;

	private final Unifier unifier;

	private final ObjectMapper json;

	public DuplicateController(JdbcTemplate jdbc, Unifier unifier, ObjectMapper json) {
		this.jdbc = jdbc;
		this.unifier = unifier;
		this.json = json;
	}

	@Operation(summary = "Open possible duplicates, both customers still live, most likely first")
	@GetMapping
	public List<Duplicate> open(@RequestParam(required = false) Long customerId,
			@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > 1000) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000");
		}
		return this.jdbc.query("""
				select p.id, p.customer_a, p.customer_b, p.score, p.fields::text, p.event_id, p.created_at
				from duplicate_pair p
				join customer a on a.id = p.customer_a and a.merged_into is null
				join customer b on b.id = p.customer_b and b.merged_into is null
				where p.status = 'OPEN' and (?::bigint is null or ? in (p.customer_a, p.customer_b))
				order by p.score desc, p.id limit ?""",
				(rs, n) -> new Duplicate(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4),
						fields(rs.getString(5)), rs.getString(6), rs.getTimestamp(7).toInstant()),
				customerId, customerId, limit);
	}

	@Operation(summary = "The two customers are one person: merged into the older one")
	@PostMapping("/{id}/confirm")
	public Decision confirm(@PathVariable long id) {
		return new Decision(id, "CONFIRMED", this.unifier.confirmDuplicate(id));
	}

	@Operation(summary = "The two customers are two people: the pair is never proposed or merged again")
	@PostMapping("/{id}/reject")
	public Decision reject(@PathVariable long id) {
		this.unifier.rejectDuplicate(id);
		return new Decision(id, "REJECTED", null);
	}

	private Map<String, Double> fields(String text) {
		try {
			return this.json.readValue(text,
					this.json.getTypeFactory().constructMapType(Map.class, String.class, Double.class));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param fields the similarity (0 to 1) of each field both customers have
	 */
	public record Duplicate(long id, long customerA, long customerB, double score, Map<String, Double> fields,
			String eventId, Instant proposedAt) {
	}

	/**
	 * @param customerId the surviving customer of a confirmed pair
	 */
	public record Decision(long id, String status, Long customerId) {
	}

}

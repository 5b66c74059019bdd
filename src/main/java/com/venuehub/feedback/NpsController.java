package com.venuehub.feedback;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.venuehub.ingest.IngestProperties;
import com.venuehub.platform.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A venue's net promoter score over a period: share of answers 9–10 minus share of 0–6,
 * in points from -100 to 100, counting anonymous answers too.
 */
@RestController
@RequestMapping("/api/v1/venues")
@Tag(name = "satisfaction", description = "Kiosk answers and net promoter score per venue")
public class NpsController {

	private final JdbcTemplate jdbc;

	private final ZoneId venueZone;

	public NpsController(JdbcTemplate jdbc, IngestProperties ingest) {
		this.jdbc = jdbc;
		this.venueZone = ZoneId.of(ingest.venueZone());
	}

	@Operation(summary = "Net promoter score and number of answers; from and to are dates (venue time, both "
			+ "included) or ISO date-times (to excluded)")
	@GetMapping("/{venue}/nps")
	public Nps nps(@PathVariable String venue, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		OffsetDateTime start = bound("from", from, false);
		OffsetDateTime end = bound("to", to, true);
		if (start != null && end != null && !end.isAfter(start)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "'to' (" + to + ") must be after 'from' (" + from + ")");
		}
		Map<String, Object> counts = this.jdbc.queryForMap("""
				select count(*) as answers,
				       count(*) filter (where score >= 9) as promoters,
				       count(*) filter (where score between 7 and 8) as passives,
				       count(*) filter (where score <= 6) as detractors
				from feedback_response
				where venue = ? and (?::timestamptz is null or answered_at >= ?::timestamptz)
				  and (?::timestamptz is null or answered_at < ?::timestamptz)""", venue, timestamp(start),
				timestamp(start), timestamp(end), timestamp(end));
		long answers = ((Number) counts.get("answers")).longValue();
		long promoters = ((Number) counts.get("promoters")).longValue();
		long detractors = ((Number) counts.get("detractors")).longValue();
		BigDecimal score = answers == 0 ? null : BigDecimal.valueOf(100L * (promoters - detractors))
			.divide(BigDecimal.valueOf(answers), 1, RoundingMode.HALF_UP);
		return new Nps(venue, start, end, answers, promoters, ((Number) counts.get("passives")).longValue(), detractors,
				score);
	}

	private OffsetDateTime bound(String name, String value, boolean end) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			OffsetDateTime time = OffsetDateTime.parse(value.strip());
			ApiException.checkDate("parameter '" + name + "'", time.toLocalDate());
			return time;
		}
		catch (DateTimeParseException notDateTime) {
			try {
				LocalDate date = ApiException.checkDate("parameter '" + name + "'", LocalDate.parse(value.strip()));
				// a date is a whole day at the venue: 'to' includes it
				return (end ? date.plusDays(1) : date).atStartOfDay(this.venueZone).toOffsetDateTime();
			}
			catch (DateTimeParseException ex) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "parameter '" + name + "' value '" + value
						+ "' is neither a date (2026-03-01) nor a date-time (2026-03-01T00:00:00+01:00)");
			}
		}
	}

	private static Timestamp timestamp(OffsetDateTime time) {
		return time == null ? null : Timestamp.from(time.toInstant());
	}

	/**
	 * @param to end of the period, excluded
	 * @param nps promoters' share minus detractors' share, in points; null without
	 * answers
	 */
	public record Nps(String venue, OffsetDateTime from, OffsetDateTime to, long answers, long promoters, long passives,
			long detractors, BigDecimal nps) {
	}

}

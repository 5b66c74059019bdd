package com.venuehub.ingest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.venuehub.platform.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the sources send, day by day: records applied, and the phones, emails and cards
 * they carried that were kept unverified, so venue IT sees which system to fix.
 */
@RestController
@RequestMapping("/api/v1/data-quality")
@Tag(name = "data quality",
		description = "Records applied per source and day, and the contact values that could " + "not be used")
public class DataQualityController {

	private final DataQuality dataQuality;

	private final Mappings mappings;

	public DataQualityController(DataQuality dataQuality, Mappings mappings) {
		this.dataQuality = dataQuality;
		this.mappings = mappings;
	}

	@Operation(summary = "Per source and day (the day the record happened, venue time), newest first: records "
			+ "applied, invalid phones, invalid emails, invalid optional loyalty cards, placeholders")
	@GetMapping
	public Report report(
			@Parameter(description = "one source (box-office, online, loyalty, kiosk…)") @RequestParam(
					required = false) String source,
			@Parameter(description = "first day included, e.g. 2026-03-01") @RequestParam(required = false) String from,
			@Parameter(description = "last day included, e.g. 2026-03-31") @RequestParam(required = false) String to) {
		String wanted = source == null || source.isBlank() ? null : source.strip();
		if (wanted != null && !this.mappings.sources().contains(wanted)) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"source '" + source + "' is not one of " + this.mappings.sources());
		}
		LocalDate start = date("from", from);
		LocalDate end = date("to", to);
		if (start != null && end != null && end.isBefore(start)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "'to' (" + end + ") is before 'from' (" + start + ")");
		}
		List<DataQuality.Day> days = this.dataQuality.days(wanted, start, end);
		return new Report(wanted, start, end, days);
	}

	private static LocalDate date(String name, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return ApiException.checkDate("parameter '" + name + "'", LocalDate.parse(value.strip()));
		}
		catch (DateTimeParseException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"parameter '" + name + "' value '" + value + "' is not a date such as 2026-03-14");
		}
	}

	/**
	 * @param source the source asked for, or null for all
	 * @param from first day included, or null
	 * @param to last day included, or null
	 */
	public record Report(String source, LocalDate from, LocalDate to, List<DataQuality.Day> days) {
	}

}

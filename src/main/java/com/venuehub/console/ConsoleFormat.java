package com.venuehub.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the console's templates use to show times (in the venue's zone) and to hand chart
 * data to the page ({@code ${@console.chart(...)}}), and the links of a listing's pager.
 */
@Component("console")
public class ConsoleFormat {

	private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

	private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:00");

	private final ZoneId zone;

	private final ObjectMapper json;

	public ConsoleFormat(@Value("${hub.ingest.venue-zone}") String venueZone, ObjectMapper json) {
		this.zone = ZoneId.of(venueZone);
		this.json = json;
	}

	public ZoneId zone() {
		return this.zone;
	}

	/** A time as the venue reads it; empty for none. */
	public String at(Instant instant) {
		return instant == null ? "" : AT.format(instant.atZone(this.zone));
	}

	/** The hour an instant falls in, venue time. */
	public String hour(Instant instant) {
		return instant == null ? "" : HOUR.format(instant.atZone(this.zone));
	}

	/** Today, venue time. */
	public LocalDate today() {
		return LocalDate.now(this.zone);
	}

	/**
	 * The link to another page of the listing being shown: the same path and parameters
	 * (filters, size), with {@code page} set.
	 */
	public String pageLink(int page) {
		HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
			.getRequest();
		return UriComponentsBuilder.fromPath(request.getRequestURI())
			.query(request.getQueryString())
			.replaceQueryParam("page", page)
			.build()
			.toUriString();
	}

	/** The chart spec console.js draws, as the JSON of a {@code data-chart} attribute. */
	public String chart(Chart chart) {
		try {
			return this.json.writeValueAsString(chart);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A chart: {@code bar}, {@code line} or {@code doughnut}, its labels, and a series of
	 * values per label.
	 */
	public record Chart(String type, List<String> labels, List<Series> series, boolean stacked) {
	}

	public record Series(String label, List<? extends Number> data, String color) {

		public Series(String label, List<? extends Number> data) {
			this(label, data, null);
		}

	}

}

package com.venuehub.platform;

import java.time.LocalDate;
import java.util.Map;

import org.springframework.http.HttpStatus;

/** An HTTP error whose message tells the caller what was wrong. */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final Map<String, Object> properties;

	public ApiException(HttpStatus status, String message) {
		this(status, message, Map.of());
	}

	/**
	 * @param properties more members of the problem detail, for a caller that reads them
	 */
	public ApiException(HttpStatus status, String message, Map<String, Object> properties) {
		super(message);
		this.status = status;
		this.properties = Map.copyOf(properties);
	}

	/** Refuses a page request outside what the listings serve. */
	public static void checkPage(int page, int size) {
		if (page < 0 || size < 1 || size > 500) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "page must be >= 0 and size between 1 and 500");
		}
	}

	/**
	 * Refuses a date outside the years 1900 to 9999: no record of a venue is dated there,
	 * and near the ends of Java's calendar the start of the next day, or a timestamp of
	 * the day, cannot even be computed.
	 * @param what the parameter or field, as the caller wrote it ({@code parameter 'to'})
	 * @return the date, for a caller that reads it in one go
	 */
	public static LocalDate checkDate(String what, LocalDate date) {
		if (date != null && (date.getYear() < 1900 || date.getYear() > 9999)) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					what + " " + date + " is not between the years 1900 and 9999");
		}
		return date;
	}

	public HttpStatus status() {
		return this.status;
	}

	public Map<String, Object> properties() {
		return this.properties;
	}

}

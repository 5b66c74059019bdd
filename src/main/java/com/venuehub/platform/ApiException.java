package com.venuehub.platform;

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

	public HttpStatus status() {
		return this.status;
	}

	public Map<String, Object> properties() {
		return this.properties;
	}

}

package com.venuehub.platform;

import org.springframework.http.HttpStatus;

/** An HTTP error whose message tells the caller what was wrong. */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	public ApiException(HttpStatus status, String message) {
		super(message);
		this.status = status;
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

}

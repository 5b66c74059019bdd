package com.venuehub.platform;

import org.springframework.http.HttpStatus;

/** An HTTP error whose message tells the caller what was wrong. */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	public ApiException(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

}

package com.venuehub.email;

/**
 * The relay refused the message itself for good (5xx on sender or content): it is not
 * retried.
 */
public class MessageRefusedException extends Exception {

	public MessageRefusedException(String message, Throwable cause) {
		super(message, cause);
	}

}

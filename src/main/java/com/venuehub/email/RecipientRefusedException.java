package com.venuehub.email;

/** The relay refused the recipient for good (5xx on RCPT): the address is bouncing. */
public class RecipientRefusedException extends Exception {

	public RecipientRefusedException(String message, Throwable cause) {
		super(message, cause);
	}

}

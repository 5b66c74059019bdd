package com.venuehub.email;

/**
 * The relay could not take the message now (unreachable, 4xx): it is tried again later.
 */
public class TemporaryMailFailure extends Exception {

	public TemporaryMailFailure(String message, Throwable cause) {
		super(message, cause);
	}

}

package com.venuehub.platform;

/**
 * A record that cannot be mapped or applied as it is: bad data, not a passing failure. It
 * is never retried; the record goes to quarantine with this message as the reason a
 * person reads.
 */
public class RecordRejectedException extends RuntimeException {

	public RecordRejectedException(String reason) {
		super(reason);
	}

	public RecordRejectedException(String reason, Throwable cause) {
		super(reason, cause);
	}

}

package com.venuehub.platform;

/**
 * A record refused before it is read for what it means: a control character in a field, a
 * field or a list beyond the intake limits. Quarantined like any rejected record; a body
 * made of this one record is answered 400.
 */
public class MalformedRecordException extends RecordRejectedException {

	public MalformedRecordException(String reason) {
		super(reason);
	}

}

package com.venuehub.ingest;

import com.venuehub.platform.RecordRejectedException;

/**
 * A capability's own check of a mapped record at intake, against what the hub knows (a
 * reseller code, say): a record that fails it is quarantined with its raw text and the
 * reason, the rest of its batch goes on, and it can be replayed once the hub knows more.
 */
public interface RecordCheck {

	/**
	 * @throws RecordRejectedException with a reason a person understands
	 */
	void check(CanonicalEvent event);

}

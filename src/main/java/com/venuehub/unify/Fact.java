package com.venuehub.unify;

import com.venuehub.ingest.CanonicalEvent;

/**
 * One event of a unify batch and the customer it belongs to: the one its contact resolved
 * to, or the one a capability found for it (the holder of its loyalty card, of its
 * ticket); null while it has none.
 */
public final class Fact {

	private final CanonicalEvent event;

	private Long customerId;

	public Fact(CanonicalEvent event, Long customerId) {
		this.event = event;
		this.customerId = customerId;
	}

	public CanonicalEvent event() {
		return this.event;
	}

	public Long customerId() {
		return this.customerId;
	}

	/** The customer a capability found the event belongs to. */
	public void belongsTo(Long customerId) {
		this.customerId = customerId;
	}

}

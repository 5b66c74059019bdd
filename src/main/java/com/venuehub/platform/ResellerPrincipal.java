package com.venuehub.platform;

import java.security.Principal;

/**
 * A caller holding a reseller's own API key: the reseller it speaks for, by id and by the
 * code its sales rows carry in {@code reseller_id}.
 */
public record ResellerPrincipal(long id, String code) implements Principal {

	/** The ingest source whose rows a reseller's key may post: its sales reports. */
	public static final String INGEST_SOURCE = "reseller";

	@Override
	public String getName() {
		return "reseller:" + this.id;
	}

}

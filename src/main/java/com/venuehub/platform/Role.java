package com.venuehub.platform;

import java.util.Arrays;

/**
 * What a person or an operator key may do. Console users and operator API keys hold one
 * or more; a reseller login holds {@link #RESELLER} only, bound to its own reseller.
 */
public enum Role {

	/** Sources, quarantine and replay, data quality, customer lookup and duplicates. */
	VENUE_IT,

	/**
	 * Segments, campaigns and their aggregated results, satisfaction; no personal data.
	 */
	MARKETING,

	/** Customer pages, export, erasure, consent history, duplicates. */
	DPO,

	/** Everything staff can do. */
	ADMIN,

	/** A reseller's own allocations, stock and alerts. */
	RESELLER;

	/** The Spring Security authority of the role. */
	public String authority() {
		return "ROLE_" + name();
	}

	/** Names of these roles, for {@code hasAnyRole}. */
	public static String[] names(Role... roles) {
		return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
	}

}

package com.venuehub.console;

import java.util.Map;

/**
 * What a capability lists on the administrator's read-only page ({@code /console/admin}),
 * below the console users: each capability contributes its own section.
 */
public interface AdminSection {

	/** Where it stands on the page: lower first. */
	int order();

	/**
	 * The Thymeleaf template whose fragment {@code section} draws it, e.g.
	 * {@code reseller/admin}.
	 */
	String template();

	/** What the fragment shows. */
	Map<String, Object> model();

}

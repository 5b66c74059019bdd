package com.venuehub.console;

import java.util.Map;

import com.venuehub.platform.Role;

/**
 * What a capability shows on the console's home page: a panel of a few figures for the
 * roles it is for. Each capability contributes its own; the home page knows none.
 */
public interface HomePanel {

	/** Where it stands on the page: lower first. */
	int order();

	/** The roles that see it (ADMIN sees every staff panel). */
	Role[] roles();

	/**
	 * The Thymeleaf template whose fragment {@code panel} draws it, e.g.
	 * {@code ingest/home}.
	 */
	String template();

	/** What the fragment shows, for this user. */
	Map<String, Object> model(ConsoleUser user);

}

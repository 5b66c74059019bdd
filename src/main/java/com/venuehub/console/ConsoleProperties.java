package com.venuehub.console;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.venuehub.platform.Role;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The people who log in to the console ({@code /console}).
 *
 * @param users each user by login name
 * @param allowDevelopmentUsers the shipped development users ({@code dev-…} passwords,
 * stored in clear with {@code {noop}}) are accepted: the default run only
 */
@Validated
@ConfigurationProperties("hub.console")
public record ConsoleProperties(Map<String, User> users, boolean allowDevelopmentUsers) {

	private static final Pattern ENCODED = Pattern.compile("\\{[a-z0-9]+}.+");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	public ConsoleProperties {
		users = users == null ? Map.of() : Map.copyOf(users);
		users.forEach((name, user) -> check(name, user, allowDevelopmentUsers));
	}

	private static void check(String name, User user, boolean allowDevelopmentUsers) {
		String property = "hub.console.users." + name;
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(
					property + ": a login name is 1 to 64 letters, digits, '.', '_', '@' or '-'");
		}
		if (user == null || user.password() == null || !ENCODED.matcher(user.password()).matches()) {
			throw new IllegalArgumentException(property + ".password must name its encoding: {bcrypt}$2a$… "
					+ "(or {noop}… for a development user)");
		}
		if (!allowDevelopmentUsers) {
			if (user.password().startsWith("{noop}")) {
				throw new IllegalArgumentException(
						property + ".password is stored in clear ({noop}): set a {bcrypt} hash from the environment");
			}
		}
		if (!allowDevelopmentUsers && user.password().contains("}dev-")) {
			throw new IllegalArgumentException(
					property + " is a development user: set real users from the environment");
		}
		if (user.roles().isEmpty()) {
			throw new IllegalArgumentException(
					property + ".roles is empty: give one or more of VENUE_IT, MARKETING, DPO, ADMIN, or RESELLER");
		}
		if (user.roles().contains(Role.RESELLER)) {
			if (user.roles().size() > 1) {
				throw new IllegalArgumentException(
						property + ".roles: a RESELLER login is a reseller's only, with no staff role");
			}
			if (user.reseller() == null || user.reseller().isBlank()) {
				throw new IllegalArgumentException(
						property + ".reseller is missing: a RESELLER login names its reseller's code");
			}
		}
		else if (user.reseller() != null) {
			throw new IllegalArgumentException(
					property + ".reseller is set for a staff user: only a RESELLER login " + "is bound to a reseller");
		}
	}

	/**
	 * @param password the password with its encoding: {@code {bcrypt}$2a$10$…}, or
	 * {@code {noop}…} in the default run
	 * @param roles what the user may do
	 * @param reseller the code of the reseller a {@code RESELLER} login belongs to (the
	 * {@code reseller_id} of its sales)
	 */
	public record User(String password, List<Role> roles, String reseller) {

		public User {
			roles = roles == null ? List.of() : List.copyOf(Set.copyOf(roles)).stream().sorted().toList();
		}

	}

}

package com.venuehub.console;

import java.util.Map;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** The console's users, as configured under {@code hub.console.users}. */
@Component
public class ConsoleUsers implements UserDetailsService {

	private final Map<String, ConsoleProperties.User> users;

	public ConsoleUsers(ConsoleProperties properties) {
		this.users = properties.users();
	}

	@Override
	public UserDetails loadUserByUsername(String name) {
		ConsoleProperties.User user = this.users.get(name);
		if (user == null) {
			throw new UsernameNotFoundException("no console user of that name");
		}
		// a fresh instance each time: Spring Security erases the password of the one it
		// authenticated
		return new ConsoleUser(name, user.password(), user.roles(), user.reseller());
	}

}

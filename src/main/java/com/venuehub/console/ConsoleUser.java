package com.venuehub.console;

import java.security.Principal;
import java.util.List;

import com.venuehub.platform.Role;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * A person logged in to the console: their roles and, for a reseller's login, the code of
 * their reseller.
 */
public class ConsoleUser extends User {

	private final List<Role> roles;

	private final String reseller;

	public ConsoleUser(String name, String password, List<Role> roles, String reseller) {
		super(name, password, roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
		this.roles = List.copyOf(roles);
		this.reseller = reseller;
	}

	public List<Role> roles() {
		return this.roles;
	}

	/** Holds one of these roles (ADMIN holds every staff role). */
	public boolean may(Role... any) {
		for (Role role : any) {
			if (this.roles.contains(role) || (role != Role.RESELLER && this.roles.contains(Role.ADMIN))) {
				return true;
			}
		}
		return false;
	}

	/** The reseller code a RESELLER login is bound to; null for staff. */
	public String reseller() {
		return this.reseller;
	}

	/**
	 * The user as the hub records who did something ({@code user:<name>}), beside
	 * operator keys ({@code operator:<name>}).
	 */
	public Principal actor() {
		String name = "user:" + getUsername();
		return () -> name;
	}

}

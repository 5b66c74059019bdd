package com.venuehub.console;

import com.venuehub.platform.Role;
import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's own chain, before the API's: people log in with a form, a session cookie
 * carries the login, forms carry a CSRF token, and each page is open to the roles it is
 * for. Every path not listed here is refused.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {

	private static final String[] STAFF = Role.names(Role.ADMIN, Role.VENUE_IT, Role.MARKETING, Role.DPO);

	@Bean
	@Order(1)
	SecurityFilterChain consoleChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/", "/console", "/console/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**")
			.authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR)
				.permitAll()
				.requestMatchers("/console/login", "/console/assets/**", "/webjars/**")
				.permitAll()
				.requestMatchers("/", "/console", "/console/denied")
				.authenticated()
				.requestMatchers("/console/sources/**", "/console/quarantine/**", "/console/data-quality/**",
						"/console/dead-letters/**")
				.hasAnyRole(Role.names(Role.ADMIN, Role.VENUE_IT))
				.requestMatchers("/console/customers/**", "/console/duplicates/**")
				.hasAnyRole(Role.names(Role.ADMIN, Role.VENUE_IT, Role.DPO))
				.requestMatchers("/console/privacy/**")
				.hasAnyRole(Role.names(Role.ADMIN, Role.DPO))
				.requestMatchers("/console/segments/**", "/console/campaigns/**", "/console/nps/**")
				.hasAnyRole(Role.names(Role.ADMIN, Role.MARKETING))
				.requestMatchers("/console/admin/**")
				.hasRole(Role.ADMIN.name())
				.requestMatchers("/console/reseller/**")
				.hasRole(Role.RESELLER.name())
				.requestMatchers("/swagger-ui.html", "/swagger-ui/**")
				.hasAnyRole(STAFF)
				.anyRequest()
				.denyAll())
			.formLogin(form -> form.loginPage("/console/login").defaultSuccessUrl("/console", true).permitAll())
			.logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
			.exceptionHandling(errors -> errors.accessDeniedPage("/console/denied"))
			.headers(headers -> headers
				// scripts only from the hub itself: no inline script, no CDN
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
						+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; "
						+ "form-action 'self'")));
		return http.build();
	}

	/** Passwords as {@code {bcrypt}…} (or {@code {noop}…} for development users). */
	@Bean
	PasswordEncoder consolePasswords() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}

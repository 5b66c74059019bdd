package com.venuehub.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call what: every endpoint that returns or takes personal data needs an API key;
 * an ingest key is good for its own source only, an operator key for what its roles allow
 * ({@code hub.security.operator-roles}). Errors answer as problem details.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	static final String HEADER = "X-Api-Key";

	/**
	 * The API: machines with keys, no session. Ordered after the console's chain, which
	 * takes only its own paths; this one takes every other request.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain api(HttpSecurity http, SecurityProperties keys, ObjectMapper json,
			List<ApiKeyAuthenticator> others) throws Exception {
		http.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.addFilterBefore(new ApiKeyFilter(keys, others), AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests(auth -> auth
				.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus", "/v3/api-docs/**",
						"/error")
				.permitAll()
				// Twilio signs its callbacks: the signature is verified by the endpoint
				.requestMatchers(HttpMethod.POST, "/webhooks/twilio/status", "/webhooks/twilio/inbound")
				.permitAll()
				.requestMatchers("/api/v1/ingest/{source}")
				.access((authentication, context) -> holds(authentication.get(),
						"INGEST_" + context.getVariables().get("source"), Role.ADMIN.authority(),
						Role.VENUE_IT.authority()))
				// a reseller reads its own stock only
				.requestMatchers(HttpMethod.GET, "/api/v1/resellers/{id}/stock")
				.access((authentication, context) -> holds(authentication.get(),
						"RESELLER_" + context.getVariables().get("id"), Role.ADMIN.authority(),
						Role.VENUE_IT.authority()))
				// personal data handed out or erased: the data protection officer's
				.requestMatchers("/api/v1/customers/*/export", "/api/v1/customers/*/consents")
				.hasAnyRole(Role.names(Role.ADMIN, Role.DPO))
				.requestMatchers(HttpMethod.DELETE, "/api/v1/customers/*")
				.hasAnyRole(Role.names(Role.ADMIN, Role.DPO))
				.requestMatchers("/api/v1/customers/**", "/api/v1/duplicates/**", "/api/v1/merges/**",
						"/api/v1/identifiers/**", "/api/v1/messages/**")
				.hasAnyRole(Role.names(Role.ADMIN, Role.DPO, Role.VENUE_IT))
				.requestMatchers("/api/v1/quarantine/**", "/api/v1/data-quality/**", "/api/v1/resellers/**",
						"/actuator/**")
				.hasAnyRole(Role.names(Role.ADMIN, Role.VENUE_IT))
				.requestMatchers("/api/v1/campaigns/**", "/api/v1/venues/**")
				.hasAnyRole(Role.names(Role.ADMIN, Role.MARKETING))
				.requestMatchers("/api/**")
				.hasRole(Role.ADMIN.name())
				.anyRequest()
				.denyAll())
			.exceptionHandling(errors -> errors
				.authenticationEntryPoint((request, response, ex) -> problem(json, response, HttpStatus.UNAUTHORIZED,
						"missing or unknown API key: send a valid key in the " + HEADER + " header"))
				.accessDeniedHandler((request, response, ex) -> problem(json, response,
						request.getHeader(HEADER) == null ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN,
						request.getHeader(HEADER) == null
								? "missing API key: send a valid key in the " + HEADER + " header"
								: "this API key is not allowed to call " + request.getRequestURI())));
		return http.build();
	}

	private static AuthorizationDecision holds(Authentication authentication, String... authorities) {
		List<String> wanted = List.of(authorities);
		return new AuthorizationDecision(
				authentication.getAuthorities().stream().anyMatch(a -> wanted.contains(a.getAuthority())));
	}

	private static void problem(ObjectMapper json, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), ProblemDetail.forStatusAndDetail(status, detail));
	}

	/** Turns a known key into an authentication; an unknown key is refused outright. */
	static final class ApiKeyFilter extends OncePerRequestFilter {

		private final SecurityProperties keys;

		private final List<ApiKeyAuthenticator> others;

		ApiKeyFilter(SecurityProperties keys, List<ApiKeyAuthenticator> others) {
			this.keys = keys;
			this.others = List.copyOf(others);
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String key = request.getHeader(HEADER);
			if (key != null) {
				Authentication authentication = authenticate(key);
				if (authentication == null) {
					response.setStatus(HttpStatus.UNAUTHORIZED.value());
					response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
					response.getOutputStream()
						.write(("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
								+ "\"detail\":\"unknown API key in the " + HEADER + " header\"}")
							.getBytes(StandardCharsets.UTF_8));
					return;
				}
				SecurityContextHolder.getContext().setAuthentication(authentication);
			}
			chain.doFilter(request, response);
		}

		private Authentication authenticate(String key) {
			for (Map.Entry<String, String> operator : this.keys.operatorKeys().entrySet()) {
				if (same(key, operator.getValue())) {
					List<SimpleGrantedAuthority> authorities = new ArrayList<>();
					this.keys.rolesOf(operator.getKey())
						.forEach(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
					return UsernamePasswordAuthenticationToken.authenticated("operator:" + operator.getKey(), null,
							authorities);
				}
			}
			for (Map.Entry<String, String> source : this.keys.ingestKeys().entrySet()) {
				if (same(key, source.getValue())) {
					return UsernamePasswordAuthenticationToken.authenticated("source:" + source.getKey(), null,
							List.of(new SimpleGrantedAuthority("INGEST_" + source.getKey())));
				}
			}
			for (ApiKeyAuthenticator other : this.others) {
				Authentication authentication = other.authenticate(key);
				if (authentication != null) {
					return authentication;
				}
			}
			return null;
		}

		private static boolean same(String given, String expected) {
			return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
					expected.getBytes(StandardCharsets.UTF_8));
		}

	}

}

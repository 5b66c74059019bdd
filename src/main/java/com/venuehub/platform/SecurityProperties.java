package com.venuehub.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * API keys, sent in the {@code X-Api-Key} header.
 *
 * @param operatorKeys operators (venue IT, marketing) by name: read customers,
 * quarantine, messages
 * @param ingestKeys one key per source, good only for
 * {@code POST /api/v1/ingest/<source>}; none for the reseller source, which each reseller
 * posts to with its own key
 * @param allowDevelopmentKeys the shipped {@code dev-…} keys are accepted (default run
 * only)
 * @param operatorRoles the roles of an operator key, by its name; a key not listed is
 * {@link Role#ADMIN}
 */
@Validated
@ConfigurationProperties("hub.security")
public record SecurityProperties(Map<String, String> operatorKeys, Map<String, String> ingestKeys,
		boolean allowDevelopmentKeys, Map<String, List<Role>> operatorRoles) {

	public SecurityProperties {
		operatorKeys = operatorKeys == null ? Map.of() : Map.copyOf(operatorKeys);
		ingestKeys = ingestKeys == null ? Map.of() : Map.copyOf(ingestKeys);
		if (operatorKeys.isEmpty()) {
			throw new IllegalArgumentException("hub.security.operator-keys is empty: set at least one operator key "
					+ "(HUB_OPERATOR_KEY in production)");
		}
		check("hub.security.operator-keys", operatorKeys, allowDevelopmentKeys);
		if (ingestKeys.containsKey(ResellerPrincipal.INGEST_SOURCE)) {
			// one key shared by all resellers would let any of them book or cancel
			// against
			// another's allocation
			throw new IllegalArgumentException("hub.security.ingest-keys." + ResellerPrincipal.INGEST_SOURCE
					+ " is not used: each reseller posts its sales with its own key (POST /api/v1/resellers/{id}/key), "
					+ "venue IT with an operator key or through the inbox folder; remove the setting "
					+ "(HUB_INGEST_KEY_RESELLER in production)");
		}
		check("hub.security.ingest-keys", ingestKeys, allowDevelopmentKeys);
		// an operator key also given to a source would let that source's sender read and
		// change everything an operator may
		for (Map.Entry<String, String> ingest : ingestKeys.entrySet()) {
			for (Map.Entry<String, String> operator : operatorKeys.entrySet()) {
				if (ingest.getValue().equals(operator.getValue())) {
					throw new IllegalArgumentException(
							"hub.security.ingest-keys." + ingest.getKey() + " is the key of operator "
									+ operator.getKey() + ": give each source a key of its own, never an operator's");
				}
			}
		}
		operatorRoles = roles(operatorKeys, operatorRoles == null ? Map.of() : operatorRoles);
	}

	/** The roles of the operator key of that name. */
	public List<Role> rolesOf(String operator) {
		return this.operatorRoles.getOrDefault(operator, List.of(Role.ADMIN));
	}

	private static Map<String, List<Role>> roles(Map<String, String> keys, Map<String, List<Role>> given) {
		Map<String, List<Role>> roles = new LinkedHashMap<>();
		given.forEach((name, list) -> {
			String property = "hub.security.operator-roles." + name;
			if (!keys.containsKey(name)) {
				throw new IllegalArgumentException(
						property + " names no operator key: hub.security.operator-keys has " + keys.keySet());
			}
			if (list == null || list.isEmpty()) {
				throw new IllegalArgumentException(property + " is empty: give one or more of VENUE_IT, MARKETING, "
						+ "DPO, ADMIN, or leave it out for ADMIN");
			}
			if (list.contains(Role.RESELLER)) {
				throw new IllegalArgumentException(
						property + " holds RESELLER: a reseller calls with its own key (POST /api/v1/resellers)");
			}
			roles.put(name, List.copyOf(list));
		});
		return Map.copyOf(roles);
	}

	private static void check(String property, Map<String, String> keys, boolean allowDevelopmentKeys) {
		keys.forEach((name, key) -> {
			if (key == null || key.isBlank()) {
				throw new IllegalArgumentException(property + "." + name + " is empty: set it from the environment");
			}
			if (!allowDevelopmentKeys && key.startsWith("dev-")) {
				throw new IllegalArgumentException(
						property + "." + name + " is a development key: " + "set a real one from the environment");
			}
			if (!allowDevelopmentKeys && key.length() < 24) {
				throw new IllegalArgumentException(property + "." + name + " is shorter than 24 characters");
			}
		});
	}

}

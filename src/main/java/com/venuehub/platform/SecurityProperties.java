package com.venuehub.platform;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * API keys, sent in the {@code X-Api-Key} header.
 *
 * @param operatorKeys operators (venue IT, marketing) by name: read customers,
 * quarantine, messages
 * @param ingestKeys one key per source, good only for
 * {@code POST /api/v1/ingest/<source>}
 * @param allowDevelopmentKeys the shipped {@code dev-…} keys are accepted (default run
 * only)
 */
@Validated
@ConfigurationProperties("hub.security")
public record SecurityProperties(Map<String, String> operatorKeys, Map<String, String> ingestKeys,
		boolean allowDevelopmentKeys) {

	public SecurityProperties {
		operatorKeys = operatorKeys == null ? Map.of() : Map.copyOf(operatorKeys);
		ingestKeys = ingestKeys == null ? Map.of() : Map.copyOf(ingestKeys);
		if (operatorKeys.isEmpty()) {
			throw new IllegalArgumentException("hub.security.operator-keys is empty: set at least one operator key "
					+ "(HUB_OPERATOR_KEY in production)");
		}
		check("hub.security.operator-keys", operatorKeys, allowDevelopmentKeys);
		check("hub.security.ingest-keys", ingestKeys, allowDevelopmentKeys);
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

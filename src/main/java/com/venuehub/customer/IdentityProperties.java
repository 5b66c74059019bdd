package com.venuehub.customer;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How identifiers are normalized before they are compared.
 *
 * @param defaultRegion region assumed for phones written without a country code (ISO 3166 code)
 * @param cardPattern what a loyalty card number looks like once spaces and dashes are removed
 */
@Validated
@ConfigurationProperties("hub.identity")
public record IdentityProperties(@NotBlank String defaultRegion, @NotBlank String cardPattern) {

	public IdentityProperties {
		if (defaultRegion == null) {
			defaultRegion = "FR";
		}
		if (cardPattern == null) {
			cardPattern = "[A-Z0-9]{6,24}";
		}
	}

}

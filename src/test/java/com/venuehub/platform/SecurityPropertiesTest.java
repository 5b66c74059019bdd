package com.venuehub.platform;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Production refuses to start without real keys; the default run accepts the development
 * ones.
 */
class SecurityPropertiesTest {

	@Test
	void developmentKeysAreRefusedOutsideTheDefaultRun() {
		assertThatThrownBy(() -> new SecurityProperties(Map.of("venue-it", "dev-operator-key"), Map.of(), false, null))
			.hasMessageContaining("hub.security.operator-keys.venue-it is a development key");
		assertThatCode(() -> new SecurityProperties(Map.of("venue-it", "dev-operator-key"), Map.of(), true, null))
			.doesNotThrowAnyException();
	}

	@Test
	void aMissingOrShortKeyStopsTheHubNamingTheSetting() {
		assertThatThrownBy(() -> new SecurityProperties(Map.of(), Map.of(), false, null))
			.hasMessageContaining("hub.security.operator-keys is empty");
		assertThatThrownBy(
				() -> new SecurityProperties(Map.of("venue-it", "x".repeat(30)), Map.of("online", " "), false, null))
			.hasMessageContaining("hub.security.ingest-keys.online is empty");
		assertThatThrownBy(() -> new SecurityProperties(Map.of("venue-it", "short-key"), Map.of(), false, null))
			.hasMessageContaining("shorter than 24 characters");
		assertThatCode(() -> new SecurityProperties(Map.of("venue-it", "k".repeat(32)),
				Map.of("online", "o".repeat(32)), false, null))
			.doesNotThrowAnyException();
	}

	@Test
	void aKeySharedByAllResellersIsRefused() {
		assertThatThrownBy(() -> new SecurityProperties(Map.of("venue-it", "k".repeat(32)),
				Map.of("reseller", "r".repeat(32)), false, null))
			.hasMessageContaining("hub.security.ingest-keys.reseller is not used")
			.hasMessageContaining("its own key");
	}

	@Test
	void anOperatorKeyIsAnAdministratorUnlessItsRolesAreGiven() {
		SecurityProperties keys = new SecurityProperties(
				Map.of("venue-it", "dev-operator-key", "marketing", "dev-marketing-key"), Map.of(), true,
				Map.of("marketing", java.util.List.of(Role.MARKETING)));
		org.assertj.core.api.Assertions.assertThat(keys.rolesOf("venue-it")).containsExactly(Role.ADMIN);
		org.assertj.core.api.Assertions.assertThat(keys.rolesOf("marketing")).containsExactly(Role.MARKETING);
		assertThatThrownBy(() -> new SecurityProperties(Map.of("venue-it", "dev-operator-key"), Map.of(), true,
				Map.of("nobody", java.util.List.of(Role.DPO))))
			.hasMessageContaining("hub.security.operator-roles.nobody names no operator key");
		assertThatThrownBy(() -> new SecurityProperties(Map.of("venue-it", "dev-operator-key"), Map.of(), true,
				Map.of("venue-it", java.util.List.of(Role.RESELLER))))
			.hasMessageContaining("hub.security.operator-roles.venue-it holds RESELLER");
	}

	@Test
	void anIngestKeyEqualToAnOperatorKeyIsRefused() {
		String key = "k".repeat(32);
		assertThatThrownBy(() -> new SecurityProperties(Map.of("venue-it", key),
				Map.of("online", key, "kiosk", "i".repeat(32)), false, null))
			.hasMessageContaining("hub.security.ingest-keys.online is the key of operator venue-it");
		assertThatThrownBy(() -> new SecurityProperties(Map.of("venue-it", "dev-operator-key"),
				Map.of("online", "dev-operator-key"), true, null))
			.hasMessageContaining("hub.security.ingest-keys.online is the key of operator venue-it");
	}

}

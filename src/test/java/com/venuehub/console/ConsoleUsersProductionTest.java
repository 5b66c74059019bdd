package com.venuehub.console;

import java.util.List;
import java.util.Map;

import com.venuehub.platform.Role;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The default run ships development users; the {@code prod} profile, read from the
 * shipped application.yaml and application-prod.yaml, has none and refuses to start with
 * one, or with a password stored in clear.
 */
class ConsoleUsersProductionTest {

	private final ApplicationContextRunner prod = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(Users.class)
		.withPropertyValues("spring.profiles.active=prod");

	@Test
	void theDefaultRunHasItsDevelopmentUsers() {
		new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
			.withUserConfiguration(Users.class)
			.run(context -> {
				assertThat(context).hasNotFailed();
				Map<String, ConsoleProperties.User> users = context.getBean(ConsoleProperties.class).users();
				assertThat(users).containsOnlyKeys("it", "marketing", "dpo", "admin", "reseller");
				assertThat(users.get("reseller").reseller()).isEqualTo("ticketplus");
				assertThat(users.get("marketing").roles()).containsExactly(Role.MARKETING);
			});
	}

	@Test
	void productionHasNoDevelopmentUser() {
		this.prod.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ConsoleProperties.class).users()).isEmpty();
		});
	}

	@Test
	void productionRefusesADevelopmentUserOrAPasswordInClear() {
		this.prod
			.withPropertyValues("hub.console.users.it.password={noop}dev-it", "hub.console.users.it.roles=VENUE_IT")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hub.console.users.it.password is stored in clear"));
		this.prod
			.withPropertyValues("hub.console.users.it.password={bcrypt}dev-it", "hub.console.users.it.roles=VENUE_IT")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hub.console.users.it is a development user"));
		this.prod
			.withPropertyValues("hub.console.users.anne.password={bcrypt}$2a$10$abcdefghijklmnopqrstuv",
					"hub.console.users.anne.roles=DPO")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void aResellerLoginNamesItsResellerAndHoldsNoStaffRole() {
		assertThatThrownBy(() -> new ConsoleProperties(
				Map.of("shop", new ConsoleProperties.User("{noop}x", List.of(Role.RESELLER), null)), true))
			.hasMessageContaining("hub.console.users.shop.reseller is missing");
		assertThatThrownBy(() -> new ConsoleProperties(
				Map.of("shop", new ConsoleProperties.User("{noop}x", List.of(Role.RESELLER, Role.ADMIN), "shop")),
				true))
			.hasMessageContaining("a RESELLER login is a reseller's only");
		assertThatThrownBy(() -> new ConsoleProperties(
				Map.of("anne", new ConsoleProperties.User("secret", List.of(Role.DPO), null)), true))
			.hasMessageContaining("hub.console.users.anne.password must name its encoding");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ConsoleProperties.class)
	static class Users {

	}

}

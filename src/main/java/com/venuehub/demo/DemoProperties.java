package com.venuehub.demo;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The demo venue fed at start-up ({@code hub.demo}), so that a newcomer sees full pages
 * at once. Off unless asked for (the {@code demo} profile turns it on).
 *
 * @param enabled feed the demo venue once, into an empty store
 * @param people how many visitors to make up
 * @param seed the same seed makes the same venue
 */
@Validated
@ConfigurationProperties("hub.demo")
public record DemoProperties(boolean enabled, @Min(10) @Max(100000) Integer people, Long seed) {

	public DemoProperties {
		people = people == null ? 3000 : people;
		seed = seed == null ? 42L : seed;
	}

}

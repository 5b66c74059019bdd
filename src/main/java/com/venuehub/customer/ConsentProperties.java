package com.venuehub.customer;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Consent precedence.
 *
 * @param optOutSources sources whose revocations are explicit opt-outs by the person (an
 * unsubscribe page, an opt-out form wired as a source), on top of the hub's own SMS STOP
 * replies ({@code sms-reply}) and Twilio's unsubscribed recipients ({@code twilio})
 */
@Validated
@ConfigurationProperties("hub.consent")
public record ConsentProperties(List<String> optOutSources) {

	/** The hub's own: STOP replies and Twilio's error 21610. */
	public static final List<String> BUILT_IN_OPT_OUT_SOURCES = List.of("sms-reply", "twilio");

	public ConsentProperties {
		optOutSources = optOutSources == null ? List.of() : List.copyOf(optOutSources);
		for (String source : optOutSources) {
			if (source == null || source.isBlank()) {
				throw new IllegalArgumentException("hub.consent.opt-out-sources holds an empty source name");
			}
		}
	}

	/**
	 * Every source whose revocations are explicit opt-outs, the built-in ones included.
	 */
	public Set<String> allOptOutSources() {
		return Stream.concat(BUILT_IN_OPT_OUT_SOURCES.stream(), this.optOutSources.stream())
			.map(s -> s.strip().toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

}

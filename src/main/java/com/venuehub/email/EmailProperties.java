package com.venuehub.email;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Validity-date email settings: transport, templates, per-venue sender and subjects,
 * dispatch back-off and reminder offsets.
 *
 * @param transport {@code sandbox} keeps the rendered message in the outbox, {@code smtp}
 * sends it
 * @param templatesFolder folder whose templates override the shipped ones, file by file
 * @param defaultLocale language used when the customer's is not one of {@code locales}
 * @param locales languages the templates exist in
 * @param zone time zone of the venues: reminder times and dates in emails
 * @param confirmationDelay wait before a confirmation goes, so every line of a sale is in
 * it
 * @param smtp the relay
 * @param dispatch how the outbox is drained
 * @param reminders when reminders are decided
 * @param venues sender and subjects per venue code; {@code default} for the others
 */
@Validated
@ConfigurationProperties("hub.email")
public record EmailProperties(@NotNull Transport transport, String templatesFolder, @NotBlank String defaultLocale,
		@NotEmpty List<String> locales, @NotBlank String zone, @NotNull Duration confirmationDelay,
		@Valid @NotNull Smtp smtp, @Valid @NotNull Dispatch dispatch, @Valid @NotNull Reminders reminders,
		@NotEmpty Map<String, Venue> venues) {

	public EmailProperties {
		try {
			ZoneId.of(zone);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("hub.email.zone '" + zone + "' is not a time zone");
		}
		if (venues != null && (!venues.containsKey("default") || venues.get("default").from() == null
				|| venues.get("default").from().isBlank())) {
			throw new IllegalArgumentException(
					"hub.email.venues.default must be defined with a sender (from) and subjects");
		}
		if (locales != null && !locales.contains(defaultLocale)) {
			throw new IllegalArgumentException(
					"hub.email.default-locale '" + defaultLocale + "' is not one of hub.email.locales " + locales);
		}
		if (reminders != null) {
			for (Integer offset : reminders.offsets()) {
				if (offset == null || offset < 0 || offset > 366) {
					throw new IllegalArgumentException(
							"hub.email.reminders.offsets: " + offset + " is not a number of days between 0 and 366");
				}
			}
		}
	}

	public ZoneId zoneId() {
		return ZoneId.of(this.zone);
	}

	/** The venue's settings, falling back to the default venue's sender and subjects. */
	public Venue venue(String code) {
		Venue fallback = this.venues.get("default");
		Venue venue = code == null ? null : this.venues.get(code);
		if (venue == null) {
			return fallback;
		}
		return new Venue(venue.name() == null ? fallback.name() : venue.name(),
				venue.from() == null ? fallback.from() : venue.from(), venue.replyTo(),
				venue.subjects() == null ? fallback.subjects() : merged(fallback.subjects(), venue.subjects()));
	}

	private static Map<String, String> merged(Map<String, String> fallback, Map<String, String> own) {
		java.util.HashMap<String, String> merged = new java.util.HashMap<>(fallback == null ? Map.of() : fallback);
		merged.putAll(own);
		return merged;
	}

	public enum Transport {

		SANDBOX, SMTP

	}

	/**
	 * The SMTP relay.
	 *
	 * @param host relay host
	 * @param port relay port
	 * @param username login, empty for none
	 * @param password password, from the environment
	 * @param starttls upgrade the connection with STARTTLS
	 * @param timeout connect and read timeout
	 * @param messageIdDomain domain of the Message-ID the hub sets (one per outbox row)
	 */
	public record Smtp(@NotBlank String host, @Min(1) @Max(65535) int port, String username, String password,
			boolean starttls, @NotNull Duration timeout, @NotBlank String messageIdDomain) {
	}

	/**
	 * How the outbox is drained.
	 *
	 * @param enabled whether this instance sends (every instance may: rows are claimed
	 * with SKIP LOCKED)
	 * @param periodMs pause between two drains
	 * @param workers messages sent in parallel, each worker keeping its relay connection
	 * @param batch rows a worker claims and settles per transaction; a crash between a
	 * send and the commit of its batch can send up to this many again (with the same
	 * Message-ID); 1 for none
	 * @param maxAttempts temporary failures before a message is marked failed
	 * @param initialBackoff wait after the first temporary failure, doubled at each next
	 * one
	 * @param maxBackoff longest wait between two attempts
	 */
	public record Dispatch(boolean enabled, @Min(10) long periodMs, @Min(1) @Max(64) int workers,
			@Min(1) @Max(500) int batch, @Min(1) int maxAttempts, @NotNull Duration initialBackoff,
			@NotNull Duration maxBackoff) {
	}

	/**
	 * When reminders are decided.
	 *
	 * @param enabled whether this instance runs the scheduler (two may: passes are
	 * serialized)
	 * @param offsets days before the end of validity a reminder is due
	 * @param at local time of day, in {@code zone}, a reminder is due
	 * @param periodMs pause between two scheduling passes
	 * @param lookBack how far back a pass catches up on reminders missed during a
	 * downtime
	 */
	public record Reminders(boolean enabled, @NotEmpty List<Integer> offsets, @NotNull LocalTime at,
			@Min(10) long periodMs, @NotNull Duration lookBack) {
	}

	/**
	 * What a venue's emails look like.
	 *
	 * @param name the venue's name as customers know it
	 * @param from sender, e.g. {@code Zoo de Lyon <billetterie@zoo.example>}
	 * @param replyTo reply address, optional
	 * @param subjects Mustache subject per kind and language, keyed
	 * {@code confirmation-fr}
	 */
	public record Venue(String name, String from, String replyTo, Map<String, String> subjects) {
	}

}

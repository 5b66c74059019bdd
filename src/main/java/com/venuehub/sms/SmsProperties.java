package com.venuehub.sms;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * SMS promo settings: transport (sandbox or Twilio), send rate, price estimate, frequency
 * cap, opt-out keywords, dispatch back-off, and per venue the time zone, commercial hours
 * and opt-out mention.
 *
 * @param transport {@code sandbox} keeps the rendered SMS in the outbox, {@code twilio}
 * sends it
 * @param twilio account, sender and callback settings
 * @param ratePerSecond most messages handed to Twilio per second over all workers of this
 * instance; 0 for no limit
 * @param pricePerSegment estimated price of one SMS segment, for previews
 * @param currency of that price
 * @param frequencyCap most promos one customer receives in a period
 * @param keywords inbound replies that revoke or grant SMS consent
 * @param dispatch how the SMS outbox is drained
 * @param venues commercial hours, zone and opt-out mention per venue code;
 * {@code default} for the others
 */
@Validated
@ConfigurationProperties("hub.sms")
public record SmsProperties(@NotNull Transport transport, @Valid @NotNull Twilio twilio, @Min(0) double ratePerSecond,
		@NotNull BigDecimal pricePerSegment, @NotBlank String currency, @Valid @NotNull Cap frequencyCap,
		@Valid @NotNull Keywords keywords, @Valid @NotNull Dispatch dispatch, @NotEmpty Map<String, Venue> venues) {

	public SmsProperties {
		if (dispatch != null && twilio != null && twilio.timeout() != null && dispatch.uncertainAfter() != null
				&& dispatch.uncertainAfter().compareTo(twilio.timeout().multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("hub.sms.dispatch.uncertain-after (" + dispatch.uncertainAfter()
					+ ") must be at least twice hub.sms.twilio.timeout (" + twilio.timeout()
					+ "): a message being sent must not be taken for a lost one");
		}
		if (venues != null) {
			Venue fallback = venues.get("default");
			if (fallback == null || fallback.zone() == null || fallback.optOutMention() == null
					|| fallback.opensAt() == null || fallback.closesAt() == null || fallback.days() == null) {
				throw new IllegalArgumentException(
						"hub.sms.venues.default must be defined with zone, days, opens-at, closes-at and opt-out-mention");
			}
			venues.forEach((code, venue) -> {
				if (venue.zone() != null) {
					try {
						ZoneId.of(venue.zone());
					}
					catch (RuntimeException ex) {
						throw new IllegalArgumentException(
								"hub.sms.venues." + code + ".zone '" + venue.zone() + "' is not a time zone");
					}
				}
				if (venue.opensAt() != null && venue.closesAt() != null
						&& !venue.opensAt().isBefore(venue.closesAt())) {
					throw new IllegalArgumentException(
							"hub.sms.venues." + code + ": opens-at must be before closes-at");
				}
			});
		}
	}

	/** The venue's settings, each missing one taken from the default venue. */
	public Venue venue(String code) {
		Venue fallback = this.venues.get("default");
		Venue venue = code == null ? null : this.venues.get(code);
		if (venue == null) {
			return fallback;
		}
		return new Venue(venue.name() == null ? fallback.name() : venue.name(),
				venue.zone() == null ? fallback.zone() : venue.zone(),
				venue.optOutMention() == null ? fallback.optOutMention() : venue.optOutMention(),
				venue.days() == null ? fallback.days() : venue.days(),
				venue.opensAt() == null ? fallback.opensAt() : venue.opensAt(),
				venue.closesAt() == null ? fallback.closesAt() : venue.closesAt(),
				venue.holidays() == null ? fallback.holidays() : venue.holidays(),
				venue.holidaySubdivisions() == null ? fallback.holidaySubdivisions() : venue.holidaySubdivisions(),
				venue.closedDates() == null ? fallback.closedDates() : venue.closedDates());
	}

	public enum Transport {

		SANDBOX, TWILIO

	}

	/**
	 * @param accountSid the account ({@code AC…})
	 * @param authToken its auth token: signs requests and verifies callbacks
	 * @param messagingServiceSid the Messaging Service ({@code MG…}) to send from; or
	 * @param from a sender number or alphanumeric sender id
	 * @param publicUrl the hub's address as Twilio reaches it: status callbacks are sent
	 * there and signatures verified against it
	 * @param apiUrl base URL of a Twilio-compatible API instead of Twilio's own (a
	 * gateway, a local stand-in); empty for Twilio
	 * @param validateSignatures whether callbacks must carry a valid
	 * {@code X-Twilio-Signature}
	 * @param timeout connect and read timeout of one request to Twilio
	 * @param callbacksQueue broker queue where Twilio's callbacks are kept from the
	 * moment they are answered until they are applied
	 */
	public record Twilio(String accountSid, String authToken, String messagingServiceSid, String from,
			@NotBlank String publicUrl, String apiUrl, boolean validateSignatures, @NotNull Duration timeout,
			String callbacksQueue) {

		public Twilio {
			callbacksQueue = callbacksQueue == null || callbacksQueue.isBlank() ? "twilio.callbacks" : callbacksQueue;
		}

		public String statusCallback() {
			return this.publicUrl.replaceAll("/+$", "") + "/webhooks/twilio/status";
		}

	}

	/** At most {@code max} promos per customer in any {@code period}. */
	public record Cap(@Min(1) int max, @NotNull Duration period) {
	}

	/** Reply keywords, compared without case, accents or surrounding spaces. */
	public record Keywords(@NotEmpty List<String> stop, @NotEmpty List<String> start) {
	}

	/**
	 * @param uncertainAfter how long a message may stay in SENDING (the hub stopped while
	 * Twilio had it) before it is reconciled
	 * @param reconcileAfter wait before an uncertain message is looked up at Twilio
	 */
	public record Dispatch(boolean enabled, @Min(10) long periodMs, @Min(1) int workers, @Min(1) int batch,
			@Min(1) int maxAttempts, @NotNull Duration initialBackoff, @NotNull Duration maxBackoff,
			@NotNull Duration uncertainAfter, @NotNull Duration reconcileAfter, @Min(10) long schedulerPeriodMs) {
	}

	/**
	 * @param name shown in messages as {@code {{venueName}}}
	 * @param zone the venue's time zone: commercial hours are read in it
	 * @param optOutMention appended to every promo ({@code STOP au 36180})
	 * @param days days promos may go out
	 * @param opensAt first time of day a promo may go out
	 * @param closesAt time of day from which promos wait for the next open day
	 * @param holidays public-holiday calendar (Jollyday code: {@code fr}); {@code none}
	 * for none
	 * @param holidaySubdivisions region of that calendar, when holidays differ by region
	 * @param closedDates more days without promos
	 */
	public record Venue(String name, String zone, String optOutMention, List<DayOfWeek> days, LocalTime opensAt,
			LocalTime closesAt, String holidays, List<String> holidaySubdivisions, List<LocalDate> closedDates) {

		public ZoneId zoneId() {
			return ZoneId.of(this.zone);
		}

	}

}

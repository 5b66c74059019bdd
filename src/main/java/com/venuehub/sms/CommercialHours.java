package com.venuehub.sms;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;

import org.springframework.stereotype.Component;

/**
 * When a promo may go out at a venue: on its open days, between its opening and closing
 * times in its own time zone, never on a public holiday of its calendar (Jollyday) nor on
 * a closed date. A message due in a closed window waits for the next open slot.
 */
@Component
public class CommercialHours {

	private final SmsProperties properties;

	private final Map<String, HolidayManager> calendars = new ConcurrentHashMap<>();

	public CommercialHours(SmsProperties properties) {
		this.properties = properties;
	}

	/** Why the venue is closed for promos at that instant, or empty when it is open. */
	public Optional<Closed> closedAt(String venueCode, Instant instant) {
		SmsProperties.Venue venue = this.properties.venue(venueCode);
		ZonedDateTime local = instant.atZone(venue.zoneId());
		String why = closedDay(venue, local.toLocalDate());
		if (why == null) {
			if (local.toLocalTime().isBefore(venue.opensAt())) {
				why = "before " + venue.opensAt() + " (" + venue.zone() + ")";
			}
			else if (!local.toLocalTime().isBefore(venue.closesAt())) {
				why = "from " + venue.closesAt() + " (" + venue.zone() + ")";
			}
			else {
				return Optional.empty();
			}
		}
		return Optional.of(new Closed(why, nextOpening(venue, local)));
	}

	private Instant nextOpening(SmsProperties.Venue venue, ZonedDateTime local) {
		LocalDate day = local.toLocalDate();
		if (closedDay(venue, day) == null && local.toLocalTime().isBefore(venue.opensAt())) {
			return LocalDateTime.of(day, venue.opensAt()).atZone(venue.zoneId()).toInstant();
		}
		for (int i = 1; i <= 366; i++) {
			LocalDate next = day.plusDays(i);
			if (closedDay(venue, next) == null) {
				// a gap of the daylight-saving change moves the time forward, never back
				return LocalDateTime.of(next, venue.opensAt()).atZone(venue.zoneId()).toInstant();
			}
		}
		throw new IllegalStateException("venue " + venue.name() + " has no open day for promos within a year");
	}

	/** Why the whole day is closed, or null. */
	private String closedDay(SmsProperties.Venue venue, LocalDate day) {
		if (!venue.days().contains(day.getDayOfWeek())) {
			return day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + "s are closed";
		}
		if (venue.closedDates() != null && venue.closedDates().contains(day)) {
			return day + " is a closed date";
		}
		String holiday = holiday(venue, day);
		return holiday == null ? null : day + " is a public holiday (" + holiday + ")";
	}

	private String holiday(SmsProperties.Venue venue, LocalDate day) {
		if (venue.holidays() == null || venue.holidays().isBlank() || "none".equalsIgnoreCase(venue.holidays())) {
			return null;
		}
		HolidayManager calendar = this.calendars.computeIfAbsent(venue.holidays().toLowerCase(Locale.ROOT),
				code -> HolidayManager.getInstance(ManagerParameters.create(code)));
		String[] subdivisions = venue.holidaySubdivisions() == null ? new String[0]
				: venue.holidaySubdivisions().toArray(String[]::new);
		return calendar.getHolidays(day, day, subdivisions)
			.stream()
			.findFirst()
			.map(Holiday::getDescription)
			.orElse(null);
	}

	/**
	 * @param reason why promos wait, in words
	 * @param opensAt the next instant one may go
	 */
	public record Closed(String reason, Instant opensAt) {
	}

}

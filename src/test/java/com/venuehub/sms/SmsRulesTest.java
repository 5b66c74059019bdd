package com.venuehub.sms;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of SMS promos that need no running hub: commercial hours with their time
 * zone, daylight-saving changes and French public holidays; segment counting; reply
 * keywords.
 */
class SmsRulesTest {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private final CommercialHours hours = new CommercialHours(properties(List.of()));

	@Test
	void promosGoMondayToSaturdayFromEightToEightInTheVenuesZone() {
		assertThat(this.hours.closedAt("zoo", at("2026-12-01T08:00:00"))).isEmpty();
		assertThat(this.hours.closedAt("zoo", at("2026-12-05T19:59:59"))).isEmpty();
		CommercialHours.Closed evening = this.hours.closedAt("zoo", at("2026-12-01T20:00:00")).orElseThrow();
		assertThat(evening.opensAt()).isEqualTo(at("2026-12-02T08:00:00"));
		assertThat(evening.reason()).contains("20:00");
		CommercialHours.Closed early = this.hours.closedAt("zoo", at("2026-12-01T07:59:00")).orElseThrow();
		assertThat(early.opensAt()).isEqualTo(at("2026-12-01T08:00:00"));
		// Saturday evening waits for Monday morning
		assertThat(this.hours.closedAt("zoo", at("2026-12-05T21:00:00")).orElseThrow().opensAt())
			.isEqualTo(at("2026-12-07T08:00:00"));
	}

	@Test
	void publicHolidaysAndClosedDatesWaitForTheNextOpenDay() {
		// 1 May 2026 is a Friday (Labour Day), 2 May a Saturday
		CommercialHours.Closed mayDay = this.hours.closedAt("zoo", at("2026-05-01T10:00:00")).orElseThrow();
		assertThat(mayDay.reason()).contains("public holiday");
		assertThat(mayDay.opensAt()).isEqualTo(at("2026-05-02T08:00:00"));
		// Easter Monday 2027 is 29 March: Sunday 28 then Monday 29 are closed
		assertThat(this.hours.closedAt("zoo", at("2027-03-27T20:30:00")).orElseThrow().opensAt())
			.isEqualTo(at("2027-03-30T08:00:00"));
		CommercialHours withClosedDate = new CommercialHours(properties(List.of(LocalDate.parse("2026-12-01"))));
		assertThat(withClosedDate.closedAt("zoo", at("2026-12-01T10:00:00")).orElseThrow().reason())
			.contains("closed date");
	}

	@Test
	void theNextOpeningIsReadInLocalTimeAcrossDaylightSavingChanges() {
		// Saturday 28 March 2026 after 20:00, clocks go forward on Sunday 29: Monday
		// 08:00 is 06:00 UTC
		Instant opens = this.hours.closedAt("zoo", at("2026-03-28T20:30:00")).orElseThrow().opensAt();
		assertThat(opens).isEqualTo(Instant.parse("2026-03-30T06:00:00Z"));
		// Saturday 24 October 2026, clocks go back on Sunday 25: Monday 08:00 is 07:00
		// UTC
		assertThat(this.hours.closedAt("zoo", at("2026-10-24T20:30:00")).orElseThrow().opensAt())
			.isEqualTo(Instant.parse("2026-10-26T07:00:00Z"));
	}

	@Test
	void segmentsAreCountedInGsm7OrUcs2() {
		assertThat(SmsSegments.of("a".repeat(160))).isEqualTo(new SmsSegments.Count("GSM-7", 160, 1));
		assertThat(SmsSegments.of("a".repeat(161)).segments()).isEqualTo(2);
		assertThat(SmsSegments.of("a".repeat(306)).segments()).isEqualTo(2);
		assertThat(SmsSegments.of("a".repeat(307)).segments()).isEqualTo(3);
		// É, é and à are GSM-7; € counts twice
		assertThat(SmsSegments.of("Été à 10 €")).isEqualTo(new SmsSegments.Count("GSM-7", 11, 1));
		assertThat(SmsSegments.of("Ça coûte")).isEqualTo(new SmsSegments.Count("UCS-2", 8, 1));
		// ê is not: the whole message goes in UCS-2
		assertThat(SmsSegments.of("Fête " + "a".repeat(66))).isEqualTo(new SmsSegments.Count("UCS-2", 71, 2));
	}

	@Test
	void replyKeywordsAreReadWithoutCaseAccentsOrPunctuation() {
		assertThat(TwilioWebhooks.keyword(" Arrêt ! ")).isEqualTo("ARRET");
		assertThat(TwilioWebhooks.keyword("stop sms")).isEqualTo("STOP SMS");
		assertThat(TwilioWebhooks.keyword("Stop.")).isEqualTo("STOP");
	}

	private static Instant at(String parisLocalTime) {
		return LocalDateTime.parse(parisLocalTime).atZone(PARIS).toInstant();
	}

	private static SmsProperties properties(List<LocalDate> closedDates) {
		SmsProperties.Venue venue = new SmsProperties.Venue("Zoo", "Europe/Paris", "STOP au 36180",
				List.copyOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY)), LocalTime.of(8, 0),
				LocalTime.of(20, 0), "fr", List.of(), closedDates);
		return new SmsProperties(SmsProperties.Transport.SANDBOX,
				new SmsProperties.Twilio(null, null, null, null, "http://localhost", null, true, Duration.ofSeconds(5),
						null),
				0, BigDecimal.ONE, "EUR", new SmsProperties.Cap(2, Duration.ofDays(7)),
				new SmsProperties.Keywords(List.of("STOP"), List.of("START")),
				new SmsProperties.Dispatch(true, 1000, 1, 10, 3, Duration.ofSeconds(1), Duration.ofSeconds(1),
						Duration.ofMinutes(1), Duration.ofMinutes(1), 1000),
				Map.of("default", venue));
	}

}

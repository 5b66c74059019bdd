package com.venuehub.sms;

import java.time.Clock;
import java.util.Map;

import com.venuehub.email.EmailProperties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who a segment reaches now, and who it leaves out and why: no SMS consent stated,
 * consent revoked, no phone that can receive SMS, or a phone shared with another
 * recipient (one SMS per number). The same consent and phone rules as a campaign's
 * launch.
 */
@Component
public class SegmentAudience {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final String defaultLocale;

	public SegmentAudience(JdbcTemplate jdbc, Clock clock, EmailProperties email) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.defaultLocale = email.defaultLocale();
	}

	public Audience of(Segment segment) {
		segment.check();
		Segment.Where where = segment.where(this.clock.instant(), this.defaultLocale);
		Map<String, Object> row = this.jdbc.queryForMap("""
				with matched as materialized (
				    select c.id, p.value as phone, s.granted from customer c
				""" + " left " + Campaigns.PHONE + " left join " + Campaigns.SMS_CONSENT
				+ " s on s.customer_id = c.id where " + where.sql() + """
						)
						select count(*) as matched,
						       count(*) filter (where granted is null) as no_consent,
						       count(*) filter (where granted = false) as revoked,
						       count(*) filter (where granted and phone is null) as no_phone,
						       count(distinct phone) filter (where granted) as audience,
						       count(*) filter (where granted and phone is not null) as reachable
						from matched""", where.args().toArray());
		long reachable = number(row, "reachable");
		long audience = number(row, "audience");
		return new Audience(number(row, "matched"), audience, number(row, "no_consent"), number(row, "revoked"),
				number(row, "no_phone"), reachable - audience);
	}

	private static long number(Map<String, Object> row, String column) {
		Object value = row.get(column);
		return value == null ? 0 : ((Number) value).longValue();
	}

	/**
	 * @param matched live customers the criteria match
	 * @param audience phone numbers a campaign would text now (one per number)
	 * @param noConsent left out: never stated SMS marketing consent
	 * @param revoked left out: revoked it
	 * @param noPhone left out: consent, but no phone that can receive SMS (none, invalid,
	 * refused by Twilio, or shared by too many people)
	 * @param sharedPhone left out: their number gets the SMS of another customer of the
	 * audience (a household)
	 */
	public record Audience(long matched, long audience, long noConsent, long revoked, long noPhone, long sharedPhone) {
	}

}

package com.venuehub.sms;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.venuehub.platform.ApiException;

import org.springframework.http.HttpStatus;

/**
 * Who a campaign targets. Every criterion given must hold; SMS marketing consent and a
 * phone number that can receive SMS are always required on top.
 *
 * @param tiers loyalty tier is one of these (any of the customer's cards)
 * @param minPoints loyalty points (sum over the customer's cards) at least
 * @param maxPoints loyalty points at most
 * @param lastVisitBefore last scan before this day (customers who never came are not
 * included)
 * @param lastVisitAfter last scan on or after this day
 * @param lastVisitWithinDays last scan within this many days
 * @param minScore latest satisfaction score at least (0–10)
 * @param maxScore latest satisfaction score at most (0–10)
 * @param boughtProducts bought at least one of these product codes (not cancelled)
 * @param notBoughtProducts bought none of these product codes
 * @param postcodePrefixes postcode starts with one of these
 * @param locales customer's language is one of these (no language: the default one)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Segment(List<String> tiers, Long minPoints, Long maxPoints, LocalDate lastVisitBefore,
		LocalDate lastVisitAfter, Integer lastVisitWithinDays, Integer minScore, Integer maxScore,
		List<String> boughtProducts, List<String> notBoughtProducts, List<String> postcodePrefixes,
		List<String> locales) {

	/** A hundred years: further back than any visit the hub has recorded. */
	static final int MAX_WITHIN_DAYS = 36500;

	/**
	 * Refuses a segment that cannot mean anything, or that the hub could not evaluate (an
	 * empty entry in a list, a number of days or a date beyond any calendar), with the
	 * reason. Evaluated again when a campaign starts, so a segment stored before a rule
	 * existed is refused there too.
	 */
	public void check() {
		entries("tiers", this.tiers);
		entries("boughtProducts", this.boughtProducts);
		entries("notBoughtProducts", this.notBoughtProducts);
		entries("postcodePrefixes", this.postcodePrefixes);
		entries("locales", this.locales);
		score("minScore", this.minScore);
		score("maxScore", this.maxScore);
		if (this.minScore != null && this.maxScore != null && this.minScore > this.maxScore) {
			throw bad("minScore " + this.minScore + " is above maxScore " + this.maxScore);
		}
		if (this.minPoints != null && this.maxPoints != null && this.minPoints > this.maxPoints) {
			throw bad("minPoints " + this.minPoints + " is above maxPoints " + this.maxPoints);
		}
		if (this.lastVisitWithinDays != null
				&& (this.lastVisitWithinDays < 1 || this.lastVisitWithinDays > MAX_WITHIN_DAYS)) {
			throw bad("lastVisitWithinDays " + this.lastVisitWithinDays + " is not between 1 and " + MAX_WITHIN_DAYS
					+ " (a hundred years)");
		}
		ApiException.checkDate("segment: lastVisitBefore", this.lastVisitBefore);
		ApiException.checkDate("segment: lastVisitAfter", this.lastVisitAfter);
		if (this.lastVisitAfter != null && this.lastVisitBefore != null
				&& !this.lastVisitAfter.isBefore(this.lastVisitBefore)) {
			throw bad(
					"lastVisitAfter " + this.lastVisitAfter + " is not before lastVisitBefore " + this.lastVisitBefore);
		}
	}

	private static void entries(String name, List<String> values) {
		if (values == null) {
			return;
		}
		for (int i = 0; i < values.size(); i++) {
			if (values.get(i) == null || values.get(i).isBlank()) {
				throw bad(name + "[" + i + "] is empty: give a value or leave the entry out");
			}
		}
	}

	private static void score(String name, Integer value) {
		if (value != null && (value < 0 || value > 10)) {
			throw bad(name + " " + value + " is not a score between 0 and 10");
		}
	}

	private static ApiException bad(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, "segment: " + detail);
	}

	/**
	 * The criteria as SQL over {@code customer c} (a live customer), with their
	 * arguments.
	 */
	Where where(Instant now, String defaultLocale) {
		StringBuilder sql = new StringBuilder("c.merged_into is null and c.erased_at is null");
		List<Object> args = new ArrayList<>();
		if (present(this.tiers)) {
			sql.append(
					" and exists (select 1 from loyalty_card l where l.customer_id = c.id and upper(l.tier) = any (?))");
			args.add(upper(this.tiers));
		}
		if (this.minPoints != null || this.maxPoints != null) {
			sql.append(" and (select coalesce(sum(l.balance), 0) from loyalty_card l where l.customer_id = c.id)");
			range(sql, args, this.minPoints, this.maxPoints);
		}
		if (this.lastVisitBefore != null || this.lastVisitAfter != null || this.lastVisitWithinDays != null) {
			sql.append(
					" and (select max(t.used_at) from ticket t where t.customer_id = c.id and t.used_at is not null)");
			sql.append(" is not null");
			String visit = " and (select max(t.used_at) from ticket t where t.customer_id = c.id)";
			if (this.lastVisitBefore != null) {
				sql.append(visit).append(" < ?::date");
				args.add(Date.valueOf(this.lastVisitBefore));
			}
			if (this.lastVisitAfter != null) {
				sql.append(visit).append(" >= ?::date");
				args.add(Date.valueOf(this.lastVisitAfter));
			}
			if (this.lastVisitWithinDays != null) {
				sql.append(visit).append(" >= ?");
				args.add(Timestamp.from(now.minus(java.time.Duration.ofDays(this.lastVisitWithinDays))));
			}
		}
		if (this.minScore != null || this.maxScore != null) {
			sql.append(" and (select r.score from feedback_response r where r.customer_id = c.id")
				.append(" order by r.answered_at desc, r.response_id desc limit 1)");
			range(sql, args, this.minScore, this.maxScore);
		}
		if (present(this.boughtProducts)) {
			sql.append(" and exists (select 1 from ticket t where t.customer_id = c.id and t.product_code = any (?)")
				.append(" and t.status <> 'CANCELLED')");
			args.add(this.boughtProducts.toArray(String[]::new));
		}
		if (present(this.notBoughtProducts)) {
			sql.append(" and not exists (select 1 from ticket t where t.customer_id = c.id")
				.append(" and t.product_code = any (?) and t.status <> 'CANCELLED')");
			args.add(this.notBoughtProducts.toArray(String[]::new));
		}
		if (present(this.postcodePrefixes)) {
			sql.append(" and c.postcode like any (?)");
			args.add(this.postcodePrefixes.stream().map(p -> p.strip().replace("%", "") + "%").toArray(String[]::new));
		}
		if (present(this.locales)) {
			sql.append(" and lower(coalesce(c.locale, ?)) = any (?)");
			args.add(defaultLocale);
			args.add(this.locales.stream().map(l -> l.strip().toLowerCase(Locale.ROOT)).toArray(String[]::new));
		}
		return new Where(sql.toString(), args);
	}

	private static void range(StringBuilder sql, List<Object> args, Number min, Number max) {
		if (min != null && max != null) {
			sql.append(" between ? and ?");
			args.add(min);
			args.add(max);
		}
		else if (min != null) {
			sql.append(" >= ?");
			args.add(min);
		}
		else {
			sql.append(" <= ?");
			args.add(max);
		}
	}

	private static boolean present(List<String> values) {
		return values != null && !values.isEmpty();
	}

	private static String[] upper(List<String> values) {
		return values.stream().map(v -> v.strip().toUpperCase(Locale.ROOT)).toArray(String[]::new);
	}

	record Where(String sql, List<Object> args) {
	}

}

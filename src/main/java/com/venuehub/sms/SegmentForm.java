package com.venuehub.sms;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;

/**
 * A segment as the console's forms send it: lists as comma-separated words, every field
 * optional.
 */
public class SegmentForm {

	private String tiers;

	private Long minPoints;

	private Long maxPoints;

	@DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
	private LocalDate lastVisitBefore;

	@DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
	private LocalDate lastVisitAfter;

	private Integer lastVisitWithinDays;

	private Integer minScore;

	private Integer maxScore;

	private String boughtProducts;

	private String notBoughtProducts;

	private String postcodePrefixes;

	private String locales;

	public Segment toSegment() {
		return new Segment(list(this.tiers), this.minPoints, this.maxPoints, this.lastVisitBefore, this.lastVisitAfter,
				this.lastVisitWithinDays, this.minScore, this.maxScore, list(this.boughtProducts),
				list(this.notBoughtProducts), list(this.postcodePrefixes), list(this.locales));
	}

	/** The form of a campaign's segment, to show or change it. */
	public static SegmentForm of(Segment segment) {
		SegmentForm form = new SegmentForm();
		form.tiers = text(segment.tiers());
		form.minPoints = segment.minPoints();
		form.maxPoints = segment.maxPoints();
		form.lastVisitBefore = segment.lastVisitBefore();
		form.lastVisitAfter = segment.lastVisitAfter();
		form.lastVisitWithinDays = segment.lastVisitWithinDays();
		form.minScore = segment.minScore();
		form.maxScore = segment.maxScore();
		form.boughtProducts = text(segment.boughtProducts());
		form.notBoughtProducts = text(segment.notBoughtProducts());
		form.postcodePrefixes = text(segment.postcodePrefixes());
		form.locales = text(segment.locales());
		return form;
	}

	/** The criteria in words, for a page; "everybody" when none is set. */
	public String summary() {
		List<String> parts = new java.util.ArrayList<>();
		add(parts, "tier", this.tiers);
		add(parts, "points at least", this.minPoints);
		add(parts, "points at most", this.maxPoints);
		add(parts, "came within the last days", this.lastVisitWithinDays);
		add(parts, "last came on or after", this.lastVisitAfter);
		add(parts, "last came before", this.lastVisitBefore);
		add(parts, "latest score at least", this.minScore);
		add(parts, "latest score at most", this.maxScore);
		add(parts, "bought one of", this.boughtProducts);
		add(parts, "bought none of", this.notBoughtProducts);
		add(parts, "postcode starts with", this.postcodePrefixes);
		add(parts, "language", this.locales);
		return parts.isEmpty() ? "everybody with SMS consent and a phone" : String.join("; ", parts);
	}

	private static void add(List<String> parts, String label, Object value) {
		if (value != null && !value.toString().isBlank()) {
			parts.add(label + " " + value);
		}
	}

	private static List<String> list(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		List<String> values = Arrays.stream(text.split("[,;\\s]+"))
			.map(String::strip)
			.filter(v -> !v.isEmpty())
			.toList();
		return values.isEmpty() ? null : values;
	}

	private static String text(List<String> values) {
		return values == null ? null : String.join(", ", values);
	}

	public String getTiers() {
		return this.tiers;
	}

	public void setTiers(String tiers) {
		this.tiers = tiers;
	}

	public Long getMinPoints() {
		return this.minPoints;
	}

	public void setMinPoints(Long minPoints) {
		this.minPoints = minPoints;
	}

	public Long getMaxPoints() {
		return this.maxPoints;
	}

	public void setMaxPoints(Long maxPoints) {
		this.maxPoints = maxPoints;
	}

	public LocalDate getLastVisitBefore() {
		return this.lastVisitBefore;
	}

	public void setLastVisitBefore(LocalDate lastVisitBefore) {
		this.lastVisitBefore = lastVisitBefore;
	}

	public LocalDate getLastVisitAfter() {
		return this.lastVisitAfter;
	}

	public void setLastVisitAfter(LocalDate lastVisitAfter) {
		this.lastVisitAfter = lastVisitAfter;
	}

	public Integer getLastVisitWithinDays() {
		return this.lastVisitWithinDays;
	}

	public void setLastVisitWithinDays(Integer lastVisitWithinDays) {
		this.lastVisitWithinDays = lastVisitWithinDays;
	}

	public Integer getMinScore() {
		return this.minScore;
	}

	public void setMinScore(Integer minScore) {
		this.minScore = minScore;
	}

	public Integer getMaxScore() {
		return this.maxScore;
	}

	public void setMaxScore(Integer maxScore) {
		this.maxScore = maxScore;
	}

	public String getBoughtProducts() {
		return this.boughtProducts;
	}

	public void setBoughtProducts(String boughtProducts) {
		this.boughtProducts = boughtProducts;
	}

	public String getNotBoughtProducts() {
		return this.notBoughtProducts;
	}

	public void setNotBoughtProducts(String notBoughtProducts) {
		this.notBoughtProducts = notBoughtProducts;
	}

	public String getPostcodePrefixes() {
		return this.postcodePrefixes;
	}

	public void setPostcodePrefixes(String postcodePrefixes) {
		this.postcodePrefixes = postcodePrefixes;
	}

	public String getLocales() {
		return this.locales;
	}

	public void setLocales(String locales) {
		this.locales = locales;
	}

}

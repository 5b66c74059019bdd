package com.venuehub.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * How identifiers are normalized and how customers are resolved, matched and merged.
 *
 * @param defaultRegion region assumed for phones written without a country code (ISO 3166
 * code)
 * @param cardPattern what a loyalty card number looks like once spaces and dashes are
 * removed
 * @param mergeThreshold match score from which two customers are merged automatically
 * @param reviewThreshold match score from which a pair is proposed as a possible
 * duplicate
 * @param maxBlockSize a blocking key shared by more customers than this is too common to
 * compare on
 * @param maxCandidates most customers one event is scored against
 * @param blockedValues emails and phones never used to link (the venue's own,
 * placeholders), as typed
 * @param blockedPatterns regular expressions on normalized emails and phones (and a
 * phone's digits)
 * @param maxPeoplePerIdentifier an identifier held by more distinct customers is flagged
 * and stops linking
 * @param survivorship per profile field: RECENT (latest event wins), TRUSTED (source
 * earlier in trusted-sources wins, then latest), LONGEST (longest value wins, then
 * latest)
 * @param trustedSources sources from most to least trusted; an unlisted source comes last
 * @param emailProviders mail domains visitors use; an address at a domain one typo away
 * from one of them ({@code gmial.com}) is kept unverified as that provider mistyped
 */
@Validated
@ConfigurationProperties("hub.identity")
public record IdentityProperties(@NotBlank String defaultRegion, @NotBlank String cardPattern, Double mergeThreshold,
		Double reviewThreshold, Integer maxBlockSize, Integer maxCandidates, List<String> blockedValues,
		List<String> blockedPatterns, Integer maxPeoplePerIdentifier, Map<String, Survivorship> survivorship,
		List<String> trustedSources, List<String> emailProviders) {

	/** Profile fields, as their columns; each can have its own survivorship rule. */
	public static final List<String> PROFILE_FIELDS = List.of("first_name", "last_name", "birth_date", "street_number",
			"street", "locality", "postcode", "locale");

	/**
	 * Placeholders box-office staff and kiosks type when the visitor gives nothing. The
	 * phone one (one digit repeated, after an optional +33 and leading zeros) reads its
	 * input once: the zeros are taken possessively, so a long digit string is never tried
	 * again from every position.
	 */
	public static final List<String> DEFAULT_BLOCKED_PATTERNS = List.of("^(no|pas|sans|aucun)[-._]?e?-?mail@.*",
			"^(none|nobody|no-?reply|x+)@.*", "^test@test\\..*", "^\\+?(?:33)?(?:0{8,}|0*+([1-9])\\1{7,})$");

	/**
	 * The providers most visitors' addresses are at, in France and beyond, and the
	 * providers one typo away from another ({@code mail.com}, {@code email.com} and
	 * {@code ymail.com} beside {@code gmail.com}; {@code hotmail.gr} beside
	 * {@code hotmail.fr}), which are no typos.
	 */
	public static final List<String> DEFAULT_EMAIL_PROVIDERS = List.of("gmail.com", "googlemail.com", "hotmail.fr",
			"hotmail.com", "hotmail.gr", "hotmail.fi", "outlook.fr", "outlook.com", "live.fr", "live.com", "msn.com",
			"yahoo.fr", "yahoo.gr", "yahoo.com", "ymail.com", "icloud.com", "me.com", "orange.fr", "wanadoo.fr",
			"free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr", "numericable.fr", "aol.com", "gmx.fr", "gmx.com",
			"gmx.de", "mail.com", "email.com", "proton.me", "protonmail.com", "yandex.ru", "mail.ru", "web.de");

	/** How a profile field keeps one value when several sources or customers give one. */
	public enum Survivorship {

		RECENT, TRUSTED, LONGEST

	}

	@ConstructorBinding
	public IdentityProperties {
		if (defaultRegion == null) {
			defaultRegion = "FR";
		}
		if (cardPattern == null) {
			cardPattern = "[A-Z0-9]{6,24}";
		}
		mergeThreshold = mergeThreshold == null ? 0.85 : mergeThreshold;
		reviewThreshold = reviewThreshold == null ? 0.2 : reviewThreshold;
		if (mergeThreshold <= 0 || mergeThreshold > 1 || reviewThreshold <= 0 || reviewThreshold > mergeThreshold) {
			throw new IllegalArgumentException("hub.identity.review-threshold and merge-threshold must satisfy "
					+ "0 < review-threshold <= merge-threshold <= 1");
		}
		maxBlockSize = maxBlockSize == null ? 50 : maxBlockSize;
		maxCandidates = maxCandidates == null ? 50 : maxCandidates;
		maxPeoplePerIdentifier = maxPeoplePerIdentifier == null ? 5 : maxPeoplePerIdentifier;
		if (maxBlockSize < 2 || maxCandidates < 1 || maxPeoplePerIdentifier < 1) {
			throw new IllegalArgumentException(
					"hub.identity.max-block-size must be >= 2, max-candidates and " + "max-people-per-identifier >= 1");
		}
		blockedValues = blockedValues == null ? List.of() : List.copyOf(blockedValues);
		blockedPatterns = blockedPatterns == null ? DEFAULT_BLOCKED_PATTERNS : List.copyOf(blockedPatterns);
		for (String pattern : blockedPatterns) {
			try {
				Pattern.compile(pattern);
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalArgumentException(
						"hub.identity.blocked-patterns: '" + pattern + "' is not a regular expression", ex);
			}
		}
		survivorship = survivorship == null ? Map.of() : Map.copyOf(survivorship);
		for (String field : survivorship.keySet()) {
			if (!PROFILE_FIELDS.contains(column(field))) {
				throw new IllegalArgumentException("hub.identity.survivorship." + field + " is not a profile field: "
						+ "first-name, last-name, birth-date, street-number, street, locality, postcode or locale");
			}
		}
		trustedSources = trustedSources == null ? List.of() : List.copyOf(trustedSources);
		emailProviders = emailProviders == null ? DEFAULT_EMAIL_PROVIDERS
				: emailProviders.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
		for (String domain : emailProviders) {
			if (!domain.matches("[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}")) {
				throw new IllegalArgumentException(
						"hub.identity.email-providers: '" + domain + "' is not a mail domain (gmail.com)");
			}
		}
	}

	public IdentityProperties(String defaultRegion, String cardPattern) {
		this(defaultRegion, cardPattern, null, null, null, null, null, null, null, null, null, null);
	}

	/** The rule of a profile column (first_name…); RECENT unless configured. */
	public Survivorship survivorshipOf(String column) {
		return this.survivorship.entrySet()
			.stream()
			.filter(e -> column(e.getKey()).equals(column))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(Survivorship.RECENT);
	}

	/** first-name, firstName and first_name all name the column first_name. */
	private static String column(String key) {
		return key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_').toLowerCase(Locale.ROOT);
	}

}

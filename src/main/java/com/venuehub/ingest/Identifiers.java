package com.venuehub.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.venuehub.ingest.CanonicalEvent.Unverified.Problem;
import com.venuehub.ingest.CanonicalEvent.Unverified;
import com.venuehub.platform.RecordRejectedException;
import org.apache.commons.text.similarity.LevenshteinDistance;

import org.springframework.stereotype.Component;

/**
 * Normalizes emails, phones and loyalty card numbers the same way for every source, so
 * that the same person written differently gives the same identifier, and tells
 * placeholders (blocked values and patterns) that must never link two records. Checking a
 * value says why it cannot be used, as a person reads it: ingestion keeps such a value
 * unverified, lookups refuse it.
 */
@Component
public class Identifiers {

	private static final Pattern CARD_SEPARATORS = Pattern.compile("[\\s-]");

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}$");

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	private final String defaultRegion;

	private final Pattern cardPattern;

	private final List<Pattern> blockedPatterns;

	private final Set<String> blockedValues = new HashSet<>();

	private final Set<String> providers;

	/**
	 * The providers whose name is long enough for a typo of it to be told from another
	 * domain: "gmial" is gmail mistyped, "fre" may be a domain of its own.
	 */
	private final List<String> typoProneProviders;

	private static final int TYPO_PRONE_NAME = 5;

	private static final LevenshteinDistance ONE_EDIT = new LevenshteinDistance(1);

	/** The provider each domain seen lately looks like mistyped, or none. */
	private final Cache<String, Optional<String>> checkedDomains = Caffeine.newBuilder()
		.maximumSize(10_000)
		.executor(Runnable::run)
		.build();

	/**
	 * The checks of the phones seen lately: a person's phone comes back with each of
	 * their records, and parsing a phone is the costliest step of reading a record.
	 */
	private final Cache<String, Checked> checkedPhones = Caffeine.newBuilder()
		.maximumSize(100_000)
		// the cache's upkeep on the caller's thread, not handed to the common pool
		.executor(Runnable::run)
		.build();

	/**
	 * Whether the emails and phones seen lately match a placeholder pattern: each is
	 * asked several times per record (reading, resolving, comparing, sending), and the
	 * patterns do not change while the hub runs. A plain map, emptied when full: a hit
	 * costs a hash lookup, where a bounded cache's upkeep cost more than the check it
	 * saves.
	 */
	private final Map<String, Boolean> checkedBlocked = new ConcurrentHashMap<>();

	private static final int CHECKED_BLOCKED_KEPT = 100_000;

	public Identifiers(IdentityProperties properties) {
		this.defaultRegion = properties.defaultRegion().toUpperCase(Locale.ROOT);
		this.cardPattern = Pattern.compile(properties.cardPattern());
		if (!this.phones.getSupportedRegions().contains(this.defaultRegion)) {
			throw new IllegalStateException(
					"hub.identity.default-region '" + properties.defaultRegion() + "' is not a known region code");
		}
		this.blockedPatterns = properties.blockedPatterns().stream().map(Pattern::compile).toList();
		this.providers = Set.copyOf(properties.emailProviders());
		this.typoProneProviders = properties.emailProviders()
			.stream()
			.filter(domain -> domain.indexOf('.') >= TYPO_PRONE_NAME)
			.toList();
		for (String value : properties.blockedValues()) {
			// the venue's own phone or email, as typed: compared once normalized
			try {
				this.blockedValues.add(value.contains("@") ? email(value) : phone(value));
			}
			catch (RecordRejectedException ex) {
				throw new IllegalStateException("hub.identity.blocked-values: " + ex.getMessage(), ex);
			}
		}
		// what was checked before every blocked value was known
		this.checkedPhones.invalidateAll();
	}

	/**
	 * Whether a normalized email or phone is a placeholder or the venue's own: kept
	 * unverified, never used to link nor as a recipient.
	 */
	public boolean blocked(String value) {
		if (value == null || this.blockedValues.contains(value)) {
			return value != null;
		}
		Boolean blocked = this.checkedBlocked.get(value);
		if (blocked == null) {
			blocked = matchesBlockedPattern(value);
			if (this.checkedBlocked.size() >= CHECKED_BLOCKED_KEPT) {
				this.checkedBlocked.clear();
			}
			this.checkedBlocked.put(value, blocked);
		}
		return blocked;
	}

	private boolean matchesBlockedPattern(String value) {
		String digits = value.indexOf('@') >= 0 ? null : Placeholders.digits(value);
		for (Pattern pattern : this.blockedPatterns) {
			if (pattern.matcher(value).matches() || (digits != null && pattern.matcher(digits).matches())) {
				return true;
			}
		}
		return Placeholders.shaped(value);
	}

	/**
	 * The mail provider a normalized email's domain is one typo away from
	 * ({@code gmail.com} for {@code gmial.com}, {@code gmail.con} or {@code gmal.com}),
	 * or null: such an address is kept unverified, never used to link nor as a recipient.
	 * A mistyped provider bounces at best, and at worst is a domain someone registered to
	 * collect what is sent to it.
	 */
	public String mistypedProvider(String email) {
		int at = email.lastIndexOf('@');
		String domain = email.substring(at + 1);
		if (at < 0 || this.providers.contains(domain)) {
			return null;
		}
		return this.checkedDomains.get(domain, this::providerMistyped).orElse(null);
	}

	private Optional<String> providerMistyped(String domain) {
		for (String provider : this.typoProneProviders) {
			if (ONE_EDIT.apply(domain, provider) == 1 || oneSwap(domain, provider)) {
				return Optional.of(provider);
			}
		}
		return Optional.empty();
	}

	/** Two neighbouring characters swapped, and nothing else. */
	private static boolean oneSwap(String x, String y) {
		if (x.length() != y.length()) {
			return false;
		}
		int first = 0;
		while (first < x.length() && x.charAt(first) == y.charAt(first)) {
			first++;
		}
		return first < x.length() - 1 && x.charAt(first) == y.charAt(first + 1)
				&& x.charAt(first + 1) == y.charAt(first) && x.substring(first + 2).equals(y.substring(first + 2));
	}

	/**
	 * Trims and folds case; null for an empty value; rejects what cannot be an address.
	 */
	public String email(String raw) {
		Checked email = checkEmail(raw);
		if (email.value() == null && email.unverified() != null) {
			throw new RecordRejectedException("email '" + raw.strip() + "' is " + email.unverified().reason());
		}
		return email.value();
	}

	/**
	 * E.164 through libphonenumber (a placeholder such as 0000000000 as its digits); null
	 * for an empty value; rejects what is not a phone number.
	 */
	public String phone(String raw) {
		Checked phone = checkPhone(raw);
		if (phone.value() == null && phone.unverified() != null) {
			throw new RecordRejectedException("phone '" + raw.strip() + "' is " + phone.unverified().reason());
		}
		return phone.value();
	}

	/**
	 * Upper case without spaces or dashes; null for an empty value; rejects an unknown
	 * format.
	 */
	public String card(String raw) {
		Checked card = checkCard(raw);
		if (card.unverified() != null) {
			throw new RecordRejectedException("loyalty card '" + raw.strip() + "' " + card.unverified().reason());
		}
		return card.value();
	}

	/**
	 * An email as a record gave it: folded when it is an address, else kept unverified
	 * with the reason; a placeholder or an address at a mistyped provider is both (its
	 * folded value, and unverified).
	 */
	public Checked checkEmail(String raw) {
		if (raw == null || raw.isBlank()) {
			return Checked.EMPTY;
		}
		String email = raw.strip().toLowerCase(Locale.ROOT);
		if (!EMAIL.matcher(email).matches()) {
			return Checked.invalid(Unverified.of("EMAIL", raw, Problem.INVALID, emailProblem(email)));
		}
		if (blocked(email)) {
			return new Checked(email,
					Unverified.of("EMAIL", raw, Problem.PLACEHOLDER,
							this.blockedValues.contains(email) ? "the venue's own address, not the visitor's"
									: "a placeholder typed when the visitor gave no address"));
		}
		String provider = mistypedProvider(email);
		if (provider != null) {
			return new Checked(email, Unverified.of("EMAIL", raw, Problem.INVALID, mistyped(email, provider)));
		}
		return new Checked(email, null);
	}

	/**
	 * A phone as a record gave it: E.164 when libphonenumber calls it valid, else kept
	 * unverified with the reason; a placeholder is both (its digits or E.164, and
	 * unverified).
	 */
	public Checked checkPhone(String raw) {
		if (raw == null || raw.isBlank()) {
			return Checked.EMPTY;
		}
		return this.checkedPhones.get(raw, this::parsePhone);
	}

	private Checked parsePhone(String raw) {
		String digits = Placeholders.digits(raw);
		if (!digits.isEmpty() && this.blockedPatterns.stream().anyMatch(p -> p.matcher(digits).matches())) {
			// a placeholder such as 0000000000 is not a phone, but it is what was typed:
			// kept as its digits
			return new Checked(digits, Unverified.of("PHONE", raw, Problem.PLACEHOLDER,
					"a placeholder typed when the visitor gave no number"));
		}
		PhoneNumber number;
		try {
			number = this.phones.parse(raw.strip(), this.defaultRegion);
		}
		catch (NumberParseException ex) {
			return Checked.invalid(Unverified.of("PHONE", raw, Problem.INVALID, switch (ex.getErrorType()) {
				case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "not a phone number: too short";
				case TOO_LONG -> "not a phone number: too long";
				case INVALID_COUNTRY_CODE -> "not a phone number: its country code is unknown";
				default -> "not a phone number";
			}));
		}
		if (!this.phones.isValidNumber(number)) {
			return Checked.invalid(Unverified.of("PHONE", raw, Problem.INVALID, phoneProblem(number)));
		}
		String e164 = this.phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
		if (blocked(e164)) {
			return new Checked(e164,
					Unverified.of("PHONE", raw, Problem.PLACEHOLDER,
							this.blockedValues.contains(e164) ? "the venue's own number, not the visitor's"
									: "a placeholder typed when the visitor gave no number"));
		}
		return new Checked(e164, null);
	}

	/**
	 * A loyalty card number as a record gave it: without spaces or dashes, in upper case,
	 * when it has the card format; else kept unverified with the reason.
	 */
	public Checked checkCard(String raw) {
		if (raw == null || raw.isBlank()) {
			return Checked.EMPTY;
		}
		String card = CARD_SEPARATORS.matcher(raw).replaceAll("").toUpperCase(Locale.ROOT);
		if (!this.cardPattern.matcher(card).matches()) {
			return Checked.invalid(Unverified.of("CARD", raw, Problem.INVALID,
					"does not match the card format " + this.cardPattern.pattern()));
		}
		return new Checked(card, null);
	}

	private static String emailProblem(String email) {
		int at = email.indexOf('@');
		if (at < 0) {
			return "not a valid email address: it has no @";
		}
		if (email.indexOf('@', at + 1) >= 0) {
			return "not a valid email address: it has more than one @";
		}
		if (email.chars().anyMatch(Character::isWhitespace)) {
			return "not a valid email address: it contains a space";
		}
		if (at == 0) {
			return "not a valid email address: nothing before the @";
		}
		if (at == email.length() - 1) {
			return "not a valid email address: nothing after the @";
		}
		return "not a valid email address: '" + email.substring(at + 1) + "' is not a domain";
	}

	/** Why an address at a mistyped provider is not used, as a person reads it. */
	public static String mistyped(String email, String provider) {
		return "not a deliverable email address: '" + email.substring(email.lastIndexOf('@') + 1) + "' looks like '"
				+ provider + "' mistyped";
	}

	private String phoneProblem(PhoneNumber number) {
		String region = this.phones.getRegionCodeForCountryCode(number.getCountryCode());
		String of = region.length() != 2 || region.equals("ZZ") ? ""
				: " for " + new Locale("", region).getDisplayCountry(Locale.ENGLISH);
		return switch (this.phones.isPossibleNumberWithReason(number)) {
			case TOO_SHORT -> "not a valid phone number: too short" + of;
			case TOO_LONG -> "not a valid phone number: too long" + of;
			case INVALID_LENGTH -> "not a valid phone number: wrong number of digits" + of;
			case INVALID_COUNTRY_CODE -> "not a valid phone number: its country code is unknown";
			default -> "not a valid phone number: no number" + of + " starts like this (a typo?)";
		};
	}

	/**
	 * An email, phone or card checked: {@code value} is what may be used (normalized);
	 * {@code unverified} says why it is kept aside, or is null. A placeholder has both:
	 * its normalized value, which the venue's lookups still understand, and why it is
	 * never used.
	 */
	public record Checked(String value, Unverified unverified) {

		static final Checked EMPTY = new Checked(null, null);

		static Checked invalid(Unverified unverified) {
			return new Checked(null, unverified);
		}

		/** The value to link and send to: neither invalid nor a placeholder. */
		public String usable() {
			return this.unverified == null ? this.value : null;
		}

	}

}

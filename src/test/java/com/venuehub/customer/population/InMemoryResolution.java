package com.venuehub.customer.population;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.venuehub.customer.matching.Calibration;
import com.venuehub.customer.matching.PersonMatcher;
import com.venuehub.ingest.Identifiers;
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.platform.RecordRejectedException;

/**
 * Resolves generated records to customers in memory, the way unify does without its
 * database, to measure a matcher in seconds. Emails, phones and cards are normalized as
 * intake does ({@link Identifiers}); an invalid one is left out, a placeholder kept but
 * never linking, as the hub is to treat bad contact fields. An identifier links the
 * records holding it that do not contradict each other, unless more than
 * {@code maxPeoplePerIdentifier} different names hold it (the hub flags such an
 * identifier). Then records sharing a blocking key are scored and merged at the merge
 * threshold. Customers only merge when no record of one contradicts a record of the
 * other, as unify keeps the customers it merges in agreement.
 *
 * <p>
 * It differs from the hub in what it compares: records with records, where unify compares
 * a customer's profile (the survivors of every field so far) with the profiles of
 * candidate customers, in arrival order.
 */
public final class InMemoryResolution<M> {

	private static final Pattern STREET_LINE = Pattern
		.compile("^(\\d+\\s*(?:bis|ter|quater|[a-zA-Z](?![a-zA-Z]))?)[\\s,]+(.+)$", Pattern.CASE_INSENSITIVE);

	private static final Identifiers IDENTIFIERS = new Identifiers(new IdentityProperties("FR", "[A-Z0-9]{6,24}"));

	private final RecordMatcher<M> matcher;

	private final int maxPeoplePerIdentifier;

	/**
	 * What one run found.
	 *
	 * @param wrongLinks links that joined two different people, by what linked them
	 * ({@code EMAIL}, {@code PHONE}, {@code CARD} or {@code matcher})
	 */
	public record Result(Map<String, Long> customerOfEvent, long comparisons, long identifierLinks, long matcherMerges,
			Map<String, Long> wrongLinks, double seconds) {

		public Long customerOf(GeneratedRecord record) {
			return this.customerOfEvent.get(record.eventId());
		}

	}

	private final Calibration calibration;

	public InMemoryResolution(RecordMatcher<M> matcher, int maxPeoplePerIdentifier) {
		this(matcher, maxPeoplePerIdentifier, null);
	}

	/**
	 * A resolution that also adds to the calibration the score of every candidate pair of
	 * records naming a first and a last name that the family rule leaves to the score,
	 * with whether they are one person.
	 */
	public InMemoryResolution(RecordMatcher<M> matcher, int maxPeoplePerIdentifier, Calibration calibration) {
		this.matcher = matcher;
		this.maxPeoplePerIdentifier = maxPeoplePerIdentifier;
		this.calibration = calibration;
	}

	/** Resolves the records (those carrying a contact) to customers. */
	public Result resolve(List<GeneratedRecord> records) {
		long start = System.nanoTime();
		int n = records.size();
		String[] emails = new String[n];
		String[] phones = new String[n];
		Map<String, List<Integer>> holders = new LinkedHashMap<>();
		for (int i = 0; i < n; i++) {
			GeneratedRecord r = records.get(i);
			// a placeholder or an address at a mistyped provider is no identifier
			String email = IDENTIFIERS.checkEmail(r.email()).usable();
			String phone = normalizedPhone(r.phone());
			String card = r.cardNumber() == null ? null : IDENTIFIERS.card(r.cardNumber());
			if (email != null && !IDENTIFIERS.blocked(email)) {
				emails[i] = email;
				holders.computeIfAbsent("EMAIL:" + email, k -> new ArrayList<>()).add(i);
			}
			if (phone != null && !IDENTIFIERS.blocked(phone)) {
				phones[i] = phone;
				holders.computeIfAbsent("PHONE:" + phone, k -> new ArrayList<>()).add(i);
			}
			if (card != null) {
				holders.computeIfAbsent("CARD:" + card, k -> new ArrayList<>()).add(i);
			}
		}
		Set<String> overShared = new HashSet<>();
		holders.forEach((identifier, held) -> {
			if (overShared(records, held)) {
				overShared.add(identifier);
			}
		});
		List<M> read = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			// a flagged email or phone no longer counts in matching either
			String email = emails[i] == null || overShared.contains("EMAIL:" + emails[i]) ? null : emails[i];
			String phone = phones[i] == null || overShared.contains("PHONE:" + phones[i]) ? null : phones[i];
			read.add(this.matcher.read(records.get(i), email, phone));
		}
		Clusters clusters = new Clusters(n, read);
		long identifierLinks = 0;
		Map<String, Long> wrong = new TreeMap<>();
		for (Map.Entry<String, List<Integer>> holding : holders.entrySet()) {
			List<Integer> held = holding.getValue();
			if (overShared.contains(holding.getKey())) {
				continue;
			}
			String kind = holding.getKey().substring(0, holding.getKey().indexOf(':'));
			// held by people the family rule tells apart: a household's; a record without
			// a first name does not say which of them it is, and is linked by it to
			// nobody
			boolean household = !kind.equals("CARD") && household(held, read)
					|| kind.equals("PHONE") && PersonMatcher.fixedLine(holding.getKey().substring("PHONE:".length()));
			for (int a = 0; a < held.size(); a++) {
				for (int b = a + 1; b < held.size(); b++) {
					boolean namelessA = records.get(held.get(a)).readFirstName() == null;
					boolean namelessB = records.get(held.get(b)).readFirstName() == null;
					if (namelessA != namelessB) {
						// its email may name the holder, or say the holder holds
						// another's
						PersonMatcher.EmailOwner owner = this.matcher.emailOwner(read.get(held.get(namelessA ? a : b)),
								read.get(held.get(namelessA ? b : a)),
								records.get(held.get(namelessA ? a : b)).occurredAt().toLocalDate());
						if (owner == PersonMatcher.EmailOwner.ANOTHER
								|| owner == PersonMatcher.EmailOwner.UNKNOWN && household) {
							continue;
						}
					}
					else if (household
							&& (namelessA || !this.matcher.sameMember(read.get(held.get(a)), read.get(held.get(b))))) {
						// a household's: two first names merely alike are two of its
						// members
						continue;
					}
					else if (!namelessA && !kind.equals("CARD")
							&& this.matcher.childBesideAnother(read.get(held.get(a)), read.get(held.get(b)),
									later(records.get(held.get(a)), records.get(held.get(b))))) {
						// a child's record and an initial: the email or phone is a
						// parent's
						continue;
					}
					if (clusters.link(held.get(a), held.get(b))) {
						identifierLinks++;
						count(wrong, kind, records.get(held.get(a)), records.get(held.get(b)));
					}
				}
			}
		}
		Map<String, List<Integer>> blocks = new HashMap<>();
		List<Set<String>> keys = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			Set<String> own = this.matcher.blockingKeys(read.get(i));
			keys.add(own);
			for (String key : own) {
				blocks.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
			}
		}
		int[] seenBy = new int[n];
		Arrays.fill(seenBy, -1);
		long comparisons = 0;
		long merges = 0;
		for (int i = 0; i < n; i++) {
			for (String key : keys.get(i)) {
				List<Integer> block = blocks.get(key);
				if (block.size() > this.matcher.maxBlockSize()) {
					continue;
				}
				for (int j : block) {
					if (j <= i || seenBy[j] == i) {
						continue;
					}
					seenBy[j] = i;
					if (this.calibration != null && named(records.get(i)) && named(records.get(j))
							&& !this.matcher.rulesOut(read.get(i), read.get(j))) {
						this.calibration.add(this.matcher.score(read.get(i), read.get(j)),
								records.get(i).personId() == records.get(j).personId());
					}
					if (clusters.find(i) == clusters.find(j)) {
						continue;
					}
					comparisons++;
					if (this.matcher.merges(read.get(i), read.get(j)) && !this.matcher.childBesideAnother(read.get(i),
							read.get(j), later(records.get(i), records.get(j))) && clusters.link(i, j)) {
						merges++;
						count(wrong, "matcher", records.get(i), records.get(j));
					}
				}
			}
		}
		Map<String, Long> customers = new HashMap<>();
		for (int i = 0; i < n; i++) {
			customers.put(records.get(i).eventId(), (long) clusters.find(i));
		}
		return new Result(customers, comparisons, identifierLinks, merges, wrong, (System.nanoTime() - start) / 1e9);
	}

	private static LocalDate later(GeneratedRecord a, GeneratedRecord b) {
		LocalDate x = a.occurredAt().toLocalDate();
		LocalDate y = b.occurredAt().toLocalDate();
		return x.isAfter(y) ? x : y;
	}

	private static boolean named(GeneratedRecord record) {
		return record.readFirstName() != null && record.readLastName() != null;
	}

	private boolean household(List<Integer> held, List<M> read) {
		for (int a = 0; a < held.size(); a++) {
			for (int b = a + 1; b < held.size(); b++) {
				if (this.matcher.contradicts(read.get(held.get(a)), read.get(held.get(b)))) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * A link between records of two people (the ground truth, read for the report only).
	 */
	private static void count(Map<String, Long> wrong, String cause, GeneratedRecord a, GeneratedRecord b) {
		if (a.personId() != b.personId()) {
			wrong.merge(cause, 1L, Long::sum);
		}
	}

	/** Number and street of a one-line street address, as the hub's intake splits it. */
	static String[] streetNumberAndName(String line) {
		if (line == null || line.isBlank()) {
			return new String[2];
		}
		Matcher m = STREET_LINE.matcher(line.strip());
		return m.matches() ? new String[] { m.group(1).replaceAll("\\s+", " "), m.group(2) }
				: new String[] { null, line.strip() };
	}

	/**
	 * An identifier that more people than allowed hold (told apart by their names): the
	 * hub flags it and it links nobody.
	 */
	private boolean overShared(List<GeneratedRecord> records, List<Integer> holding) {
		if (holding.size() <= this.maxPeoplePerIdentifier) {
			return false;
		}
		Set<String> names = new HashSet<>();
		for (int i : holding) {
			GeneratedRecord r = records.get(i);
			if (r.readFirstName() != null && r.readLastName() != null) {
				names.add(nameKey(r.readFirstName()) + "|" + nameKey(r.readLastName()));
			}
		}
		return names.size() > this.maxPeoplePerIdentifier;
	}

	/**
	 * A name as this tool tells holders of an identifier apart: lower case, without
	 * accents, letters only. Spellings of one name (a typo, names swapped) count as two.
	 */
	public static String nameKey(String name) {
		return Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
			.replaceAll("\\p{M}+", "")
			.replaceAll("[^\\p{L}]+", "");
	}

	private static String normalizedPhone(String raw) {
		try {
			return IDENTIFIERS.phone(raw);
		}
		catch (RecordRejectedException ex) {
			// kept on the record by the hub, but it links nobody
			return null;
		}
	}

	/**
	 * Union-find over records, with each cluster's members, so that two clusters join
	 * only when none of their records contradict each other.
	 */
	private final class Clusters {

		private final int[] parent;

		private final List<List<Integer>> members;

		private final List<M> read;

		Clusters(int n, List<M> read) {
			this.parent = new int[n];
			this.members = new ArrayList<>(n);
			this.read = read;
			for (int i = 0; i < n; i++) {
				this.parent[i] = i;
				this.members.add(new ArrayList<>(List.of(i)));
			}
		}

		int find(int i) {
			while (this.parent[i] != i) {
				this.parent[i] = this.parent[this.parent[i]];
				i = this.parent[i];
			}
			return i;
		}

		boolean link(int a, int b) {
			int ra = find(a);
			int rb = find(b);
			if (ra == rb) {
				return false;
			}
			List<Integer> left = this.members.get(ra);
			List<Integer> right = this.members.get(rb);
			for (int x : left) {
				for (int y : right) {
					if (InMemoryResolution.this.matcher.contradicts(this.read.get(x), this.read.get(y))) {
						return false;
					}
				}
			}
			int root = left.size() >= right.size() ? ra : rb;
			int other = root == ra ? rb : ra;
			this.parent[other] = root;
			this.members.get(root).addAll(this.members.get(other));
			this.members.set(other, null);
			return true;
		}

	}

}

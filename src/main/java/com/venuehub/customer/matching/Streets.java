package com.venuehub.customer.matching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether two street lines name one street. A street is its way type and its name: "rue
 * Jean Jaurès" and "boulevard Jean Jaurès" are two streets of one town, "boulevard
 * Gambetta" and "boulevard Voltaire" too, however alike they look. Lines are compared
 * once written alike: way types spelled out ("av." is "avenue", "bd" is "boulevard", "st"
 * at the end is "street"), the particles of French names left out ("rue de la République"
 * is "rue République"), spaces and punctuation ignored; then one typo at most is
 * tolerated.
 */
final class Streets {

	/** How two street lines compare. */
	enum Agreement {

		/** One street: the same way type and name, one typo at most. */
		SAME,

		/**
		 * Perhaps one street, said differently: the same name where one line gives no way
		 * type, or one line is the other with more words (a building, a second line). No
		 * evidence either way.
		 */
		SIMILAR,

		/** Two streets: another name, or another way type. */
		DIFFERENT

	}

	private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");

	/** Way types and their abbreviations, French (first word) and English (last word). */
	private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("rue", "rue"), Map.entry("r", "rue"),
			Map.entry("avenue", "avenue"), Map.entry("av", "avenue"), Map.entry("ave", "avenue"),
			Map.entry("avn", "avenue"), Map.entry("boulevard", "boulevard"), Map.entry("bd", "boulevard"),
			Map.entry("bld", "boulevard"), Map.entry("blvd", "boulevard"), Map.entry("boul", "boulevard"),
			Map.entry("place", "place"), Map.entry("pl", "place"), Map.entry("chemin", "chemin"),
			Map.entry("ch", "chemin"), Map.entry("che", "chemin"), Map.entry("chem", "chemin"),
			Map.entry("allee", "allee"), Map.entry("all", "allee"), Map.entry("impasse", "impasse"),
			Map.entry("imp", "impasse"), Map.entry("cours", "cours"), Map.entry("crs", "cours"),
			Map.entry("quai", "quai"), Map.entry("route", "route"), Map.entry("rte", "route"),
			Map.entry("square", "square"), Map.entry("sq", "square"), Map.entry("passage", "passage"),
			Map.entry("pass", "passage"), Map.entry("esplanade", "esplanade"), Map.entry("esp", "esplanade"),
			Map.entry("sentier", "sentier"), Map.entry("voie", "voie"), Map.entry("cite", "cite"),
			Map.entry("residence", "residence"), Map.entry("res", "residence"), Map.entry("lotissement", "lotissement"),
			Map.entry("lot", "lotissement"), Map.entry("hameau", "hameau"), Map.entry("ham", "hameau"),
			Map.entry("street", "street"), Map.entry("st", "street"), Map.entry("road", "road"),
			Map.entry("rd", "road"), Map.entry("crescent", "crescent"), Map.entry("cres", "crescent"),
			Map.entry("drive", "drive"), Map.entry("dr", "drive"), Map.entry("court", "court"),
			Map.entry("ct", "court"), Map.entry("close", "close"), Map.entry("circuit", "circuit"),
			Map.entry("cct", "circuit"), Map.entry("parade", "parade"), Map.entry("pde", "parade"),
			Map.entry("lane", "lane"), Map.entry("ln", "lane"), Map.entry("terrace", "terrace"),
			Map.entry("tce", "terrace"), Map.entry("way", "way"), Map.entry("grove", "grove"),
			Map.entry("highway", "highway"), Map.entry("hwy", "highway"), Map.entry("circle", "circle"),
			Map.entry("walk", "walk"), Map.entry("parkway", "parkway"));

	/** Words of French street names that people leave out or add. */
	private static final Set<String> PARTICLES = Set.of("de", "du", "des", "la", "le", "les", "l", "d", "of", "the");

	/** A name shorter than this must agree letter for letter: "rue Foch", "rue Koch". */
	private static final int TYPO_FROM = 5;

	private Streets() {
	}

	/** How two street lines (as {@link MatchRecord} holds them) compare. */
	static Agreement compare(String x, String y) {
		Street a = Street.of(x);
		Street b = Street.of(y);
		if (a.words().isEmpty() || b.words().isEmpty()) {
			return a.words().isEmpty() && b.words().isEmpty() ? Agreement.SAME : Agreement.DIFFERENT;
		}
		String whole = String.join("", a.words());
		String other = String.join("", b.words());
		int shortest = Math.min(a.name().length(), b.name().length());
		if (whole.equals(other) || sameName(whole, other, shortest) || sameName(a.line(), b.line(), shortest)) {
			// also a street glued to its type ("pridhamstreet") or split in two
			return a.type() == null || b.type() == null || a.type().equals(b.type()) ? Agreement.SAME
					: Agreement.DIFFERENT;
		}
		if (a.type() != null && b.type() != null) {
			if (!a.type().equals(b.type())) {
				return Agreement.DIFFERENT;
			}
		}
		else if (sameName(a.name(), b.name(), Math.min(a.name().length(), b.name().length()))) {
			// the name alone on one line: which way of that name is not said
			return Agreement.SIMILAR;
		}
		List<String> shorter = a.words().size() <= b.words().size() ? a.words() : b.words();
		List<String> longer = shorter == a.words() ? b.words() : a.words();
		if (shorter.size() >= 2 && Collections.indexOfSubList(longer, shorter) >= 0) {
			return Agreement.SIMILAR;
		}
		// the same words in another order: two lines of an address given the other way
		// round
		List<String> sortedA = new ArrayList<>(a.words());
		List<String> sortedB = new ArrayList<>(b.words());
		Collections.sort(sortedA);
		Collections.sort(sortedB);
		return sortedA.equals(sortedB) ? Agreement.SIMILAR : Agreement.DIFFERENT;
	}

	/**
	 * A street's words once written alike, its way type (or null), its name, and the
	 * whole line's letters (with a second line, and a type glued to the name).
	 */
	record Street(List<String> words, String type, String name, String line) {

		static Street of(String line) {
			List<String> words = new ArrayList<>();
			for (String word : NOT_ALPHANUMERIC.split(line == null ? "" : line)) {
				if (!word.isEmpty()) {
					words.add(word);
				}
			}
			// the way type: first in French ("rue Jean Jaurès"), after the name in
			// English
			// ("wattle crescent"), where a second line may follow ("wattle crescent
			// delmar")
			String all = String.join("", words);
			int typeAt = -1;
			if (words.size() >= 2 && TYPES.containsKey(words.get(0))) {
				typeAt = 0;
			}
			else {
				for (int i = 1; i < words.size() && typeAt < 0; i++) {
					String word = words.get(i);
					// an abbreviation only at the end: "le clos st pierre" is no street
					// named "le clos"
					if (i == words.size() - 1 ? TYPES.containsKey(word)
							: word.length() >= 4 && word.equals(TYPES.get(word))) {
						typeAt = i;
						words = words.subList(0, i + 1);
					}
				}
				for (int i = 0; i < words.size() && typeAt < 0; i++) {
					// a way type mistyped ("treet", "crcuit") or glued to the name
					// ("pridhamstreet"), written out in full after the name
					String word = words.get(i);
					String type = mistypedType(word);
					if (type != null && i >= 1) {
						words = new ArrayList<>(words.subList(0, i));
						words.add(type);
						typeAt = i;
					}
					else if (type == null && (type = gluedType(word)) != null) {
						words = new ArrayList<>(words.subList(0, i));
						words.add(word.substring(0, word.length() - type.length()));
						words.add(type);
						typeAt = i + 1;
					}
				}
			}
			String type = typeAt < 0 ? null : TYPES.get(words.get(typeAt));
			List<String> kept = new ArrayList<>();
			StringBuilder name = new StringBuilder();
			for (int i = 0; i < words.size(); i++) {
				String word = i == typeAt ? type : words.get(i);
				if (i != typeAt && PARTICLES.contains(word) && words.size() > 2) {
					continue;
				}
				if (i != typeAt && (word.equals("st") || word.equals("ste"))) {
					// Saint within a name ("rue St-Jean")
					word = word.equals("st") ? "saint" : "sainte";
				}
				kept.add(word);
				if (i != typeAt) {
					name.append(word);
				}
			}
			return new Street(List.copyOf(kept), type, name.toString(), all);
		}

	}

	/** Way types spelled out long enough to be recognized with a typo or glued. */
	private static final List<String> LONG_TYPES = List.of("street", "crescent", "circuit", "avenue", "place", "drive",
			"court", "close", "parade", "terrace", "boulevard", "highway", "parkway");

	/** The way type a word is once one typo is undone, or null. */
	private static String mistypedType(String word) {
		if (word.length() < TYPO_FROM || TYPES.containsKey(word)) {
			return null;
		}
		for (String type : LONG_TYPES) {
			// "plage" is a beach, not a place mistyped
			if (!type.equals("place") && Typos.withinOneEdit(word, type)) {
				return type;
			}
		}
		return null;
	}

	/** The way type a word ends with, after a name of three letters or more, or null. */
	private static String gluedType(String word) {
		for (String type : LONG_TYPES) {
			if (word.length() >= type.length() + 3 && word.endsWith(type)) {
				return type;
			}
		}
		return null;
	}

	/**
	 * Two spellings of one name: the same letters, or one typo (a letter added, left out,
	 * replaced, or two letters swapped) in a name long enough to tell.
	 */
	private static boolean sameName(String x, String y, int shortest) {
		return x.equals(y) || shortest >= TYPO_FROM && Typos.withinOneEdit(x, y);
	}

}

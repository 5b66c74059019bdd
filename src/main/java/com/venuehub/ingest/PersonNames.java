package com.venuehub.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schibsted.spt.data.jslt.Function;

/**
 * A person's name written on one line ("Marie Le Goff", "Du Lacade Guillaume", "Jean
 * Baptiste Roux"), split into a first name and a last name as a French reader would: a
 * particle (de, du, le, la, van…, or d' and l' before a vowel) starts the last name
 * wherever it stands, and the words after that last name are the first name; without a
 * particle, a first word that opens the common compound first names (Jean, Marie, Anne…)
 * takes the next word with it when a last name is left; otherwise the first word is the
 * first name. One word alone is read as a last name: nothing tells which it is, and a
 * record without a first name is the safer reading, told apart by its identifiers only,
 * never joined to one member of a household by a first name it may not carry.
 * <p>
 * Mappings call it as {@code split-name(.attendee_name)}, which gives {@code {"first": …,
 * "last": …}}.
 */
public final class PersonNames {

	/** Words that start a last name (particles), compared in lower case. */
	private static final Set<String> PARTICLES = Set.of("de", "du", "des", "le", "la", "les", "d'", "l'", "van", "von",
			"der", "den", "di", "da", "dos", "das", "del", "della");

	/** Runs of white space, read as one. */
	private static final Pattern SPACES = Pattern.compile("\\s+");

	/** A particle elided before a vowel, one word with the name it leads (d'Almeida). */
	private static final Pattern ELIDED = Pattern.compile("[dl]['\u2019]\\p{L}{2,}.*");

	/** First words of the compound first names written without their hyphen. */
	private static final Set<String> COMPOUND_STARTS = Set.of("jean", "marie", "anne", "pierre", "louis", "paul");

	private PersonNames() {
	}

	/** A name split: either part may be null. */
	public record Split(String first, String last) {
	}

	public static Split split(String name) {
		if (name == null) {
			return new Split(null, null);
		}
		List<String> words = new ArrayList<>();
		for (String word : SPACES.split(name.strip())) {
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		if (words.isEmpty()) {
			return new Split(null, null);
		}
		if (words.size() == 1) {
			return new Split(null, words.get(0));
		}
		int particle = -1;
		for (int i = 0; i < words.size() && particle < 0; i++) {
			String word = words.get(i).toLowerCase(Locale.ROOT);
			if (i < words.size() - 1 && PARTICLES.contains(word) || ELIDED.matcher(word).matches()) {
				particle = i;
			}
		}
		if (particle == 0) {
			// the last name first ("Du Lacade Guillaume", "D'Almeida Paulo"): the
			// particles and the word they lead to, then the first name
			int end = 0;
			while (end < words.size() - 1 && PARTICLES.contains(words.get(end).toLowerCase(Locale.ROOT))) {
				end++;
			}
			return new Split(join(words, end + 1, words.size()), join(words, 0, end + 1));
		}
		if (particle > 0) {
			return new Split(join(words, 0, particle), join(words, particle, words.size()));
		}
		if (words.size() >= 3 && COMPOUND_STARTS.contains(words.get(0).toLowerCase(Locale.ROOT))) {
			return new Split(join(words, 0, 2), join(words, 2, words.size()));
		}
		return new Split(words.get(0), join(words, 1, words.size()));
	}

	private static String join(List<String> words, int from, int to) {
		return from >= to ? null : String.join(" ", words.subList(from, to));
	}

	/** The mapping function {@code split-name(name)}: {@code {"first", "last"}}. */
	public static Function jsltFunction() {
		return new Function() {
			@Override
			public String getName() {
				return "split-name";
			}

			@Override
			public int getMinArguments() {
				return 1;
			}

			@Override
			public int getMaxArguments() {
				return 1;
			}

			@Override
			public JsonNode call(JsonNode input, JsonNode[] arguments) {
				JsonNode name = arguments[0];
				Split split = split(name == null || !name.isTextual() ? null : name.asText());
				ObjectNode result = JsonNodeFactory.instance.objectNode();
				result.put("first", split.first());
				result.put("last", split.last());
				return result;
			}
		};
	}

}

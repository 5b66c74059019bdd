package com.venuehub.ingest;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.platform.MalformedRecordException;
import com.venuehub.platform.Quarantine;

import org.springframework.stereotype.Component;

/**
 * The first look at every record, before its mapping, any regular expression or any
 * similarity runs on it: no control character in a field, no field longer than
 * {@code hub.ingest.limits.max-field-length}, no list longer than {@code max-positions};
 * then, on what the mapping made of it, no value longer than {@code max-value-length}
 * (the kiosk comment excepted). A record that breaks one is refused with the field named.
 */
@Component
public class InputBounds {

	/** Free text that may be longer than a name or an identifier. */
	private static final String COMMENT = "feedback.comment";

	private final IngestProperties.Limits limits;

	public InputBounds(IngestProperties properties) {
		this.limits = properties.limits();
	}

	/** A source record as read from the batch, before its mapping. */
	public void checkRecord(JsonNode record) {
		walk(record, "", false);
	}

	/** What the mapping produced, before it is read as a canonical event. */
	public void checkMapped(JsonNode mapped) {
		walk(mapped, "", true);
	}

	private void walk(JsonNode node, String path, boolean mapped) {
		if (node.isTextual()) {
			String text = node.textValue();
			checkCharacters(path, text);
			boolean value = mapped && !path.equals(COMMENT);
			int max = value ? this.limits.maxValueLength() : this.limits.maxFieldLength();
			if (text.length() > max) {
				throw new MalformedRecordException(name(path) + " is " + text.length() + " characters long: at most "
						+ max + " are accepted (hub.ingest.limits." + (value ? "max-value-length" : "max-field-length")
						+ ")");
			}
		}
		else if (node.isArray()) {
			if (node.size() > this.limits.maxPositions()) {
				throw new MalformedRecordException(
						name(path) + " holds " + node.size() + " entries: a record holds at most "
								+ this.limits.maxPositions() + " (hub.ingest.limits.max-positions); split it");
			}
			for (int i = 0; i < node.size(); i++) {
				walk(node.get(i), path + "[" + i + "]", mapped);
			}
		}
		else if (node.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
				Map.Entry<String, JsonNode> field = fields.next();
				walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), mapped);
			}
		}
	}

	/**
	 * Tab and line breaks are text; every other C0 or C1 control character, and the mark
	 * the quarantine keeps in place of a NUL byte, is not.
	 */
	private static void checkCharacters(String path, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
			if (control || c == Quarantine.NUL_MARK) {
				throw new MalformedRecordException(name(path) + " holds " + describe(c) + " at character " + (i + 1)
						+ ": control characters other than tab and line breaks are not accepted");
			}
		}
	}

	private static String describe(char c) {
		if (c == 0) {
			return "a NUL byte (U+0000)";
		}
		if (c == Quarantine.NUL_MARK) {
			return "\u2400 (U+2400), the mark the quarantine keeps where a record had a NUL byte";
		}
		return "the control character U+%04X".formatted((int) c);
	}

	private static String name(String path) {
		return path.isEmpty() ? "the record" : "field '" + path + "'";
	}

}

package com.venuehub.customer;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Which value a profile field keeps when an event or a merged customer brings another
 * one, per field as configured: the most recent (by event time), the one from the most
 * trusted source, or the longest; ties go to the most recent.
 */
@Component
public class Survivorship {

	private final IdentityProperties properties;

	private final String trustedSources;

	public Survivorship(IdentityProperties properties) {
		this.properties = properties;
		// an SQL array literal of the configured sources, most trusted first
		this.trustedSources = "array["
				+ String.join(",",
						properties.trustedSources().stream().map(s -> "'" + s.replace("'", "''") + "'").toList())
				+ "]::text[]";
	}

	public List<String> fields() {
		return IdentityProperties.PROFILE_FIELDS;
	}

	/**
	 * The SQL condition under which the challenger's value of a field replaces the
	 * incumbent's.
	 * @param c the challenger's alias (a customer row, or the event's values with the
	 * same columns)
	 * @param i the incumbent customer's alias
	 * @param tieToChallenger at the same event time, the challenger wins (a newer event
	 * does; a merged customer does not)
	 */
	public String wins(String field, String c, String i, boolean tieToChallenger) {
		String cv = c + "." + field;
		String iv = i + "." + field;
		String newer = "(" + i + "." + field + "_at is null or " + c + "." + field + "_at "
				+ (tieToChallenger ? ">=" : ">") + " " + i + "." + field + "_at)";
		String condition = switch (this.properties.survivorshipOf(field)) {
			case RECENT -> newer;
			case TRUSTED -> {
				String cr = rank(c + "." + field + "_source");
				String ir = rank(i + "." + field + "_source");
				yield "(" + iv + " is null or " + cr + " < " + ir + " or (" + cr + " = " + ir + " and " + newer + "))";
			}
			case LONGEST -> {
				String cl = "length(" + cv + "::text)";
				String il = "length(" + iv + "::text)";
				yield "(" + iv + " is null or " + cl + " > " + il + " or (" + cl + " = " + il + " and " + newer + "))";
			}
		};
		return "(" + cv + " is not null and " + condition + ")";
	}

	/**
	 * The assignments of an update of alias {@code i} by challenger {@code c}, every
	 * field and its time and source.
	 */
	public String assignments(String c, String i, boolean tieToChallenger) {
		StringBuilder sql = new StringBuilder();
		for (String field : fields()) {
			String wins = wins(field, c, i, tieToChallenger);
			for (String column : List.of(field, field + "_at", field + "_source")) {
				sql.append(", ")
					.append(column)
					.append(" = case when ")
					.append(wins)
					.append(" then ")
					.append(c)
					.append('.')
					.append(column)
					.append(" else ")
					.append(i)
					.append('.')
					.append(column)
					.append(" end");
			}
		}
		return sql.toString();
	}

	private String rank(String source) {
		return "coalesce(array_position(" + this.trustedSources + ", " + source + "), 1000000)";
	}

}

package com.venuehub.customer.population;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Writes a person's true values the way a record holds them: one-edit typos, dropped
 * accents, capitals, compound names split or joined, names cut short, stray spaces, birth
 * dates with day and month swapped, abbreviated street types. Each change is tagged on
 * the record so that a report can tell which noise a miss comes from.
 */
final class Typist {

	private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzeeaaiiuo";

	private final PopulationShape.Noise noise;

	private final RandomGenerator random;

	Typist(PopulationShape.Noise noise, RandomGenerator random) {
		this.noise = noise;
		this.random = random;
	}

	boolean chance(double rate) {
		return rate > 0 && this.random.nextDouble() < rate;
	}

	/**
	 * A name as typed.
	 * @param field "first" or "last", for the tags
	 * @param staff typed by box-office staff rather than the person: accents dropped and
	 * capitals more often
	 */
	String name(String value, String field, boolean staff, List<String> tags) {
		if (value == null) {
			return null;
		}
		String s = value;
		boolean latin = s.chars().anyMatch(c -> c >= 'A' && c <= 'z');
		if (latin && isCompound(s) && chance(this.noise.compoundVariant())) {
			s = compoundVariant(s);
			tags.add("compound-variant:" + field);
		}
		if (chance(this.noise.truncated())) {
			String cut = truncate(s, field);
			if (!cut.equals(s)) {
				s = cut;
				tags.add("truncated:" + field);
			}
		}
		if (chance(this.noise.typo())) {
			s = typo(s, latin);
			tags.add("typo:" + field);
		}
		if (latin && !s.equals(stripAccents(s)) && chance(this.noise.accentDropped() * (staff ? 2 : 1))) {
			s = stripAccents(s);
			tags.add("accents-dropped:" + field);
		}
		if (latin && chance(this.noise.upperCase() * (staff ? 3 : 1))) {
			s = s.toUpperCase(Locale.FRENCH);
			tags.add("upper-case:" + field);
		}
		return spaces(s, field, tags);
	}

	/** Stray spaces: around the value or doubled inside. */
	String spaces(String s, String field, List<String> tags) {
		if (s == null || !chance(this.noise.extraSpaces())) {
			return s;
		}
		tags.add("extra-spaces:" + field);
		return switch (this.random.nextInt(3)) {
			case 0 -> " " + s;
			case 1 -> s + "  ";
			default -> s.contains(" ") ? s.replaceFirst(" ", "  ") : s + " ";
		};
	}

	/** A birth date with day and month swapped, or a digit of the year wrong. */
	LocalDate birthDate(LocalDate date, List<String> tags) {
		if (date == null || !chance(this.noise.birthDateTypo())) {
			return date;
		}
		tags.add("birth-date-typo");
		if (date.getDayOfMonth() <= 12 && date.getDayOfMonth() != date.getMonthValue()) {
			return LocalDate.of(date.getYear(), date.getDayOfMonth(), date.getMonthValue());
		}
		return date.plusYears(this.random.nextBoolean() ? 1 : -1);
	}

	/** A street line: the type abbreviated, accents dropped, the number left out. */
	String streetLine(Places.Address address, List<String> tags) {
		String street = address.street();
		if (chance(0.2)) {
			street = street.replace("avenue ", "av. ")
				.replace("boulevard ", "bd ")
				.replace("rue ", "r. ")
				.replace("place ", "pl. ")
				.replace("chemin ", "ch. ");
		}
		if (chance(this.noise.accentDropped())) {
			street = stripAccents(street);
		}
		if (chance(this.noise.upperCase())) {
			street = street.toUpperCase(Locale.FRENCH);
		}
		if (chance(this.noise.missingField())) {
			tags.add("missing:street-number");
			return street;
		}
		return (chance(0.1) ? address.number() + ", " : address.number() + " ") + street;
	}

	/** A locality: capitals, Saint shortened, an arrondissement added. */
	String locality(Places.Address address) {
		String locality = address.locality();
		int u = this.random.nextInt(100);
		if (u < 10) {
			return locality.toUpperCase(Locale.FRENCH);
		}
		if (u < 15) {
			return locality.replace("Saint-", "St-").replace("Sainte-", "Ste-");
		}
		if (u < 20 && (locality.equals("Lyon") || locality.equals("Marseille") || locality.equals("Paris"))) {
			return locality + " " + Integer.parseInt(address.postcode().substring(3)) + "e";
		}
		if (u < 25) {
			return stripAccents(locality);
		}
		return locality;
	}

	/** A postcode with one digit wrong, now and then. */
	String postcode(String postcode, List<String> tags) {
		if (!chance(this.noise.typo() / 2)) {
			return postcode;
		}
		tags.add("typo:postcode");
		int i = 2 + this.random.nextInt(3);
		char digit = (char) ('0' + (postcode.charAt(i) - '0' + 1 + this.random.nextInt(8)) % 10);
		return postcode.substring(0, i) + digit + postcode.substring(i + 1);
	}

	static String stripAccents(String s) {
		return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
	}

	private String typo(String s, boolean latin) {
		if (s.length() < 2) {
			return s;
		}
		int i = this.random.nextInt(s.length() - 1);
		int op = latin ? this.random.nextInt(4) : 1 + this.random.nextInt(3);
		boolean upper = Character.isUpperCase(s.charAt(i));
		char letter = LETTERS.charAt(this.random.nextInt(LETTERS.length()));
		if (upper) {
			letter = Character.toUpperCase(letter);
		}
		return switch (op) {
			case 0 -> s.substring(0, i) + letter + s.substring(i + 1);
			case 1 -> s.substring(0, i) + s.substring(i + 1);
			case 2 -> s.substring(0, i + 1) + s.charAt(i) + s.substring(i + 1);
			default -> s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
		};
	}

	private String truncate(String s, String field) {
		if (isCompound(s) && this.random.nextBoolean()) {
			// the first part of a compound: Jean-Pierre -> Jean; the main word of a last
			// name: De La Fontaine -> Fontaine
			String[] parts = s.split("[- ]");
			return field.equals("first") ? parts[0] : parts[parts.length - 1];
		}
		if (s.length() > 8 && this.random.nextBoolean()) {
			// a form or a till that cuts the field short
			return s.substring(0, 8);
		}
		return field.equals("first") ? s.substring(0, 1) + (this.random.nextBoolean() ? "." : "") : s;
	}

	private String compoundVariant(String s) {
		return switch (this.random.nextInt(3)) {
			case 0 -> s.replace('-', ' ');
			case 1 -> s.replace(' ', '-');
			default -> s.replace("-", "").replace(" ", "");
		};
	}

	private static boolean isCompound(String s) {
		return s.indexOf('-') > 0 || s.indexOf(' ') > 0;
	}

}

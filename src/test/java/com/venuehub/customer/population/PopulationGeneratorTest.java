package com.venuehub.customer.population;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEventReader;
import com.venuehub.ingest.Identifiers;
import com.venuehub.ingest.IdentityProperties;
import com.venuehub.ingest.IngestProperties;
import com.venuehub.ingest.Mappings;
import com.venuehub.platform.RecordRejectedException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The population generator: deterministic, shaped like a French venue's visitors, and
 * rendering records the shipped mappings read as the events it names.
 */
class PopulationGeneratorTest {

	private static final Identifiers IDENTIFIERS = new Identifiers(new IdentityProperties("FR", "[A-Z0-9]{6,24}"));

	@Test
	void theSameSeedGivesTheSamePopulationAndAnotherSeedAnother() {
		PopulationShape shape = PopulationShape.defaults().withPeople(1_500);
		Population once = PopulationGenerator.generate(shape, "a");
		Population again = PopulationGenerator.generate(shape, "a");
		Population other = PopulationGenerator.generate(shape.withSeed(shape.seed() + 1), "a");

		assertThat(again.people()).isEqualTo(once.people());
		assertThat(again.records()).isEqualTo(once.records());
		assertThat(other.people()).isNotEqualTo(once.people());
		assertThat(once.people()).hasSize(1_500);
	}

	@Test
	void commonFullNamesAreSharedByNamesakesAndFamiliesShareContacts() {
		Population population = PopulationGenerator.generate(PopulationShape.defaults().withPeople(20_000), "n");

		Map<String, Long> lastNames = count(population.people(), Person::lastName);
		assertThat(lastNames.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(3)
			.map(Map.Entry::getKey)).contains("Martin");
		Map<String, Long> fullNames = count(population.people(), Person::fullName);
		long namesakes = population.people().stream().filter(p -> fullNames.get(p.fullName()) > 1).count();
		assertThat(namesakes).as("people sharing their full name").isGreaterThan(population.people().size() / 100);
		assertThat(population.people().stream().filter(p -> p.lastName().matches(".*\\p{IsCyrillic}.*"))).isNotEmpty();
		assertThat(population.people().stream().filter(p -> p.firstName().contains("-"))).isNotEmpty();

		// children give a parent's email: records of two people of one household carry
		// one email
		Map<String, List<GeneratedRecord>> byEmail = population.records()
			.stream()
			.filter(r -> r.email() != null && r.noise().stream().noneMatch(n -> n.startsWith("placeholder")))
			.collect(Collectors.groupingBy(r -> r.email().strip().toLowerCase(java.util.Locale.ROOT)));
		assertThat(byEmail.values()
			.stream()
			.filter(records -> records.stream().map(GeneratedRecord::personId).distinct().count() > 1)
			.filter(records -> records.stream().map(GeneratedRecord::householdId).distinct().count() == 1))
			.isNotEmpty();
		assertThat(population.records().stream().map(GeneratedRecord::source).distinct())
			.containsExactlyInAnyOrder("box-office", "online", "loyalty", "kiosk", "turnstile");
	}

	@Test
	void townsHaveStreetsOfOneNameNamesakesWithOtherBirthDatesAndNeighboursOfOneFirstName() {
		Population population = PopulationGenerator.generate(PopulationShape.defaults().withPeople(5_000), "t");
		// where each person's records say they live: postcode and street (way type, name)
		Map<Integer, Set<String>> placesOf = new HashMap<>();
		Map<Integer, Set<String>> birthDatesOf = new HashMap<>();
		Map<String, Set<String>> waysOf = new HashMap<>();
		for (GeneratedRecord r : population.records()) {
			if (r.birthDate() != null) {
				birthDatesOf.computeIfAbsent(r.personId(), k -> new HashSet<>()).add(r.birthDate().toString());
			}
			String[] street = InMemoryResolution.streetNumberAndName(r.streetLine());
			if (r.postcode() == null || street[1] == null) {
				continue;
			}
			String[] way = way(street[1]);
			placesOf.computeIfAbsent(r.personId(), k -> new HashSet<>())
				.add(r.postcode() + "|" + way[0] + "|" + way[1]);
			waysOf.computeIfAbsent(r.postcode() + "|" + way[1], k -> new HashSet<>()).add(way[0]);
		}
		assertThat(waysOf.values().stream().filter(ways -> ways.size() > 1))
			.as("streets of one name with two way types in one town")
			.hasSizeGreaterThan(50);

		int namesakes = 0;
		int neighbours = 0;
		List<Person> people = population.people();
		Map<String, List<Person>> byFirstName = people.stream()
			.filter(p -> placesOf.containsKey(p.id()))
			.collect(Collectors.groupingBy(Person::firstName));
		for (List<Person> alike : byFirstName.values()) {
			for (int i = 0; i < alike.size(); i++) {
				for (int j = i + 1; j < alike.size(); j++) {
					Person a = alike.get(i);
					Person b = alike.get(j);
					if (a.householdId() == b.householdId()
							|| !sameTownOtherStreetAlike(placesOf.get(a.id()), placesOf.get(b.id()))) {
						continue;
					}
					if (a.lastName().equals(b.lastName())) {
						// namesakes: both give their birth date, another one, and their
						// own
						// email
						boolean datesKnown = birthDatesOf.containsKey(a.id()) && birthDatesOf.containsKey(b.id())
								&& !a.birthDate().equals(b.birthDate());
						boolean ownEmails = !a.emails().isEmpty() && !b.emails().isEmpty()
								&& Collections.disjoint(a.emails(), b.emails());
						namesakes += datesKnown && ownEmails ? 1 : 0;
					}
					else {
						neighbours++;
					}
				}
			}
		}
		assertThat(namesakes).as("namesakes of one town, other birth dates known, their own emails").isGreaterThan(10);
		assertThat(neighbours).as("neighbours of one first name with other last names on streets alike")
			.isGreaterThan(30);
	}

	/** A street as its way type and name, written alike: ("boulevard", "jean jaures"). */
	private static String[] way(String street) {
		String s = Typist.stripAccents(street).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z ]", " ").strip();
		String[] words = s.split(" +", 2);
		String type = switch (words[0]) {
			case "av" -> "avenue";
			case "bd" -> "boulevard";
			case "r" -> "rue";
			case "pl" -> "place";
			case "ch" -> "chemin";
			default -> words[0];
		};
		return new String[] { type, words.length > 1 ? words[1] : "" };
	}

	/**
	 * Two people of one town on streets alike: the same name with another way type, or
	 * the same way type with another name.
	 */
	private static boolean sameTownOtherStreetAlike(Set<String> a, Set<String> b) {
		for (String x : a) {
			String[] px = x.split("\\|");
			for (String y : b) {
				String[] py = y.split("\\|");
				if (px[0].equals(py[0]) && !x.equals(y) && (px[1].equals(py[1]) || px[2].equals(py[2]))) {
					return true;
				}
			}
		}
		return false;
	}

	@Test
	void heldOutPopulationHasMoreFamiliesAndMoreNoise() {
		Population defaults = PopulationGenerator.generate(PopulationShape.defaults().withPeople(5_000), "d");
		Population heldOut = PopulationGenerator.generate(PopulationShape.heldOut().withPeople(5_000), "h");

		assertThat(heldOut.households()).isLessThan(defaults.households());
		assertThat(noisePerRecord(heldOut)).isGreaterThan(noisePerRecord(defaults) * 1.5);
	}

	@Test
	void everyRecordIsReadByItsSourcesMappingAsTheEventItNames() throws IOException {
		Population population = PopulationGenerator.generate(PopulationShape.defaults().withPeople(1_500), "m");
		SourcePayloads payloads = new SourcePayloads(population.shape().venue());
		Mappings mappings = new Mappings(Path.of("mappings"));
		CanonicalEventReader reader = new CanonicalEventReader(IDENTIFIERS,
				new IngestProperties("target/inbox", "mappings", "Europe/Paris", 1 << 20, 500));
		ObjectMapper json = new ObjectMapper();
		List<String> failures = new ArrayList<>();
		for (GeneratedRecord r : population.records()) {
			JsonNode source;
			String mapping;
			if (r.source().equals(GeneratedRecord.BOX_OFFICE)) {
				source = csvRow(json, payloads.boxOfficeFile(List.of(r)));
				mapping = "box-office/sale";
			}
			else {
				source = payloads.json(r);
				mapping = switch (r.source()) {
					case GeneratedRecord.ONLINE -> "online/order";
					case GeneratedRecord.LOYALTY -> "loyalty/transaction";
					case GeneratedRecord.KIOSK -> "kiosk/response";
					default -> "turnstile/scan";
				};
			}
			try {
				CanonicalEvent event = reader.read(r.source(), mappings.apply(mapping, source));
				if (!event.id().equals(r.eventId())) {
					failures.add(r.eventId() + " read as " + event.id());
				}
				else if (event.contact() != null && r.readLastName() != null
						&& !r.readLastName().strip().equals(event.contact().lastName())) {
					failures.add(r.eventId() + " last name " + event.contact().lastName());
				}
			}
			catch (RecordRejectedException ex) {
				// a broken phone or email is the only reason a record may be refused
				boolean broken = r.noise().contains("invalid-phone") || r.noise().contains("invalid-email");
				if (!broken || !ex.getMessage().matches("(phone|email) .*")) {
					failures.add(r.eventId() + " rejected: " + ex.getMessage());
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	private static JsonNode csvRow(ObjectMapper json, String file) throws IOException {
		// as intake reads a box-office file: ';'-separated, header row, values trimmed
		CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(';').setTrim(true).get();
		try (CSVParser parser = CSVParser.parse(new StringReader(file), format)) {
			List<CSVRecord> rows = parser.getRecords();
			ObjectNode row = json.createObjectNode();
			for (int c = 0; c < rows.get(0).size(); c++) {
				String value = rows.get(1).get(c);
				row.put(rows.get(0).get(c), value.isEmpty() ? null : value);
			}
			return row;
		}
	}

	private static double noisePerRecord(Population population) {
		return population.records().stream().mapToInt(r -> r.noise().size()).sum()
				/ (double) population.records().size();
	}

	private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
		return items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
	}

}

package com.venuehub.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.venuehub.ingest.Identifiers;
import com.venuehub.ingest.IdentityProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs every mapping fixture under {@code mappings/<source>/fixtures/}: each
 * {@code <case>.input.csv|json} must give exactly the canonical events and the rejections
 * of {@code <case>.expected.json}. Venue IT adds a source by adding a mapping and its
 * fixtures here.
 */
class MappingFixturesTest {

	private static final Path MAPPINGS = Path.of("mappings");

	private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

	private final IngestProperties properties = new IngestProperties("inbox", "mappings", "Europe/Paris", 1_000_000,
			100);

	private final Intake intake = new Intake(new Mappings(MAPPINGS),
			new CanonicalEventReader(new Identifiers(new IdentityProperties("FR", "[A-Z0-9]{6,24}")), this.properties),
			null, null, this.json, new SimpleMeterRegistry(), List.of(), new InputBounds(this.properties));

	static Stream<Arguments> fixtures() throws IOException {
		List<Arguments> cases = new ArrayList<>();
		try (Stream<Path> files = Files.walk(MAPPINGS)) {
			for (Path input : files.filter(f -> f.getFileName().toString().contains(".input.")).sorted().toList()) {
				Path sourceFolder = input.getParent().getParent();
				String fileName = input.getFileName().toString();
				String caseName = fileName.substring(0, fileName.indexOf(".input."));
				cases.add(Arguments.of(MAPPINGS.relativize(sourceFolder) + "/" + caseName, input));
			}
		}
		assertThat(cases).as("mapping fixtures").isNotEmpty();
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixtures")
	void fixtureGivesTheExpectedEventsAndRejections(String name, Path input) throws IOException {
		Path sourceFolder = input.getParent().getParent();
		String source = sourceFolder.getFileName().toString();
		String mapping = mappingFor(sourceFolder, name.substring(name.lastIndexOf('/') + 1));
		String format = input.toString().endsWith(".csv") ? "csv" : "json";
		Path expectedFile = input
			.resolveSibling(input.getFileName().toString().replaceAll("\\.input\\..*$", "") + ".expected.json");
		JsonNode expected = this.json.readTree(Files.readString(expectedFile, StandardCharsets.UTF_8));

		Intake.Outcome outcome = this.intake.parse(source, mapping, format,
				Files.readString(input, StandardCharsets.UTF_8));

		JsonNode events = this.json.readTree(this.json.writeValueAsString(outcome.accepted()));
		assertThat(events).as("canonical events of " + name).isEqualTo(expected.path("events"));
		List<String> rejections = outcome.failed()
			.stream()
			.map(f -> (f.line() != null ? "line " + f.line() : "record " + f.index()) + ": " + f.reason())
			.toList();
		List<String> expectedRejections = new ArrayList<>();
		expected.path("rejections").forEach(r -> expectedRejections.add(r.asText()));
		assertThat(rejections).as("rejections of " + name).isEqualTo(expectedRejections);
	}

	@Test
	void anInvalidMappingStopsStartUpNamingTheFileAndTheProblem() throws IOException {
		Path folder = Files.createTempDirectory("mappings");
		Files.createDirectories(folder.resolve("broken"));
		Files.writeString(folder.resolve("broken/sale.jslt"), "{ \"kind\": \"purchase\", \"key\": .id ");
		assertThatThrownBy(() -> new Mappings(folder)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("broken/sale.jslt")
			.hasMessageContaining("is invalid");
	}

	private static String mappingFor(Path sourceFolder, String caseName) throws IOException {
		try (Stream<Path> files = Files.list(sourceFolder)) {
			List<String> kinds = files.map(f -> f.getFileName().toString())
				.filter(f -> f.endsWith(".jslt"))
				.map(f -> f.substring(0, f.length() - ".jslt".length()))
				.toList();
			String kind = kinds.size() == 1 ? kinds.get(0)
					: kinds.stream().filter(caseName::startsWith).findFirst().orElseThrow();
			return sourceFolder.getFileName() + "/" + kind;
		}
	}

}

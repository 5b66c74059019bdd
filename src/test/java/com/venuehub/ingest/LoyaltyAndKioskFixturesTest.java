package com.venuehub.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.venuehub.customer.IdentityProperties;
import com.venuehub.customer.Identifiers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loyalty and kiosk mapping fixtures: each {@code <case>.input.json} under
 * {@code mappings/<source>/fixtures/} gives exactly {@code <case>.expected.json} once mapped and read.
 */
class LoyaltyAndKioskFixturesTest {

	private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.setSerializationInclusion(JsonInclude.Include.NON_NULL);

	private static final Mappings MAPPINGS = new Mappings(Path.of("mappings"));

	private static final CanonicalEventReader READER = new CanonicalEventReader(
			new Identifiers(new IdentityProperties("FR", "[A-Z0-9]{6,24}")),
			new IngestProperties("target/inbox", "mappings", "Europe/Paris", 1024 * 1024, 500));

	static Stream<Path> fixtures() throws IOException {
		return Stream.of("loyalty", "kiosk").flatMap(source -> {
			try {
				return Files.list(Path.of("mappings", source, "fixtures"))
					.filter(f -> f.getFileName().toString().endsWith(".input.json"))
					.sorted();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void mapsToTheExpectedEvent(Path input) throws IOException {
		Path folder = input.getParent();
		String source = folder.getParent().getFileName().toString();
		String mapping = Files.list(folder.getParent())
			.filter(f -> f.toString().endsWith(".jslt"))
			.map(f -> source + "/" + f.getFileName().toString().replace(".jslt", ""))
			.findFirst()
			.orElseThrow();
		CanonicalEvent event = READER.read(source, MAPPINGS.apply(mapping, JSON.readTree(input.toFile())));
		JsonNode actual = JSON.readTree(JSON.writeValueAsString(event));
		Path expected = folder.resolve(input.getFileName().toString().replace(".input.json", ".expected.json"));
		assertThat(Files.exists(expected)).as("%s is missing; the event is:%n%s", expected,
				JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual))
			.isTrue();
		assertThat(actual).isEqualTo(JSON.readTree(expected.toFile()));
	}

}

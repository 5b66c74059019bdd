package com.venuehub.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A line without quotes is split without a CSV parser of its own: its fields are the ones
 * the parser reads.
 */
class CsvLineTest {

	private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setDelimiter(';').setTrim(true).get();

	@ParameterizedTest
	@ValueSource(strings = { "a;b;c", " a ; b ;c ", "a;;c", ";", "a;b;", ";a", " ", "\ta;b\t", "Zoé;Müller;12,50",
			"S1;14/03/2026 10:30;zoo;ADULT;Adulte;B1;;;20,00;Marie;Dupont;;;69001;;;1;", "\"a;b\";c",
			"a;\"b \"\"c\"\"\";d", "x;\"\";y" })
	void fieldsAreTheParsersFields(String line) throws IOException {
		List<String> parsed;
		try (CSVParser parser = CSVParser.parse(new StringReader(line), FORMAT)) {
			parsed = parser.getRecords().get(0).toList();
		}
		assertThat(Intake.parseLine(line)).isEqualTo(parsed);
	}

}

package com.venuehub.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Names written on one line, split as a French reader would. */
class PersonNamesTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			Claire Roux               | Claire        | Roux
			Marie Le Goff             | Marie         | Le Goff
			JULIE Du Taligon          | JULIE         | Du Taligon
			Jean de la Fontaine       | Jean          | de la Fontaine
			Du Lacade Guillaume       | Guillaume     | Du Lacade
			LE LANARINE Benjamin      | Benjamin      | LE LANARINE
			de la Fontaine Jean       | Jean          | de la Fontaine
			Le Salière                | -             | Le Salière
			D'Almeida Paulo           | Paulo         | D'Almeida
			Marc Antoine d'Almeida    | Marc Antoine  | d'Almeida
			Paulo D’Almeida           | Paulo         | D’Almeida
			de l'Isle Adam            | Adam          | de l'Isle
			Jean Baptiste Serigel     | Jean Baptiste | Serigel
			Anne Sophie Meyr          | Anne Sophie   | Meyr
			Jean Roux                 | Jean          | Roux
			Paul Le                   | Paul          | Le
			Roux                      | -             | Roux
			'  Léa   Martin  '        | Léa           | Martin
			""")
	void splitsAOneLineName(String name, String first, String last) {
		assertThat(PersonNames.split(name)).isEqualTo(new PersonNames.Split(first, last));
	}

}

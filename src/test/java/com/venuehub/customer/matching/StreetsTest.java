package com.venuehub.customer.matching;

import org.junit.jupiter.api.Test;

import static com.venuehub.customer.matching.Streets.Agreement.DIFFERENT;
import static com.venuehub.customer.matching.Streets.Agreement.SAME;
import static com.venuehub.customer.matching.Streets.Agreement.SIMILAR;
import static org.assertj.core.api.Assertions.assertThat;

/** A street is its way type and its name, written alike, one typo at most. */
class StreetsTest {

	private static Streets.Agreement compare(String x, String y) {
		Streets.Agreement forward = Streets.compare(street(x), street(y));
		assertThat(Streets.compare(street(y), street(x))).as("symmetric").isEqualTo(forward);
		return forward;
	}

	/** As a record holds it. */
	private static String street(String line) {
		return MatchRecord.of(null, null, null, null, line, null, null, null).street();
	}

	@Test
	void anotherWayTypeOrAnotherNameIsAnotherStreet() {
		assertThat(compare("rue Jean Jaurès", "boulevard Jean Jaurès")).isEqualTo(DIFFERENT);
		assertThat(compare("allée Voltaire", "place Voltaire")).isEqualTo(DIFFERENT);
		assertThat(compare("boulevard Gambetta", "boulevard Voltaire")).isEqualTo(DIFFERENT);
		assertThat(compare("avenue de la République", "avenue Voltaire")).isEqualTo(DIFFERENT);
		assertThat(compare("rue des Lilas", "rue des Vignes")).isEqualTo(DIFFERENT);
		// a short name must agree letter for letter
		assertThat(compare("rue Foch", "rue Koch")).isEqualTo(DIFFERENT);
		assertThat(compare("le clos St Pierre", "le clos St Jean")).isEqualTo(DIFFERENT);
	}

	@Test
	void oneStreetWrittenAnotherWayOrWithOneTypoIsOneStreet() {
		assertThat(compare("rue Jean Jaurès", "RUE JEAN JAURES")).isEqualTo(SAME);
		assertThat(compare("avenue Victor Hugo", "av. Victor Hugo")).isEqualTo(SAME);
		assertThat(compare("boulevard Gambetta", "bd Gambetta")).isEqualTo(SAME);
		assertThat(compare("rue de la République", "r. République")).isEqualTo(SAME);
		assertThat(compare("rue de l'Église", "rue Eglise")).isEqualTo(SAME);
		assertThat(compare("rue Victor Hugo", "rue Victor Hugi")).isEqualTo(SAME);
		assertThat(compare("rue Saint-Jean", "rue St Jean")).isEqualTo(SAME);
		// an address written as English speakers do, with a second line
		assertThat(compare("wattle crescent", "wattle cres")).isEqualTo(SAME);
		assertThat(compare("pridhamstreet", "pridham street")).isEqualTo(SAME);
		assertThat(compare("macfarland crescent berkeley vlge", "macfarland crescent")).isEqualTo(SAME);
		// a way type mistyped or glued to the name, with a second line after it
		assertThat(compare("lowannas treet", "lowanna street")).isEqualTo(SAME);
		assertThat(compare("fimister crcuit wathonga", "fimister circuit wathnga")).isEqualTo(SAME);
		assertThat(compare("wilshirestreet erinsavle", "wilshire street erinsvale")).isEqualTo(SAME);
		// and still another street when the name or the type differs
		assertThat(compare("lowanna treet", "lowanna crescent")).isEqualTo(DIFFERENT);
		assertThat(compare("wilshirestreet", "wilshire place")).isEqualTo(DIFFERENT);
		// a beach is no place mistyped
		assertThat(compare("Grande Plage", "rue Grande Plage")).isEqualTo(SIMILAR);
		// two typos are not one
		assertThat(compare("rue Victor Hugo", "rue Vitcor Hugi")).isEqualTo(DIFFERENT);
	}

	@Test
	void aNameWithoutItsWayTypeOrWithMoreWordsSaysNothing() {
		assertThat(compare("Jean Jaurès", "rue Jean Jaurès")).isEqualTo(SIMILAR);
		assertThat(compare("rue de la Paix", "rue de la Paix prolongée")).isEqualTo(SIMILAR);
		assertThat(compare("bradfield street concept", "concept bradfield street")).isEqualTo(SIMILAR);
	}

	@Test
	void oneTypoIsOneEdit() {
		assertThat(Typos.withinOneEdit("19850312", "19850321")).isTrue();
		assertThat(Typos.withinOneEdit("19850312", "19860312")).isTrue();
		assertThat(Typos.withinOneEdit("gambetta", "gambeta")).isTrue();
		assertThat(Typos.withinOneEdit("gambetta", "gambettas")).isTrue();
		assertThat(Typos.withinOneEdit("19850312", "19870314")).isFalse();
		assertThat(Typos.withinOneEdit("gambetta", "voltaire")).isFalse();
	}

}

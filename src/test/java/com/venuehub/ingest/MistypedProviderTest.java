package com.venuehub.ingest;

import java.util.List;

import com.venuehub.ingest.CanonicalEvent.Unverified.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An address at a provider mistyped by one letter is kept unverified with the provider it
 * looks like; an address at a provider, at a domain of its own, or at a short provider's
 * neighbour is used as given.
 */
class MistypedProviderTest {

	private final Identifiers identifiers = new Identifiers(new IdentityProperties("FR", "[A-Z0-9]{6,24}"));

	@Test
	void aProviderMistypedByOneLetterIsKeptUnverifiedWithTheProviderItLooksLike() {
		assertThat(List.of("lea.martin@gmial.com", "lea.martin@gmail.con", "lea.martin@gmal.com",
				"lea.martin@gmaill.com", "lea.martin@hotmial.fr", "lea.martin@orang.fr", "lea.martin@yaho.fr",
				"lea.martin@wanado.fr", "lea.martin@laposte.ner", "Lea.Martin@GMAIL.CM"))
			.allSatisfy(raw -> {
				Identifiers.Checked checked = this.identifiers.checkEmail(raw);
				assertThat(checked.usable()).as(raw).isNull();
				assertThat(checked.unverified().problem()).as(raw).isEqualTo(Problem.INVALID);
				assertThat(checked.unverified().value()).as(raw).isEqualTo(raw);
			});
		assertThat(this.identifiers.checkEmail("lea.martin@gmial.com").unverified().reason())
			.isEqualTo("not a deliverable email address: 'gmial.com' looks like 'gmail.com' mistyped");
		assertThat(this.identifiers.checkEmail("lea.martin@hotmial.fr").unverified().reason())
			.isEqualTo("not a deliverable email address: 'hotmial.fr' looks like 'hotmail.fr' mistyped");
		// the venue's lookups still understand it
		assertThat(this.identifiers.email(" Lea.Martin@gmial.com")).isEqualTo("lea.martin@gmial.com");
	}

	@Test
	void providersDomainsOfTheirOwnAndShortProvidersNeighboursAreUsedAsGiven() {
		assertThat(List.of("lea@gmail.com", "lea@ymail.com", "lea@mail.com", "lea@email.com", "lea@hotmail.com",
				"lea@hotmail.fr", "lea@yahoo.com", "lea@orange.fr", "lea@renault.com", "lea@edf.fr", "lea@laposte.fr",
				"lea@hotmail.de", "lea@hotmail.gr", "lea@yahoo.gr", "lea@fre.fr", "lea@sfr.com", "lea@live.fe",
				"lea@zoo-lyon.fr"))
			.allSatisfy(raw -> assertThat(this.identifiers.checkEmail(raw).usable()).as(raw).isEqualTo(raw));
	}

	@Test
	void aVenueNamesItsVisitorsProviders() {
		IdentityProperties properties = new IdentityProperties("FR", "[A-Z0-9]{6,24}", null, null, null, null, null,
				null, null, null, null, List.of("gmail.com", " Telenet.BE "));
		Identifiers venue = new Identifiers(properties);
		assertThat(venue.checkEmail("jan@telenrt.be").unverified().reason()).contains("'telenet.be'");
		// not one of its providers any more
		assertThat(venue.checkEmail("lea@hotmial.fr").usable()).isEqualTo("lea@hotmial.fr");
		assertThatThrownBy(() -> new IdentityProperties("FR", "[A-Z0-9]{6,24}", null, null, null, null, null, null,
				null, null, null, List.of("gmail")))
			.hasMessage("hub.identity.email-providers: 'gmail' is not a mail domain (gmail.com)");
	}

}

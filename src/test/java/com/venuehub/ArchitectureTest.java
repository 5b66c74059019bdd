package com.venuehub;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of the hub: no two packages depend on each other; the unify core
 * ({@code unify}: the capability seam) knows only the canonical events; the capabilities
 * unify hands a batch to (tickets and scans, loyalty, kiosk answers, confirmations,
 * reseller stock) never reach back into {@code customer}, which calls them through
 * {@link com.venuehub.unify.Capability} only.
 */
class ArchitectureTest {

	private static final JavaClasses HUB = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.venuehub");

	@Test
	void noTwoPackagesDependOnEachOther() {
		slices().matching("com.venuehub.(*)..").should().beFreeOfCycles().check(HUB);
	}

	@Test
	void theUnifyCoreKnowsOnlyTheCanonicalEvents() {
		noClasses().that()
			.resideInAPackage("com.venuehub.unify..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.venuehub.customer..", "com.venuehub.ticket..", "com.venuehub.loyalty..",
					"com.venuehub.feedback..", "com.venuehub.email..", "com.venuehub.sms..", "com.venuehub.reseller..",
					"com.venuehub.console..")
			.check(HUB);
	}

	@Test
	void capabilitiesDoNotReachBackIntoCustomers() {
		noClasses().that()
			.resideInAnyPackage("com.venuehub.ticket..", "com.venuehub.loyalty..", "com.venuehub.feedback..",
					"com.venuehub.email..", "com.venuehub.reseller..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.venuehub.customer..")
			.check(HUB);
	}

}

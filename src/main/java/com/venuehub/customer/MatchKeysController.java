package com.venuehub.customer;

import java.security.Principal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The match keys of the customer store written again by the current model, after an
 * upgrade that reads names or places otherwise.
 */
@RestController
@RequestMapping("/api/v1/customers/match-keys")
@Tag(name = "customers", description = "The unified customer store")
public class MatchKeysController {

	private static final Logger log = LoggerFactory.getLogger(MatchKeysController.class);

	private final MatchKeyRefresh refresh;

	public MatchKeysController(MatchKeyRefresh refresh) {
		this.refresh = refresh;
	}

	@Operation(summary = "Writes again every live customer's match keys (how the matcher finds and counts names "
			+ "and places) as the current model reads the profile; runs beside unify, a thousand customers per "
			+ "transaction, and may be run again")
	@PostMapping("/refresh")
	// each page of customers in its own transaction, under unify's locks
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public MatchKeyRefresh.Result refresh(Principal principal) {
		MatchKeyRefresh.Result refreshed = this.refresh.refreshAll();
		log.info("Match keys refreshed by {}: {} customers, {} keys written, {} removed, in {} ms",
				principal == null ? "unknown" : principal.getName(), refreshed.customers(), refreshed.keysAdded(),
				refreshed.keysRemoved(), refreshed.millis());
		return refreshed;
	}

}

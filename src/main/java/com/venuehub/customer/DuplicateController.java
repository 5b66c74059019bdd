package com.venuehub.customer;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.venuehub.platform.ApiException;
import com.venuehub.platform.OperatorActions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Possible duplicates the matcher was not sure about, for a person to confirm (merge) or
 * reject.
 */
@RestController
@RequestMapping("/api/v1/duplicates")
@Tag(name = "duplicates", description = "Pairs of customers that may be one person")
public class DuplicateController {

	private final DuplicateReview review;

	private final Unifier unifier;

	private final OperatorActions actions;

	public DuplicateController(DuplicateReview review, Unifier unifier, OperatorActions actions) {
		this.review = review;
		this.unifier = unifier;
		this.actions = actions;
	}

	@Operation(summary = "Open possible duplicates, both customers still live, most likely first")
	@GetMapping
	public List<Duplicate> open(@RequestParam(required = false) Long customerId,
			@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > 1000) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000");
		}
		return this.review.open(customerId, limit, 0);
	}

	@Operation(summary = "The two customers are one person: merged into the older one")
	@PostMapping("/{id}/confirm")
	@Transactional
	public Decision confirm(@PathVariable long id, Principal principal) {
		long survivor = this.unifier.confirmDuplicate(id);
		this.actions.record(OperatorActions.DUPLICATE_CONFIRMED, principal, survivor, "duplicate:" + id, null);
		return new Decision(id, "CONFIRMED", survivor);
	}

	@Operation(summary = "The two customers are two people: the pair is never proposed or merged again")
	@PostMapping("/{id}/reject")
	@Transactional
	public Decision reject(@PathVariable long id, Principal principal) {
		this.unifier.rejectDuplicate(id);
		this.actions.record(OperatorActions.DUPLICATE_REJECTED, principal, null, "duplicate:" + id, null);
		return new Decision(id, "REJECTED", null);
	}

	/**
	 * @param fields the similarity (0 to 1) of each field both customers have
	 */
	public record Duplicate(long id, long customerA, long customerB, double score, Map<String, Double> fields,
			String eventId, Instant proposedAt) {
	}

	/**
	 * @param customerId the surviving customer of a confirmed pair
	 */
	public record Decision(long id, String status, Long customerId) {
	}

}

package com.venuehub.customer;

import java.security.Principal;
import java.util.List;

import com.venuehub.platform.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The automatic merges in force that the current matching model would not make: listed (a
 * dry run), then undone on request.
 */
@RestController
@RequestMapping("/api/v1/merges")
@Tag(name = "merges", description = "Automatic merges scored again by the current model, and undone on request")
public class MergeReviewController {

	private final MergeReview review;

	public MergeReviewController(MergeReview review) {
		this.review = review;
	}

	@Operation(summary = "Dry run: every automatic merge in force scored again; those the current model would not "
			+ "make, with the reason. Changes nothing")
	@GetMapping("/review")
	public MergeReview.Review review() {
		return this.review.review();
	}

	/**
	 * @param mergeIds the merges to undo, from a review
	 * @param all undo every merge the review lists
	 */
	public record RepairRequest(List<Long> mergeIds, Boolean all) {
	}

	@Operation(summary = "Undoes the listed merges (or all those a review lists) that the current model still would "
			+ "not make; each undone merge is logged and the pair is never merged again")
	@PostMapping("/repair")
	// each unmerge runs in its own transaction, with unify's locks
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public MergeReview.Repair repair(@RequestBody(required = false) RepairRequest body, Principal principal) {
		boolean all = body != null && Boolean.TRUE.equals(body.all());
		boolean listed = body != null && body.mergeIds() != null && !body.mergeIds().isEmpty();
		if (all == listed) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"say which merges to undo: {\"mergeIds\": [...]} from GET /api/v1/merges/review, or {\"all\": true}");
		}
		if (listed && body.mergeIds().size() > 10_000) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "at most 10000 merges at once");
		}
		return this.review.repair(all ? null : body.mergeIds(), principal == null ? "unknown" : principal.getName());
	}

}

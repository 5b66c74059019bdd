package com.venuehub.customer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.console.ConsolePage;
import com.venuehub.console.ConsoleUser;
import com.venuehub.console.Paging;
import com.venuehub.platform.ApiException;
import com.venuehub.platform.Role;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The identity and privacy pages of the console: find a customer by any identifier or
 * ticket, their page and timeline, undoing a merge with a reason, the queue of possible
 * duplicates, and the data protection officer's export, erasure and consent history. The
 * same beans as the API do the work.
 */
@Controller
@ConsolePage
public class CustomerPages {

	private final CustomerController customers;

	private final DuplicateController duplicates;

	private final DuplicateReview review;

	private final CustomerTimeline timeline;

	private final PersonalDataRequests requests;

	private final ObjectMapper json;

	public CustomerPages(CustomerController customers, DuplicateController duplicates, DuplicateReview review,
			CustomerTimeline timeline, PersonalDataRequests requests, ObjectMapper json) {
		this.customers = customers;
		this.duplicates = duplicates;
		this.review = review;
		this.timeline = timeline;
		this.requests = requests;
		this.json = json;
	}

	@GetMapping("/console/customers")
	String find(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "25") int size, Model model) {
		Paging.check(page, size);
		model.addAttribute("q", q);
		if (q == null || q.isBlank()) {
			CustomerController.CustomerPage listed = this.customers.find(null, null, null, null, page, size);
			model.addAttribute("found", new Paging<>(listed.items(), page, size, listed.total()));
			return "customer/customers";
		}
		String query = q.strip();
		Map<Long, CustomerController.CustomerSummary> found = new LinkedHashMap<>();
		// whatever was typed is tried as each kind of identifier it can be
		add(found, () -> this.customers.find(null, null, null, query, 0, 50));
		if (query.contains("@")) {
			add(found, () -> this.customers.find(query, null, null, null, 0, 50));
		}
		else {
			add(found, () -> this.customers.find(null, query, null, null, 0, 50));
			add(found, () -> this.customers.find(null, null, query, null, 0, 50));
		}
		if (query.matches("#?\\d{1,12}")) {
			try {
				CustomerController.Profile profile = this.customers.profile(Long.parseLong(query.replace("#", "")));
				found.putIfAbsent(profile.id(), new CustomerController.CustomerSummary(profile.id(),
						profile.firstName(), profile.lastName(), profile.postcode(), profile.createdAt()));
			}
			catch (ApiException ex) {
				// not a customer id either
			}
		}
		List<CustomerController.CustomerSummary> items = new ArrayList<>(found.values());
		model.addAttribute("found", new Paging<>(items, 0, Math.max(1, items.size()), items.size()));
		return "customer/customers";
	}

	private static void add(Map<Long, CustomerController.CustomerSummary> found,
			java.util.function.Supplier<CustomerController.CustomerPage> lookup) {
		try {
			lookup.get().items().forEach(c -> found.putIfAbsent(c.id(), c));
		}
		catch (ApiException ex) {
			// not a valid identifier of this kind
		}
	}

	@GetMapping("/console/customers/{id}")
	String customer(@PathVariable long id, Model model) {
		CustomerController.Profile profile = this.customers.profile(id);
		if (profile.id() != id) {
			return "redirect:/console/customers/" + profile.id();
		}
		model.addAttribute("c", profile);
		model.addAttribute("timeline", this.timeline.of(id));
		model.addAttribute("duplicates", this.review.open(id, 20, 0));
		return "customer/customer";
	}

	@PostMapping("/console/customers/{id}/unmerge")
	String unmerge(@PathVariable long id, @RequestParam long mergedId, @RequestParam String reason,
			@AuthenticationPrincipal ConsoleUser user, RedirectAttributes redirect) {
		if (reason.isBlank()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "Say why the merge is undone.");
		}
		this.customers.unmerge(id, mergedId, reason, null, user.actor());
		redirect.addFlashAttribute("notice",
				"Customer " + mergedId + " has its own records back; the two are never merged again.");
		return "redirect:/console/customers/" + id;
	}

	@GetMapping("/console/duplicates")
	String duplicates(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "25") int size,
			Model model) {
		List<DuplicateController.Duplicate> open = this.review.open(null, size, Paging.offset(page, size));
		model.addAttribute("pairs", new Paging<>(open, page, size, this.review.countOpen()));
		return "customer/duplicates";
	}

	@GetMapping("/console/duplicates/{id}")
	String duplicate(@PathVariable long id, Model model) {
		DuplicateReview.Pair pair = this.review.pair(id);
		model.addAttribute("pair", pair);
		model.addAttribute("a", this.customers.profile(pair.customerA()));
		model.addAttribute("b", this.customers.profile(pair.customerB()));
		return "customer/duplicate";
	}

	@PostMapping("/console/duplicates/{id}/confirm")
	String confirm(@PathVariable long id, @AuthenticationPrincipal ConsoleUser user, RedirectAttributes redirect) {
		DuplicateController.Decision decision = this.duplicates.confirm(id, user.actor());
		redirect.addFlashAttribute("notice", "Merged: one customer now.");
		return "redirect:/console/customers/" + decision.customerId();
	}

	@PostMapping("/console/duplicates/{id}/reject")
	String reject(@PathVariable long id, @AuthenticationPrincipal ConsoleUser user, RedirectAttributes redirect) {
		this.duplicates.reject(id, user.actor());
		redirect.addFlashAttribute("notice", "Two people: this pair is never proposed again.");
		return "redirect:/console/duplicates";
	}

	@GetMapping("/console/privacy")
	String privacy(@RequestParam(required = false) Long customer, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "25") int size, Model model) {
		if (customer != null) {
			return "redirect:/console/privacy/customers/" + customer;
		}
		model.addAttribute("history", new Paging<>(this.requests.history(size, Paging.offset(page, size)), page, size,
				this.requests.count()));
		return "customer/privacy";
	}

	@GetMapping("/console/privacy/customers/{id}")
	String person(@PathVariable long id, Model model) {
		CustomerController.Profile profile = this.customers.profile(id);
		if (profile.id() != id) {
			return "redirect:/console/privacy/customers/" + profile.id();
		}
		model.addAttribute("c", profile);
		model.addAttribute("consents", this.customers.consents(id));
		return "customer/person";
	}

	@GetMapping("/console/privacy/customers/{id}/export")
	ResponseEntity<byte[]> export(@PathVariable long id, @AuthenticationPrincipal ConsoleUser user)
			throws JsonProcessingException {
		PersonalDataExport.Document document = this.customers.export(id, user.actor());
		byte[] body = this.json.writerWithDefaultPrettyPrinter()
			.writeValueAsString(document)
			.getBytes(StandardCharsets.UTF_8);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("customer-" + document.customerId() + "-export.json")
						.build()
						.toString())
			.body(body);
	}

	@PostMapping("/console/privacy/customers/{id}/erase")
	String erase(@PathVariable long id, @RequestParam(required = false) String reference,
			@RequestParam(defaultValue = "false") boolean confirmed, @AuthenticationPrincipal ConsoleUser user,
			Model model) {
		if (!confirmed) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"Tick the box that confirms the person asked for the erasure, then erase.");
		}
		Erasure.Receipt receipt = this.customers.erase(id,
				reference == null || reference.isBlank() ? null : reference.strip(), user.actor());
		model.addAttribute("receipt", receipt);
		return "customer/erased";
	}

	/** Whether the user may see personal data exports and consent history. */
	static boolean privacyOfficer(ConsoleUser user) {
		return user.may(Role.DPO);
	}

}

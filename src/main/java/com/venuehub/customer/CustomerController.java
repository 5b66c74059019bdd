package com.venuehub.customer;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.venuehub.feedback.FeedbackLedger;
import com.venuehub.ingest.Identifiers;
import com.venuehub.loyalty.LoyaltyLedger;
import com.venuehub.platform.ApiException;
import com.venuehub.platform.OperatorActions;
import com.venuehub.platform.RecordRejectedException;
import com.venuehub.ticket.Ticket;
import com.venuehub.ticket.TicketRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The unified customers: lookup by any identifier or ticket, paged listing, full profile,
 * export of a person's data and its erasure.
 */
@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "customers", description = "The unified customer store")
// one snapshot per request: a profile never mixes states from before and after a unify
// transaction
@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
public class CustomerController {

	/** Loyalty transactions shown per card in the profile. */
	private static final int LAST_TRANSACTIONS = 20;

	private final CustomerRepository customers;

	private final TicketRepository tickets;

	private final Identifiers identifiers;

	private final LoyaltyLedger loyalty;

	private final FeedbackLedger feedback;

	private final Consents consents;

	private final Unifier unifier;

	private final PersonalDataExport export;

	private final UnverifiedContacts unverified;

	private final OperatorActions actions;

	public CustomerController(CustomerRepository customers, TicketRepository tickets, Identifiers identifiers,
			LoyaltyLedger loyalty, FeedbackLedger feedback, Consents consents, Unifier unifier,
			PersonalDataExport export, UnverifiedContacts unverified, OperatorActions actions) {
		this.unifier = unifier;
		this.actions = actions;
		this.unverified = unverified;
		this.export = export;
		this.customers = customers;
		this.tickets = tickets;
		this.identifiers = identifiers;
		this.loyalty = loyalty;
		this.feedback = feedback;
		this.consents = consents;
	}

	@Operation(summary = "Find customers by email, phone, card or ticket number, or list them page by page")
	@GetMapping
	public CustomerPage find(@RequestParam(required = false) String email, @RequestParam(required = false) String phone,
			@RequestParam(required = false) String card, @RequestParam(required = false) String ticket,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		ApiException.checkPage(page, size);
		List<Customer> found;
		try {
			if (email != null) {
				found = this.customers.findByIdentifier("EMAIL", this.identifiers.email(email));
			}
			else if (phone != null) {
				found = this.customers.findByIdentifier("PHONE", this.identifiers.phone(phone));
			}
			else if (card != null) {
				found = this.customers.findByIdentifier("CARD", this.identifiers.card(card));
			}
			else if (ticket != null) {
				found = this.tickets.findById(ticket.strip())
					.map(Ticket::getCustomerId)
					.flatMap(this.customers::findLive)
					.filter(c -> c.getErasedAt() == null)
					.map(List::of)
					.orElse(List.of());
			}
			else {
				Page<Customer> listed = this.customers
					.findByMergedIntoIsNullAndErasedAtIsNullOrderByIdAsc(PageRequest.of(page, size));
				return new CustomerPage(listed.getContent().stream().map(CustomerController::summary).toList(), page,
						size, listed.getTotalElements());
			}
		}
		catch (RecordRejectedException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		return new CustomerPage(found.stream().map(CustomerController::summary).toList(), 0, found.size(),
				found.size());
	}

	@Operation(summary = "The unified profile; a merged id answers with its survivor")
	@GetMapping("/{id}")
	public Profile profile(@PathVariable long id) {
		Customer customer = live(id);
		return new Profile(customer.getId(), customer.getId() == id ? null : id, customer.getFirstName(),
				customer.getLastName(), customer.getBirthDate(), customer.getStreetNumber(), customer.getStreet(),
				customer.getLocality(), customer.getPostcode(), customer.getLocale(), customer.getCreatedAt(),
				customer.getUpdatedAt(),
				customer.getIdentifiers()
					.stream()
					.map(i -> new IdentifierView(i.getKind(), i.getValue(), i.getSource(), i.getFirstSeenAt()))
					.toList(),
				this.unverified.of(customer.getId()),
				this.tickets.findByCustomerIdOrderBySoldAtAscNumberAsc(customer.getId())
					.stream()
					.map(CustomerController::ticket)
					.toList(),
				this.loyalty.cardsOf(customer.getId(), LAST_TRANSACTIONS), this.feedback.answersOf(customer.getId()),
				this.consents.currentOf(customer.getId()),
				this.customers.mergesOf(customer.getId())
					.stream()
					.map(m -> new MergeView(m.getId(), m.getMergedId(), m.getSurvivorId(), m.getRule(),
							m.getIdentifierKind(), m.getScore(), m.getEventId(), m.getMergedAt(), m.getUnmergedAt()))
					.toList());
	}

	@Operation(summary = "Undoes the last merge of a customer into this one: each gets its own rows back; the "
			+ "reason, when given, is kept with who undid it")
	@PostMapping("/{id}/unmerge")
	@Transactional(readOnly = false)
	public Profile unmerge(@PathVariable long id, @RequestParam(required = false) Long mergedId,
			@RequestParam(required = false) String reason, @RequestBody(required = false) UnmergeRequest body,
			Principal principal) {
		Long merged = mergedId != null ? mergedId : body == null ? null : body.mergedId();
		String why = reason != null ? reason : body == null ? null : body.reason();
		if (merged == null) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "name the merged customer: mergedId");
		}
		if (why != null && (why.isBlank() || why.length() > 500)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "reason is 1 to 500 characters, or left out");
		}
		this.unifier.unmerge(id, merged);
		this.actions.record(OperatorActions.UNMERGE, principal, id, "merged:" + merged,
				why == null ? null : why.strip());
		return profile(id);
	}

	@Operation(summary = "Everything the hub holds about the person, as one JSON document to hand to them; "
			+ "a merged id answers with its survivor. Each export is recorded with who made it")
	@GetMapping("/{id}/export")
	@Transactional(isolation = Isolation.REPEATABLE_READ)
	public PersonalDataExport.Document export(@PathVariable long id, Principal principal) {
		Customer customer = live(id);
		this.actions.record(OperatorActions.EXPORT, principal, customer.getId(),
				customer.getId() == id ? null : "requested:" + id, null);
		return this.export.of(customer, id);
	}

	@Operation(summary = "Erases the person (a merged id: its survivor and every record merged into it): personal "
			+ "data removed or replaced everywhere, anonymous figures kept, nothing sent to them again; "
			+ "410 when already erased")
	@DeleteMapping("/{id}")
	// the erasure runs in its own transaction, with unify's locks
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public Erasure.Receipt erase(@PathVariable long id, @RequestParam(required = false) String reference,
			Principal principal) {
		if (reference != null && (reference.isBlank() || reference.length() > 100)) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"reference is the venue's case number of the request, 1 to 100 characters");
		}
		return this.unifier.erase(id, principal == null ? "unknown" : principal.getName(), reference);
	}

	@Operation(summary = "Every consent statement of the customer, newest event first")
	@GetMapping("/{id}/consents")
	public ConsentHistory consents(@PathVariable long id) {
		Customer customer = live(id);
		return new ConsentHistory(customer.getId(), this.consents.currentOf(customer.getId()),
				this.consents.historyOf(customer.getId()));
	}

	private Customer live(long id) {
		Customer customer = this.customers.findLive(id)
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no customer " + id));
		if (customer.getErasedAt() != null) {
			throw Erasure.gone(customer.getId(), customer.getErasedAt());
		}
		return customer;
	}

	private static CustomerSummary summary(Customer c) {
		return new CustomerSummary(c.getId(), c.getFirstName(), c.getLastName(), c.getPostcode(), c.getCreatedAt());
	}

	static TicketView ticket(Ticket t) {
		return new TicketView(t.getNumber(), t.getSource(), t.getSaleRef(), t.getVenue(), t.getProductCode(),
				t.getProductName(), t.getValidFrom(), t.getValidUntil(), t.getPrice(), t.getStatus(), t.getSoldAt(),
				t.getUsedAt(), t.getCancelledAt());
	}

	/**
	 * @param reason why the merge is undone, kept with who undid it (no personal data)
	 */
	public record UnmergeRequest(Long mergedId, String reason) {
	}

	public record CustomerPage(List<CustomerSummary> items, int page, int size, long total) {
	}

	public record CustomerSummary(long id, String firstName, String lastName, String postcode, Instant createdAt) {
	}

	/**
	 * @param requestedId the merged id that was asked for, when it answered with its
	 * survivor
	 * @param unverifiedContacts emails, phones and cards their records carried that
	 * cannot be used (invalid, placeholders): shown, never used to link or to send
	 */
	public record Profile(long id, Long requestedId, String firstName, String lastName, LocalDate birthDate,
			String streetNumber, String street, String locality, String postcode, String locale, Instant createdAt,
			Instant updatedAt, List<IdentifierView> identifiers, List<UnverifiedContacts.Value> unverifiedContacts,
			List<TicketView> tickets, List<LoyaltyLedger.Card> loyalty, List<FeedbackLedger.Answer> satisfaction,
			List<Consents.Consent> consents, List<MergeView> merges) {
	}

	/**
	 * @param current the consent in force per channel and purpose
	 */
	public record ConsentHistory(long id, List<Consents.Consent> current, List<Consents.Consent> statements) {
	}

	public record IdentifierView(String kind, String value, String source, Instant firstSeenAt) {
	}

	public record TicketView(String number, String source, String saleRef, String venue, String productCode,
			String productName, LocalDate validFrom, LocalDate validUntil, BigDecimal price, String status,
			Instant soldAt, Instant usedAt, Instant cancelledAt) {
	}

	/**
	 * @param score the match score of a PROBABILISTIC merge; the fields compared are in
	 * the merge log
	 */
	public record MergeView(long id, long mergedId, long survivorId, String rule, String identifierKind, Double score,
			String eventId, Instant mergedAt, Instant unmergedAt) {
	}

}

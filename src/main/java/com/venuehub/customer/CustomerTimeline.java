package com.venuehub.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.venuehub.feedback.FeedbackLedger;
import com.venuehub.loyalty.LoyaltyLedger;
import com.venuehub.platform.ApiException;
import com.venuehub.platform.OperatorActions;
import com.venuehub.ticket.TicketLedger;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's life in the hub, newest first: tickets bought, used and cancelled, scans,
 * loyalty, kiosk answers, messages, consent statements, merges and what operators did.
 * Read from the same document as the personal data export, in one snapshot.
 */
@Component
public class CustomerTimeline {

	private final CustomerRepository customers;

	private final PersonalDataExport export;

	private final OperatorActions actions;

	public CustomerTimeline(CustomerRepository customers, PersonalDataExport export, OperatorActions actions) {
		this.customers = customers;
		this.export = export;
		this.actions = actions;
	}

	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public List<Entry> of(long id) {
		Customer customer = this.customers.findLive(id)
			.filter(c -> c.getErasedAt() == null)
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no customer " + id));
		PersonalDataExport.Document document = this.export.of(customer, id);
		List<Entry> entries = new ArrayList<>();
		// what the capabilities keep of the person, from their parts of the export
		for (Object part : document.parts().values()) {
			if (part instanceof List<?> items) {
				items.forEach(item -> addFact(entries, item));
			}
		}
		for (PersonalDataExport.MessagePart message : document.messages()) {
			add(entries, message.sentAt() != null ? message.sentAt() : message.createdAt(), "message",
					message.channel() + " " + message.kind().toLowerCase().replace('_', ' '),
					message.status() + (message.reason() == null ? "" : ": " + message.reason())
							+ (message.contentsRemovedAt() == null ? ""
									: " (its recipient and text removed by the outbox retention)"));
		}
		for (Consents.Consent consent : document.consent().history()) {
			add(entries, consent.statedAt(), "consent",
					consent.channel() + " " + consent.purpose().toLowerCase() + " " + consent.state().toLowerCase(),
					"stated through " + consent.source());
		}
		for (CustomerController.MergeView merge : document.merges()) {
			add(entries, merge.mergedAt(), "merge", switch (merge.rule()) {
				case "UNMERGE" -> "Customer " + merge.mergedId() + " given back its own records";
				case "DETACH" -> (merge.mergedId() == merge.survivorId() ? "A record naming nobody taken back"
						: "A sale naming no first name taken back into customer " + merge.mergedId()) + ": its "
						+ merge.identifierKind().toLowerCase() + " is a household's";
				default -> "Customer " + merge.mergedId() + " merged into " + merge.survivorId();
			}, merge.rule() + (merge.score() == null ? "" : String.format(" (score %.2f)", merge.score())));
		}
		List<Long> cluster = new ArrayList<>();
		cluster.add(customer.getId());
		document.mergedRecords().forEach(r -> cluster.add(r.id()));
		for (OperatorActions.Action action : this.actions.of(cluster)) {
			add(entries, action.at(), "operator",
					action.action().toLowerCase().replace('_', ' ') + " by " + action.actor(),
					(action.subject() == null ? "" : action.subject())
							+ (action.reason() == null ? "" : ": " + action.reason()));
		}
		entries.sort(Comparator.comparing(Entry::at).reversed());
		return entries;
	}

	private static void addFact(List<Entry> entries, Object item) {
		if (item instanceof TicketLedger.TicketPart t) {
			String what = t.productName() == null ? t.productCode() : t.productName();
			add(entries, t.soldAt(), "ticket", "Bought ticket " + t.number(),
					what + (t.venue() == null ? "" : " at " + t.venue()) + " (" + t.source() + ", order " + t.saleRef()
							+ ")" + (t.validUntil() == null ? "" : ", valid until " + t.validUntil()));
			for (TicketLedger.ScanPart scan : t.scans()) {
				add(entries, scan.scannedAt(), "scan", "Scanned ticket " + t.number(),
						(scan.gate() == null ? "" : "gate " + scan.gate() + ": ") + scan.result());
			}
			add(entries, t.cancelledAt(), "ticket", "Ticket " + t.number() + " cancelled", null);
		}
		else if (item instanceof LoyaltyLedger.Card card) {
			add(entries, card.enrolledAt(), "loyalty", "Loyalty card " + card.cardNumber(),
					"enrolled (" + card.source() + ")");
			for (LoyaltyLedger.Transaction txn : card.lastTransactions()) {
				add(entries, txn.occurredAt(), "loyalty", "Loyalty " + txn.type().toLowerCase(),
						(txn.points() == null ? "" : txn.points() + " points")
								+ (txn.tier() == null ? "" : ", tier " + txn.tier()));
			}
		}
		else if (item instanceof FeedbackLedger.Answer answer) {
			add(entries, answer.answeredAt(), "kiosk", "Kiosk answer: " + answer.score() + "/10",
					answer.venue() + (answer.comment() == null ? "" : ": " + answer.comment()));
		}
	}

	private static void add(List<Entry> entries, Instant at, String kind, String title, String detail) {
		if (at != null) {
			entries.add(new Entry(at, kind, title, detail));
		}
	}

	/**
	 * @param kind ticket, scan, loyalty, kiosk, message, consent, merge or operator
	 */
	public record Entry(Instant at, String kind, String title, String detail) {
	}

}

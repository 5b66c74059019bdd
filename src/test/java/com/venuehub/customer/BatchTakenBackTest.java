package com.venuehub.customer;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.venuehub.HubTestSupport;
import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.CanonicalEvent.Contact;
import com.venuehub.ingest.CanonicalEvent.Feedback;
import com.venuehub.ingest.CanonicalEvent.Kind;
import com.venuehub.ingest.CanonicalEvent.Loyalty;
import com.venuehub.ingest.CanonicalEvent.LoyaltyType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records naming nobody taken back within the batch that brought them: a batch whose
 * kiosk answers made a customer of a family's email, which the family's children then
 * give, is applied as a whole (it was refused, then applied one event at a time), and
 * ends as one event at a time does: the answers nobody's, the children two customers.
 */
class BatchTakenBackTest extends HubTestSupport {

	@Autowired
	Unifier unifier;

	@Test
	void answersTakenBackInTheBatchThatBroughtThemEndAsOneAtATime() {
		String u = unique();
		Household household = new Household(u);
		this.unifier.applyBatch(household.events());
		household.check();
	}

	@Test
	void theSameEventsOneAtATimeEndAlike() {
		String u = unique();
		Household household = new Household(u);
		household.events().forEach(event -> this.unifier.applyBatch(List.of(event)));
		household.check();
	}

	private final class Household {

		private final String u;

		private final String email;

		private final List<CanonicalEvent> events = new ArrayList<>();

		private OffsetDateTime at = OffsetDateTime.parse("2025-03-01T10:00:00+01:00");

		Household(String u) {
			this.u = u;
			this.email = "famille.vilard" + u + "@example.org";
			// the first answer refuses the venue's emails, the second accepts them
			answer(1, false);
			answer(2, true);
			enrol("Ethan", LocalDate.of(2022, 8, 8), 3);
			enrol("Jade", LocalDate.of(2016, 9, 10), 4);
		}

		List<CanonicalEvent> events() {
			return this.events;
		}

		private void answer(int n, boolean optinEmail) {
			add(new CanonicalEvent(id("kiosk", n), "kiosk", Kind.FEEDBACK, this.at, "zoo",
					new Contact(null, null, this.email, null, null, null, null, null, null, null, null, optinEmail,
							null, List.of()),
					null, null, null, null, new Feedback("R" + this.u + n, "K1", 8, null, null)));
		}

		private void enrol(String first, LocalDate born, int n) {
			String card = ("VH" + this.u + n).toUpperCase();
			add(new CanonicalEvent(id("loyalty", n), "loyalty", Kind.LOYALTY, this.at, "zoo",
					new Contact(first, "Vilard" + letters(), this.email, null, null, null, "Annecy", "74000", born,
							"fr", card, null, null, List.of()),
					null, null, null, new Loyalty("T" + this.u + n, card, LoyaltyType.ENROLL, null, null, "SILVER"),
					null));
		}

		private void add(CanonicalEvent event) {
			this.events.add(event);
			this.at = this.at.plusDays(20);
		}

		private String id(String source, int n) {
			return "test:" + source + ":TB-" + this.u + "-" + n;
		}

		/** A last name of its own: letters only, as a name is compared. */
		private String letters() {
			StringBuilder out = new StringBuilder();
			for (char c : this.u.toCharArray()) {
				out.append((char) ('a' + (Character.isDigit(c) ? c - '0' : 10 + (c - 'a') % 16)));
			}
			return out.toString();
		}

		void check() {
			Long ethan = customerOf(id("loyalty", 3));
			Long jade = customerOf(id("loyalty", 4));
			assertThat(ethan).isNotNull();
			assertThat(jade).isNotNull().isNotEqualTo(ethan);
			// the answers say nothing of which child gave them
			assertThat(customerOf(id("kiosk", 1))).isNotIn(ethan, jade);
			assertThat(customerOf(id("kiosk", 2))).isNotIn(ethan, jade);
			// the children hold the family's email, and so does the customer the answers
			// made before the children gave it: it keeps the email and none of the
			// answers (a known limit, the same whether the events come together or one
			// at a time)
			List<Long> holders = BatchTakenBackTest.this.jdbc.queryForList("""
					select distinct coalesce(c.merged_into, c.id) from customer_identifier i
					join customer c on c.id = i.customer_id where i.kind = 'EMAIL' and i.value = ?""", Long.class,
					this.email);
			assertThat(holders).hasSize(3).contains(ethan, jade);
			long left = holders.stream().filter(h -> !h.equals(ethan) && !h.equals(jade)).findFirst().orElseThrow();
			assertThat(BatchTakenBackTest.this.jdbc
				.queryForObject("select count(*) from processed_event where customer_id = ?", Long.class, left))
				.isZero();
			// its history says which answers left it, and why
			assertThat(BatchTakenBackTest.this.jdbc.queryForList(
					"select event_id from merge_log where survivor_id = ? and rule = 'DETACH' order by event_id",
					String.class, left))
				.containsExactly(id("kiosk", 1), id("kiosk", 2));
			// the refusal stays with it (a "no" given for the family's email holds,
			// whichever member gave it); the acceptance left with the answer
			assertThat(BatchTakenBackTest.this.jdbc.queryForList(
					"select source_record || ' ' || granted from consent_statement where customer_id = ?", String.class,
					left))
				.containsExactly(id("kiosk", 1) + " false");
		}

		private Long customerOf(String event) {
			return BatchTakenBackTest.this.jdbc.queryForObject("""
					select coalesce(c.merged_into, c.id) from processed_event p
					left join customer c on c.id = p.customer_id where p.event_id = ?""", Long.class, event);
		}

	}

}

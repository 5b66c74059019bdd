package com.venuehub.customer;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A merge is reported in the log once it is committed: a batch's transaction that gives
 * way and is applied again, or rolls back, does not report a merge it never made.
 */
class MergeReportedOnCommitTest extends HubTestSupport {

	private static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	@Autowired
	Merges merges;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void aMergeRolledBackIsNotReportedAndACommittedOneIsReportedOnce() {
		String t = unique();
		long first = sell("Odile", "Brassac", "odile.brassac." + t + "@example.org", "05/06/1971");
		long second = sell("Hugo", "Tessier", "hugo.tessier." + t + "@example.org", "17/10/1988");
		assertThat(second).isNotEqualTo(first);
		Merges.Explanation why = new Merges.Explanation("PROBABILISTIC", null, null, 0.99, Map.of("lastName", 1.0));
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		Logger mergesLog = (Logger) LoggerFactory.getLogger(Merges.class);
		mergesLog.addAppender(log);
		try {
			this.transaction.executeWithoutResult(status -> {
				this.merges.merge(first, second, why, "rolled-back:" + t);
				// what a batch that gives way does: its transaction is rolled back
				status.setRollbackOnly();
			});
			assertThat(mergedInto(second)).isNull();
			assertThat(reports(log, first, second)).isEmpty();

			this.transaction.executeWithoutResult(status -> {
				this.merges.merge(first, second, why, "committed:" + t);
				// not reported while the transaction may still roll back
				assertThat(reports(log, first, second)).isEmpty();
			});
			assertThat(mergedInto(second)).isEqualTo(first);
			assertThat(reports(log, first, second)).singleElement().asString().contains("committed:" + t);
		}
		finally {
			mergesLog.detachAppender(log);
		}
	}

	private Long mergedInto(long customer) {
		return this.jdbc.queryForObject("select merged_into from customer where id = ?", Long.class, customer);
	}

	private static List<String> reports(ListAppender<ILoggingEvent> log, long survivor, long merged) {
		return log.list.stream()
			.map(ILoggingEvent::getFormattedMessage)
			.filter(line -> line.startsWith("Merged customer " + merged + " into " + survivor + " "))
			.toList();
	}

	/** A box-office sale; answers the customer it resolved to. */
	private long sell(String first, String last, String email, String birthDate) {
		String sale = "S" + unique();
		String row = String.join(";", sale, "14/03/2026 10:30", "zoo", "ADULT", "Adulte", "T" + sale, "14/03/2026",
				"13/03/2027", "20,00", first, last, email, "", "69003", birthDate, "", "", "");
		var answer = post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv", HEADER + "\n" + row);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return holderOf("T" + sale);
	}

}

package com.venuehub.customer;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.venuehub.BoxOfficeSale;
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
		BoxOfficeSale sale = new BoxOfficeSale("S" + unique()).buyer(first, last)
			.email(email)
			.postcode("69003")
			.birthDate(birthDate);
		postBoxOffice(sale);
		return holderOf(sale.ticket(1));
	}

}

package com.venuehub.customer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Interleaved records of the same people, sent by concurrent clients and applied by
 * competing consumers, still give exactly one customer per person and lose no ticket.
 */
class ConcurrentUnifyTest extends HubTestSupport {

	private static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	@Value("${hub.unify.consumers}")
	int consumers;

	@Test
	void interleavedRecordsOfTheSamePeopleGiveOneCustomerEachAndLoseNoTicket() throws Exception {
		assertThat(this.consumers).as("competing consumers").isGreaterThan(1);
		String u = unique();
		int people = 40;
		Random random = new Random(42);
		List<String> rows = new ArrayList<>();
		for (int p = 0; p < people; p++) {
			String email = "p" + p + "." + u + "@example.org";
			String phone = String.format("06 %02d %02d %02d %02d", 10 + random.nextInt(80), random.nextInt(100),
					random.nextInt(100), random.nextInt(100));
			String card = "C" + u.toUpperCase() + p;
			// every record carries some of the person's identifiers; together they link
			// all of them
			String[][] subsets = { { email, phone, "" }, { "", phone, card }, { "", "", card }, { email, "", "" },
					{ "", phone, "" }, { email, "", card } };
			for (int e = 0; e < subsets.length; e++) {
				rows.add(String.join(";", "C" + u + "-" + p + "-" + e, "14/03/2026 10:" + (10 + e), "zoo", "ADULT",
						"Adulte", "CT-" + u + "-" + p + "-" + e, "14/03/2026", "13/03/2027", "20,00", "Prénom" + p,
						"Nom" + p, subsets[e][0], subsets[e][1], "69001", "", subsets[e][2], "", ""));
			}
		}
		Collections.shuffle(rows, random);
		List<List<String>> batches = new ArrayList<>();
		for (int i = 0; i < rows.size(); i += 12) {
			batches.add(rows.subList(i, Math.min(rows.size(), i + 12)));
		}
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (List<String> batch : batches) {
				answers.add(clients.submit(() -> post("/api/v1/ingest/box-office", "dev-box-office-key", "text/csv",
						HEADER + "\n" + String.join("\n", batch))
					.statusCode()));
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isEqualTo(202);
			}
		}
		finally {
			clients.shutdown();
		}

		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.queryForObject("select count(*) from processed_event where event_id like ?",
					Integer.class, "box-office:purchase:C" + u + "-%") == people * 6);

		List<Map<String, Object>> perPerson = this.jdbc.queryForList("""
				select c.first_name, count(distinct c.id) as customers, count(t.ticket_number) as tickets
				from customer c join ticket t on t.customer_id = c.id
				where c.merged_into is null and t.ticket_number like ?
				group by c.first_name""", "CT-" + u + "-%");
		assertThat(perPerson).hasSize(people);
		assertThat(perPerson).allSatisfy(row -> {
			assertThat(((Number) row.get("customers")).intValue()).as("customers of " + row.get("first_name"))
				.isEqualTo(1);
			assertThat(((Number) row.get("tickets")).intValue()).as("tickets of " + row.get("first_name")).isEqualTo(6);
		});
		assertThat(
				this.jdbc.queryForObject("select count(*) from customer_identifier where value like ? or value like ?",
						Integer.class, "%" + u + "%", "%" + u.toUpperCase() + "%"))
			.as("emails and cards kept")
			.isEqualTo(people * 2);
		Integer merged = this.jdbc.queryForObject("""
				select count(*) from merge_log m join ticket t on t.customer_id = m.survivor_id
				where t.ticket_number like ?""", Integer.class, "CT-" + u + "-%");
		assertThat(merged).as("merges happened and were logged").isPositive();
	}

}

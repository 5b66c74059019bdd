package com.venuehub.platform;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox backlog an on-call person alerts on: messages not settled yet, per channel
 * and status, read through the partial indexes of unsettled rows, equal to what a count
 * over the whole outbox gives.
 */
class OutboxBacklogGaugeTest extends HubTestSupport {

	@Autowired
	OperationsMetrics metrics;

	private String run;

	@AfterEach
	void removeRows() {
		if (this.run != null) {
			this.jdbc.update("delete from outbox_message where dedup_key like ?", "backlog:" + this.run + ":%");
		}
	}

	@Test
	void theBacklogCountsEachChannelAndStatusNotSettledYet() {
		this.run = unique();
		// not due for a day: no dispatcher takes them while the test reads the gauges
		message("SMS", "PENDING", 1);
		message("SMS", "PENDING", 2);
		message("EMAIL", "PENDING", 3);
		message("SMS", "SENDING", 4);
		message("SMS", "SENDING", 5);
		message("SMS", "SENDING", 6);
		message("SMS", "UNCERTAIN", 7);
		message("EMAIL", "SENT", 8);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<String, Long> before = unsettled();
			this.metrics.refresh();
			Map<String, Long> after = unsettled();
			// other messages of the hub may settle meanwhile: compare a quiet reading
			assertThat(after).isEqualTo(before);
			for (String channel : List.of("EMAIL", "SMS")) {
				for (String status : List.of("PENDING", "SENDING", "UNCERTAIN")) {
					assertThat(gauge("hub_outbox_backlog{channel=\"" + channel + "\",status=\"" + status + "\"}"))
						.as(channel + " " + status)
						.isEqualTo(after.getOrDefault(channel + ":" + status, 0L).doubleValue());
				}
			}
		});
		assertThat(gauge("hub_outbox_backlog{channel=\"SMS\",status=\"PENDING\"}")).isGreaterThanOrEqualTo(2);
		assertThat(gauge("hub_outbox_backlog{channel=\"EMAIL\",status=\"PENDING\"}")).isGreaterThanOrEqualTo(1);
		assertThat(gauge("hub_outbox_backlog{channel=\"SMS\",status=\"SENDING\"}")).isGreaterThanOrEqualTo(3);
		assertThat(gauge("hub_outbox_backlog{channel=\"SMS\",status=\"UNCERTAIN\"}")).isGreaterThanOrEqualTo(1);
	}

	private void message(String channel, String status, int n) {
		this.jdbc.update("""
				insert into outbox_message (dedup_key, channel, kind, recipient, status, due_at, next_attempt_at,
				                            sending_at)
				values (?, ?, 'PROMO', ?, ?, now() + interval '1 day', now() + interval '1 day',
				        case when ? in ('SENDING', 'UNCERTAIN') then now() end)""", "backlog:" + this.run + ":" + n,
				channel, channel.equals("SMS") ? "+336000000" + n : "b" + n + "@example.fr", status, status);
	}

	/** The unsettled messages counted over the whole outbox. */
	private Map<String, Long> unsettled() {
		Map<String, Long> counts = new HashMap<>();
		this.jdbc.query("""
				select channel, status, count(*) from outbox_message
				where status in ('PENDING', 'SENDING', 'UNCERTAIN') group by channel, status""", rs -> {
			counts.put(rs.getString(1) + ":" + rs.getString(2), rs.getLong(3));
		});
		return counts;
	}

}

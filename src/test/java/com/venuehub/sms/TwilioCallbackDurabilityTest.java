package com.venuehub.sms;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.RollingBackBroker;
import com.venuehub.TestTwilioServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Twilio's 2xx means: the callback is kept. Twilio does not send a callback again
 * after an error, so a STOP is on the broker's persistent queue before it is answered,
 * and applied from there once the database takes it; a callback the broker does not take
 * is a 503 and changes nothing, and the same callback sent again applies.
 */
class TwilioCallbackDurabilityTest extends SmsTestSupport {

	@Test
	void aStopAnsweredWhileTheDatabaseRefusesItIsAppliedOnceTheDatabaseTakesIt() {
		travelTo("2026-12-04T10:00:00");
		String u = unique();
		String phone = mobile();
		long customer = member("Inès", "T" + u, phone, true);
		String token = "db-down-" + u;
		// the database refuses the callback's first writes as a database starting up
		// would: more refusals than one delivery retries
		int refusals = 6;
		String name = "twilio_outage_" + u;
		this.jdbc.execute("create sequence " + name);
		this.jdbc.execute("""
				create function %s() returns trigger language plpgsql as $$
				begin
				  if new.token = '%s' and nextval('%s') <= %d then
				    raise exception 'the database system is starting up' using errcode = '57P03';
				  end if;
				  return new;
				end $$""".formatted(name, token, name, refusals));
		this.jdbc.execute("create trigger " + name + " before insert on twilio_callback for each row execute function "
				+ name + "()");
		try {
			HttpResponse<String> stop = callback("/webhooks/twilio/inbound", Map.of("From", phone, "Body", "STOP",
					"MessageSid", "SMdb" + u, "AccountSid", TestTwilioServer.ACCOUNT), token, true);
			assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(30)).until(() -> smsConsent(customer), "REVOKED"::equals);
			assertThat(this.jdbc.queryForObject("select last_value from " + name, Long.class)).isGreaterThan(refusals);
		}
		finally {
			this.jdbc.execute("drop trigger " + name + " on twilio_callback");
			this.jdbc.execute("drop function " + name + "()");
			this.jdbc.execute("drop sequence " + name);
		}
		assertThat(this.jdbc.queryForObject(
				"select count(*) from consent_statement where customer_id = ? and source_record = ?", Integer.class,
				customer, "twilio:SMdb" + u))
			.isEqualTo(1);
	}

	@Test
	void aCallbackTheBrokerDoesNotTakeIsA503AndTheSameCallbackSentAgainApplies() {
		travelTo("2026-12-04T10:00:00");
		String u = unique();
		String phone = mobile();
		long customer = member("Jules", "T" + u, phone, true);
		String token = "broker-down-" + u;
		Map<String, String> stop = Map.of("From", phone, "Body", "STOP", "MessageSid", "SMbk" + u, "AccountSid",
				TestTwilioServer.ACCOUNT);
		RollingBackBroker rollBack = new RollingBackBroker(Set.of("twilio:inbound:" + token), Integer.MAX_VALUE);
		this.broker.getActiveMQServer().registerBrokerPlugin(rollBack);
		try {
			HttpResponse<String> refused = callback("/webhooks/twilio/inbound", stop, token, true);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
			assertThat(readJson(refused.body()).path("detail").asText()).contains("try again later");
		}
		finally {
			this.broker.getActiveMQServer().unRegisterBrokerPlugin(rollBack);
		}
		assertThat(rollBack.rolledBack()).isPositive();
		assertThat(smsConsent(customer)).isEqualTo("GRANTED");

		// Twilio's own retry, or the operator's: the same callback applies, once
		assertThat(callback("/webhooks/twilio/inbound", stop, token, true).statusCode()).isEqualTo(200);
		assertThat(callback("/webhooks/twilio/inbound", stop, token, true).statusCode()).isEqualTo(200);
		assertThat(smsConsent(customer)).isEqualTo("REVOKED");
		assertThat(this.jdbc.queryForObject("select count(*) from consent_statement where source_record = ?",
				Integer.class, "twilio:SMbk" + u))
			.isEqualTo(1);
	}

	private String smsConsent(long customer) {
		for (JsonNode consent : getJson("/api/v1/customers/" + customer).path("consents")) {
			if ("SMS".equals(consent.path("channel").asText())) {
				return consent.path("state").asText();
			}
		}
		return "NONE";
	}

}

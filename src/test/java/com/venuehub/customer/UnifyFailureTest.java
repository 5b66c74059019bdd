package com.venuehub.customer;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.HubTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How unify tells an outage from bad data, end to end through the real broker and
 * database: an event the database cannot take (a NUL byte, an identifier too long for its
 * index, more tickets than the lock table holds) is quarantined alone with the reason
 * while the rest of its batch applies; an outage of the database is waited out, however
 * long, and the event applied, never quarantined nor dead-lettered; a consumer that loses
 * the broker connects again.
 */
class UnifyFailureTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	ConnectionFactory jmsConnectionFactory;

	@Autowired
	EmbeddedActiveMQ broker;

	@Autowired
	MeterRegistry meters;

	@Test
	void eventsTheDatabaseCannotTakeAreQuarantinedAloneAndTheirBatchApplies() throws Exception {
		String u = unique();
		// hexadecimal of random UUIDs: too long for the identifier index even compressed
		String longLocalPart = IntStream.range(0, 200)
			.mapToObj(i -> UUID.randomUUID().toString().replace("-", ""))
			.collect(Collectors.joining());
		publish(event("UA" + u, "Jea\\u0000nne", "ua." + u + "@example.fr", ticket("UA" + u + "-1")),
				event("UB" + u, "Jeanne", longLocalPart + "@example.fr", ticket("UB" + u + "-1")),
				event("UC" + u, "Jeanne", "uc." + u + "@example.fr", ticket("UC" + u + "-1")));

		await().atMost(WAIT).until(() -> ticketsOf("UC" + u), n -> n == 1);
		JsonNode nul = await().atMost(WAIT).until(() -> quarantined("UA" + u), q -> q != null);
		assertThat(nul.path("reason").asText()).contains("SQL state 22021");
		assertThat(nul.path("origin").asText()).isEqualTo("unify");
		assertThat(nul.path("source").asText()).isEqualTo("online");
		JsonNode longId = await().atMost(WAIT).until(() -> quarantined("UB" + u), q -> q != null);
		assertThat(longId.path("reason").asText()).contains("SQL state 54000", "index row");
		assertThat(ticketsOf("UA" + u) + ticketsOf("UB" + u)).isZero();
		assertThat(dead("UA" + u) + dead("UB" + u)).isZero();
	}

	@Test
	void anEventTheDatabaseCannotTakeIsQuarantinedAloneFromAMessageOfSeveral() throws Exception {
		String u = unique();
		publishTogether(event("MA" + u, "Jeanne", "ma." + u + "@example.fr", ticket("MA" + u + "-1")),
				event("MB" + u, "Jea\\u0000nne", "mb." + u + "@example.fr", ticket("MB" + u + "-1")),
				event("MC" + u, "Jeanne", "mc." + u + "@example.fr", ticket("MC" + u + "-1")),
				"{\"id\": \"online:purchase:MD" + u + ":paid\", \"kind\": \"NO_SUCH_KIND\"}");

		JsonNode unreadable = await().atMost(WAIT).until(() -> quarantined("MD" + u), q -> q != null);
		assertThat(unreadable.path("reason").asText()).contains("not a canonical event");
		assertThat(unreadable.path("rawPayload").asText()).doesNotContain("MA" + u, "MB" + u);
		JsonNode nul = await().atMost(WAIT).until(() -> quarantined("MB" + u), q -> q != null);
		assertThat(nul.path("reason").asText()).contains("SQL state 22021");
		// the event alone, not its neighbours in the message
		assertThat(nul.path("rawPayload").asText()).doesNotContain("MA" + u, "MC" + u);
		assertThat(ticketsOf("MA" + u) + ticketsOf("MC" + u)).isEqualTo(2);
		assertThat(ticketsOf("MB" + u)).isZero();
	}

	@Test
	void aMessageThatIsNotTextIsQuarantinedWholeAndTheEventsAfterItApply() throws Exception {
		String u = unique();
		long before = notText();
		try (Connection connection = this.jmsConnectionFactory.createConnection();
				Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
				MessageProducer producer = session.createProducer(session.createQueue("hub.events"))) {
			BytesMessage bytes = session.createBytesMessage();
			bytes.writeBytes(new byte[] { 1, 2, 3 });
			bytes.setStringProperty("hubSource", "online");
			producer.send(bytes);
			session.commit();
		}
		publish(event("NT" + u, "Jeanne", "nt." + u + "@example.fr", ticket("NT" + u + "-1")));

		await().atMost(WAIT).until(() -> ticketsOf("NT" + u), n -> n == 1);
		await().atMost(WAIT).until(this::notText, n -> n == before + 1);
	}

	@Test
	void intakeSendsTheEventsOfABatchInFewerMessages() throws Exception {
		String u = unique();
		Queue events = this.broker.getActiveMQServer().locateQueue(SimpleString.of("hub.events"));
		long before = events.getMessagesAdded();
		String orders = IntStream.range(0, 60)
			.mapToObj(i -> ("{\"code\": \"FM%s-%d\", \"status\": \"p\", \"email\": \"fm%d.%s@example.fr\","
					+ " \"datetime\": \"2026-03-15T09:00:00+01:00\", \"event\": \"zoo-lyon\", \"positions\":"
					+ " [{\"positionid\": 1, \"item\": 12, \"price\": \"10.00\", \"attendee_name\": \"Jeanne Martin\","
					+ " \"secret\": \"FM%s-%d-1\"}]}")
				.formatted(u, i, i, u, u, i))
			.collect(Collectors.joining(",", "[", "]"));
		assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json", orders).statusCode())
			.isEqualTo(202);

		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForObject("select count(*) from ticket where sale_ref like ?", Integer.class,
					"FM" + u + "-%"), n -> n == 60);
		// one message per group of the events queue at most, not one per event
		assertThat(events.getMessagesAdded() - before).isBetween(1L, 16L);
	}

	@Test
	void anEventExhaustingTheLockTableIsQuarantinedNotRetried() throws Exception {
		String u = unique();
		String tickets = IntStream.rangeClosed(1, 20_000)
			.mapToObj(i -> ticket("LT" + u + "-" + i))
			.collect(Collectors.joining(","));
		publish(event("LT" + u, "Jeanne", "lt." + u + "@example.fr", tickets),
				event("LU" + u, "Jeanne", "lu." + u + "@example.fr", ticket("LU" + u + "-1")));

		await().atMost(WAIT).until(() -> ticketsOf("LU" + u), n -> n == 1);
		JsonNode kept = await().atMost(WAIT).until(() -> quarantined("LT" + u), q -> q != null);
		assertThat(kept.path("reason").asText()).contains("SQL state 53200", "max_locks_per_transaction");
		assertThat(ticketsOf("LT" + u)).isZero();
		assertThat(dead("LT" + u)).isZero();
	}

	@Test
	void aDatabaseOutageIsWaitedOutAndTheEventAppliedNeverQuarantined() throws Exception {
		String u = unique();
		String eventId = "online:purchase:OU" + u + ":paid";
		// more refusals than the broker's delivery attempts times any bounded retry: the
		// event is applied once the database answers again, not dead-lettered
		int refusals = 120;
		String name = "outage_" + u;
		this.jdbc.execute("create sequence " + name);
		this.jdbc.execute("""
				create function %s() returns trigger language plpgsql as $$
				begin
				  if new.event_id = '%s' and nextval('%s') <= %d then
				    raise exception 'the database system is starting up' using errcode = '57P03';
				  end if;
				  return new;
				end $$""".formatted(name, eventId, name, refusals));
		this.jdbc.execute("create trigger " + name + " before insert on processed_event for each row execute function "
				+ name + "()");
		double retriesBefore = this.meters.counter("hub.unify.outage.retries").count();
		try {
			assertThat(post("/api/v1/ingest/online", "dev-online-key", "application/json",
					"""
							{"code": "OU%s", "status": "p", "email": "ou.%s@example.fr", "datetime": "2026-03-15T09:00:00+01:00",
							 "event": "zoo-lyon", "positions": [{"positionid": 1, "item": 12, "price": "10.00",
							 "attendee_name": "Jeanne Martin", "secret": "OU%s-1"}]}"""
						.formatted(u, u, u))
				.statusCode()).isEqualTo(202);
			await().atMost(WAIT).until(() -> ticketsOf("OU" + u) == 1 || quarantined("OU" + u) != null);
			assertThat(quarantined("OU" + u)).as("quarantined").isNull();
			assertThat(ticketsOf("OU" + u)).isEqualTo(1);
			assertThat(this.jdbc.queryForObject("select last_value from " + name, Long.class)).isGreaterThan(refusals);
		}
		finally {
			this.jdbc.execute("drop trigger " + name + " on processed_event");
			this.jdbc.execute("drop function " + name + "()");
			this.jdbc.execute("drop sequence " + name);
		}
		assertThat(this.meters.counter("hub.unify.outage.retries").count() - retriesBefore)
			.isGreaterThanOrEqualTo(refusals);
		assertThat(quarantined("OU" + u)).isNull();
		assertThat(dead("OU" + u)).isZero();
	}

	@Test
	void unifyConsumesAgainAfterLosingTheBroker() throws Exception {
		String u = unique();
		double reconnectsBefore = this.meters.counter("hub.unify.broker.reconnects").count();
		for (RemotingConnection connection : this.broker.getActiveMQServer().getRemotingService().getConnections()) {
			connection.fail(new ActiveMQNotConnectedException("connection cut by the test"));
		}
		await().atMost(WAIT)
			.until(() -> this.meters.counter("hub.unify.broker.reconnects").count() - reconnectsBefore, n -> n > 0);
		publish(event("RC" + u, "Jeanne", "rc." + u + "@example.fr", ticket("RC" + u + "-1")));
		await().atMost(WAIT).until(() -> ticketsOf("RC" + u), n -> n == 1);
	}

	private void publish(String... events) throws Exception {
		try (Connection connection = this.jmsConnectionFactory.createConnection();
				Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
				MessageProducer producer = session.createProducer(session.createQueue("hub.events"))) {
			for (String event : events) {
				TextMessage message = session.createTextMessage(event);
				message.setStringProperty("hubSource", "online");
				message.setStringProperty("_AMQ_DUPL_ID", this.json.readTree(event).path("id").asText());
				producer.send(message);
			}
			session.commit();
		}
	}

	/** Several events in one message, as intake sends a chunk's events of one group. */
	private void publishTogether(String... events) throws Exception {
		try (Connection connection = this.jmsConnectionFactory.createConnection();
				Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
				MessageProducer producer = session.createProducer(session.createQueue("hub.events"))) {
			TextMessage message = session.createTextMessage("[" + String.join(",", events) + "]");
			message.setStringProperty("hubSource", "online");
			message.setIntProperty("hubEvents", events.length);
			producer.send(message);
			session.commit();
		}
	}

	private static String event(String order, String firstName, String email, String tickets) {
		return """
				{"id": "online:purchase:%s:paid", "source": "online", "kind": "PURCHASE",
				 "occurredAt": "2026-03-15T09:00:00+01:00", "venue": "zoo-lyon",
				 "contact": {"firstName": "%s", "lastName": "Martin", "email": "%s"},
				 "order": {"ref": "%s", "status": "PAID"}, "tickets": [%s]}""".formatted(order, firstName, email, order,
				tickets);
	}

	private static String ticket(String number) {
		return "{\"number\": \"" + number + "\", \"price\": 10.00}";
	}

	private int ticketsOf(String order) {
		return this.jdbc.queryForObject("select count(*) from ticket where sale_ref = ?", Integer.class, order);
	}

	private JsonNode quarantined(String order) {
		JsonNode page = getJson("/api/v1/quarantine?source=online&size=200");
		return StreamSupport.stream(page.path("items").spliterator(), false)
			.filter(q -> q.path("rawPayload").asText().contains("online:purchase:" + order + ":paid"))
			.findFirst()
			.orElse(null);
	}

	/** Messages quarantined by unify because they were not text. */
	private long notText() {
		JsonNode page = getJson("/api/v1/quarantine?source=online&size=200");
		return StreamSupport.stream(page.path("items").spliterator(), false)
			.filter(q -> q.path("reason").asText().contains("not a text message"))
			.count();
	}

	/**
	 * Messages of this order on the dead-letter queue of the events queue (the broker
	 * makes one per origin under the address DLQ).
	 */
	private long dead(String order) throws Exception {
		Queue dlq = this.broker.getActiveMQServer().locateQueue(SimpleString.of("DLQ.hub.events"));
		if (dlq == null) {
			return 0;
		}
		List<String> ids = new java.util.ArrayList<>();
		dlq.browserIterator().forEachRemaining(ref -> ids.add(String.valueOf(ref.getMessage().getDuplicateProperty())));
		return ids.stream().filter(id -> id.contains(order)).count();
	}

}

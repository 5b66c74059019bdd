package com.venuehub.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.venuehub.HubTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.paging.PagingStore;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog larger than {@code hub.broker.embedded.global-max-size} waits on disk: the
 * embedded broker pages the queue's messages instead of keeping them in the heap it
 * shares with the hub, and hands every one back in order, the paged ones after a restart
 * too.
 */
class BrokerPagingTest {

	private static final int MESSAGES = 400;

	private final Path folder = Path.of("target/test-data/broker-paging").toAbsolutePath();

	private EmbeddedActiveMQ broker;

	@AfterEach
	void stop() throws Exception {
		if (this.broker != null) {
			this.broker.stop();
		}
		HubTestSupport.deleteTree(this.folder);
	}

	@Test
	void aBacklogBeyondTheMemoryLimitWaitsOnDiskAndComesBackWhole() throws Exception {
		HubTestSupport.deleteTree(this.folder);
		BrokerProperties properties = new BrokerProperties("vm://43", "hub", "paging-test-password", false,
				"hub.events", new BrokerProperties.Embedded(true, this.folder.toString(), "127.0.0.1", -1, -1, -1, 1000,
						10, Map.of(), Map.of(), null, DataSize.ofKilobytes(64)),
				false, null);
		this.broker = start(properties);
		String body = "x".repeat(1024);
		try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://43");
				Connection connection = factory.createConnection()) {
			Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
			Queue queue = session.createQueue("hub.events");
			MessageProducer producer = session.createProducer(queue);
			for (int i = 0; i < MESSAGES; i++) {
				producer.send(session.createTextMessage(i + ":" + body));
				if (i % 50 == 49) {
					session.commit();
				}
			}
			session.commit();
		}
		// 400 KB of messages against 64 KB in memory: the rest is in page files
		PagingStore store = this.broker.getActiveMQServer()
			.getPagingManager()
			.getPageStore(SimpleString.of("hub.events"));
		assertThat(store.isPaging()).isTrue();
		assertThat(this.broker.getActiveMQServer().getPagingManager().getGlobalSize())
			.isLessThanOrEqualTo(DataSize.ofKilobytes(64).toBytes() + 2 * 1024);

		// the paged messages outlive a restart of the broker
		this.broker.stop();
		this.broker = start(properties);
		List<Integer> received = new ArrayList<>();
		try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://43");
				Connection connection = factory.createConnection()) {
			connection.start();
			Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
			MessageConsumer consumer = session.createConsumer(session.createQueue("hub.events"));
			for (TextMessage message; (message = (TextMessage) consumer.receive(5000)) != null;) {
				received.add(Integer.valueOf(message.getText().substring(0, message.getText().indexOf(':'))));
			}
		}
		assertThat(received).hasSize(MESSAGES);
		assertThat(received).isSorted();
	}

	private static EmbeddedActiveMQ start(BrokerProperties properties) throws Exception {
		EmbeddedActiveMQ broker = new BrokerConfiguration().embeddedServer(properties, "loyalty.in", "kiosks.#");
		broker.start();
		return broker;
	}

}

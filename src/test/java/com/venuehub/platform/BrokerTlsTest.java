package com.venuehub.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.venuehub.HubTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker over TLS: with a key store, the embedded broker's network acceptors take TLS
 * clients only (a client that trusts its certificate sends and receives; a plaintext
 * client is refused); {@code ops/broker.xml} has TLS acceptors only, their key store from
 * the environment.
 */
class BrokerTlsTest {

	private static final String PASSWORD = "test-keystore-password";

	private static Path folder;

	private static Path keyStore;

	@BeforeAll
	static void keyStore() throws Exception {
		folder = Path.of("target/test-data/broker-tls").toAbsolutePath();
		HubTestSupport.deleteTree(folder);
		Files.createDirectories(folder);
		keyStore = folder.resolve("broker.p12");
		// a self-signed certificate for localhost, made with the JDK's keytool
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
				"-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		String output = new String(keytool.getInputStream().readAllBytes());
		assertThat(keytool.waitFor()).as(output).isZero();
	}

	@AfterAll
	static void clean() {
		HubTestSupport.deleteTree(folder);
	}

	@Test
	void withAKeyStoreTheEmbeddedBrokerTakesTlsClientsOnly() throws Exception {
		int port = freePort();
		BrokerProperties properties = new BrokerProperties("vm://41", "hub", "tls-test-password", false, "hub.events",
				new BrokerProperties.Embedded(true, folder.resolve("artemis").toString(), "127.0.0.1", port, -1, -1,
						1000, 10, Map.of(), Map.of(), new BrokerProperties.Tls(keyStore.toString(), PASSWORD, null),
						null),
				false, null);
		EmbeddedActiveMQ broker = new BrokerConfiguration().embeddedServer(properties, "loyalty.in", "kiosks.#");
		broker.start();
		try {
			String tls = "tcp://localhost:" + port + "?sslEnabled=true&verifyHost=true&trustStorePath=" + keyStore
					+ "&trustStorePassword=" + PASSWORD + "&trustStoreType=PKCS12";
			try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(tls);
					Connection connection = factory.createConnection()) {
				connection.start();
				Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
				session.createProducer(session.createQueue("tls.test")).send(session.createTextMessage("over TLS"));
				MessageConsumer consumer = session.createConsumer(session.createQueue("tls.test"));
				Message received = consumer.receive(5000);
				assertThat(((TextMessage) received).getText()).isEqualTo("over TLS");
			}
			try (ActiveMQConnectionFactory plain = new ActiveMQConnectionFactory(
					"tcp://localhost:" + port + "?callTimeout=3000&connectionTTL=3000&reconnectAttempts=0")) {
				assertThatThrownBy(() -> plain.createConnection().close()).isInstanceOf(JMSException.class);
			}
		}
		finally {
			broker.stop();
		}
	}

	@Test
	void theShippedBrokerConfigurationListensOverTlsOnly() throws Exception {
		System.setProperty("ARTEMIS_KEYSTORE_PATH", keyStore.toString());
		System.setProperty("ARTEMIS_KEYSTORE_PASSWORD", PASSWORD);
		try {
			FileConfiguration configuration = new FileConfiguration();
			FileDeploymentManager deployment = new FileDeploymentManager(
					Path.of("ops/broker.xml").toAbsolutePath().toUri().toString());
			deployment.addDeployable(configuration);
			deployment.readConfiguration();
			List<TransportConfiguration> acceptors = List.copyOf(configuration.getAcceptorConfigurations());
			assertThat(acceptors).extracting(TransportConfiguration::getName)
				.containsExactlyInAnyOrder("core", "amqp", "mqtt");
			for (TransportConfiguration acceptor : acceptors) {
				assertThat(acceptor.getParams()).as(acceptor.getName())
					.containsEntry("sslEnabled", "true")
					.containsEntry("keyStorePath", keyStore.toString())
					.containsEntry("keyStorePassword", PASSWORD);
			}
			assertThat(configuration.isSecurityEnabled()).isTrue();
		}
		finally {
			System.clearProperty("ARTEMIS_KEYSTORE_PATH");
			System.clearProperty("ARTEMIS_KEYSTORE_PASSWORD");
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}

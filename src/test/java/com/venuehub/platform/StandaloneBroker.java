package com.venuehub.platform;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.venuehub.ChildHub;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

import static org.awaitility.Awaitility.await;

/**
 * A standalone Artemis broker in a JVM of its own, configured by the shipped
 * {@code ops/broker.xml} (security on, its roles and address settings, TLS acceptors)
 * with the users an operator creates with the Artemis CLI: the hub and a loyalty
 * platform. Its journal is in a folder of the test, so that a broker started again after
 * {@link #kill()} finds what the killed one had written. Its core acceptor listens on
 * localhost over TLS, with a key store the test makes ({@link #makeKeyStores}).
 */
public final class StandaloneBroker {

	static final String HUB_PASSWORD = "hub-broker-password-for-the-restart-test";

	static final String LOYALTY_USER = "loyalty-platform";

	static final String LOYALTY_PASSWORD = "loyalty-broker-password-for-the-restart-test";

	static final String STORE_PASSWORD = "store-password-for-the-restart-test";

	private final Process process;

	private StandaloneBroker(Process process) {
		this.process = process;
	}

	/**
	 * The broker's JVM: {@code ops/broker.xml}, with its journal in {@code args[0]}, its
	 * core acceptor on port {@code args[1]} and its key store {@code args[2]}.
	 */
	public static void main(String[] args) throws Exception {
		Path data = Path.of(args[0]);
		// broker.xml reads its key store from these, as from the environment in
		// production
		System.setProperty("ARTEMIS_KEYSTORE_PATH", args[2]);
		System.setProperty("ARTEMIS_KEYSTORE_PASSWORD", STORE_PASSWORD);
		FileConfiguration config = new FileConfiguration();
		FileDeploymentManager deployment = new FileDeploymentManager(
				Path.of("ops/broker.xml").toAbsolutePath().toUri().toString());
		deployment.addDeployable(config);
		deployment.readConfiguration();
		// a port of the test's own, on loopback, with the TLS settings of broker.xml's
		// core
		// acceptor; the AMQP and MQTT acceptors are not used here
		config.getAcceptorConfigurations().clear();
		config.addAcceptorConfiguration("core",
				"tcp://127.0.0.1:" + args[1] + "?protocols=CORE;sslEnabled=true;keyStorePath=" + args[2]
						+ ";keyStorePassword=" + STORE_PASSWORD
						+ ";keyStoreType=PKCS12;enabledProtocols=TLSv1.3,TLSv1.2");
		config.setJournalType(JournalType.NIO);
		config.setJournalDirectory(data.resolve("journal").toString());
		config.setBindingsDirectory(data.resolve("bindings").toString());
		config.setPagingDirectory(data.resolve("paging").toString());
		config.setLargeMessagesDirectory(data.resolve("large-messages").toString());
		config.setNodeManagerLockDirectory(data.toString());
		SecurityConfiguration users = new SecurityConfiguration();
		users.addUser("hub", HUB_PASSWORD);
		users.addRole("hub", "hub");
		users.addUser(LOYALTY_USER, LOYALTY_PASSWORD);
		users.addRole(LOYALTY_USER, "loyalty");
		EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
		broker.setConfiguration(config);
		broker.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
		broker.start();
		System.out.println("Broker started from ops/broker.xml, core acceptor on port " + args[1]);
		Thread.currentThread().join();
	}

	/**
	 * Starts the broker's JVM on that journal and port and waits until the hub's user can
	 * connect to it; its log is {@code broker-<round>.log} in the folder.
	 */
	public static StandaloneBroker start(Path data, int port, Path keyStore, Path trustStore, int round)
			throws Exception {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
		command.addAll(ChildHub.QUICK_START);
		command.addAll(List.of("-cp", classpath, StandaloneBroker.class.getName(), data.toString(),
				Integer.toString(port), keyStore.toString()));
		File log = data.resolve("broker-" + round + ".log").toFile();
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
			.start();
		StandaloneBroker broker = new StandaloneBroker(process);
		try (ActiveMQConnectionFactory hub = new ActiveMQConnectionFactory(url(port, trustStore), "hub",
				HUB_PASSWORD)) {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!process.isAlive()) {
					throw new AssertionError("the broker stopped at start-up: see " + log);
				}
				try (Connection connection = hub.createConnection()) {
					return true;
				}
				catch (JMSException ex) {
					return false;
				}
			});
		}
		catch (RuntimeException | AssertionError ex) {
			broker.kill();
			throw ex;
		}
		return broker;
	}

	/** The URL the hub and clients connect with: TLS, the host name checked. */
	public static String url(int port, Path trustStore) {
		return "tcp://localhost:" + port + "?sslEnabled=true&verifyHost=true&trustStorePath=" + trustStore
				+ "&trustStorePassword=" + STORE_PASSWORD + "&trustStoreType=PKCS12";
	}

	/** kill -9 of the broker's JVM: no shutdown, its journal as the crash left it. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/**
	 * A key store for the broker (a self-signed key for localhost) and a trust store of
	 * its certificate for the clients, made with the JDK's keytool as ops/README.md says.
	 */
	public static void makeKeyStores(Path keyStore, Path trustStore) throws IOException, InterruptedException {
		Files.deleteIfExists(keyStore);
		Files.deleteIfExists(trustStore);
		Path certificate = keyStore.resolveSibling("broker.crt");
		Files.deleteIfExists(certificate);
		keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
				"-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", STORE_PASSWORD);
		keytool("-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
				"-file", certificate.toString());
		keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype", "PKCS12",
				"-keystore", trustStore.toString(), "-storepass", STORE_PASSWORD);
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(keytool.getInputStream().readAllBytes());
		if (keytool.waitFor() != 0) {
			throw new IOException("keytool " + arguments[0] + " failed: " + output);
		}
	}

}

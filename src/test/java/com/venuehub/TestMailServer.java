package com.venuehub;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The one real SMTP server (GreenMail) of the test JVM, on a port reserved once so the
 * shared Spring context and a restarted server agree on it.
 */
public final class TestMailServer {

	private static final int PORT = freePort();

	private static GreenMail server;

	private TestMailServer() {
	}

	public static synchronized int port() {
		if (server == null) {
			start();
		}
		return PORT;
	}

	public static synchronized void start() {
		if (server != null) {
			return;
		}
		server = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
			.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		server.start();
	}

	/**
	 * Stops the server: the relay is down until {@link #start()}; what it received is
	 * forgotten.
	 */
	public static synchronized void stop() {
		if (server != null) {
			server.stop();
			server = null;
		}
	}

	public static synchronized List<MimeMessage> receivedBy(String address) {
		if (server == null) {
			return List.of();
		}
		return Arrays.stream(server.getReceivedMessages()).filter(m -> addressedTo(m, address)).toList();
	}

	public static synchronized List<MimeMessage> received() {
		return server == null ? List.of() : List.of(server.getReceivedMessages());
	}

	private static boolean addressedTo(MimeMessage message, String address) {
		try {
			Address[] to = message.getAllRecipients();
			return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address));
		}
		catch (MessagingException ex) {
			throw new AssertionError(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

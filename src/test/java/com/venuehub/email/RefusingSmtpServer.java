package com.venuehub.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the mail relay, which GreenMail cannot play here: it answers
 * {@code 550 5.1.1 user unknown} to RCPT TO for the addresses it is told to refuse and
 * accepts every other message. It keeps every recipient it was asked for and every
 * message it accepted.
 */
final class RefusingSmtpServer implements AutoCloseable {

	/** A message the relay accepted: its recipients and its raw text. */
	record Accepted(List<String> recipients, String data) {
	}

	private final Set<String> refused;

	private final ServerSocket socket;

	private final ExecutorService sessions = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "refusing-smtp");
		thread.setDaemon(true);
		return thread;
	});

	private final List<String> asked = new CopyOnWriteArrayList<>();

	private final List<Accepted> accepted = new CopyOnWriteArrayList<>();

	RefusingSmtpServer(String... refused) throws IOException {
		this.refused = Set.of(refused);
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.sessions.execute(this::acceptConnections);
	}

	int port() {
		return this.socket.getLocalPort();
	}

	/** How many times a RCPT TO named this address. */
	long asked(String address) {
		return this.asked.stream().filter(address::equalsIgnoreCase).count();
	}

	List<Accepted> acceptedFor(String address) {
		return this.accepted.stream().filter(m -> m.recipients().stream().anyMatch(address::equalsIgnoreCase)).toList();
	}

	private void acceptConnections() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				this.sessions.execute(() -> session(client));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void session(Socket client) {
		try (client;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
				Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.ISO_8859_1)) {
			reply(out, "220 relay.test ESMTP");
			List<String> recipients = new ArrayList<>();
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.toUpperCase(Locale.ROOT);
				if (command.startsWith("EHLO") || command.startsWith("HELO")) {
					reply(out, "250 relay.test");
				}
				else if (command.startsWith("MAIL FROM:") || command.startsWith("RSET")) {
					recipients.clear();
					reply(out, "250 2.0.0 OK");
				}
				else if (command.startsWith("RCPT TO:")) {
					String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
					this.asked.add(address);
					if (this.refused.stream().anyMatch(address::equalsIgnoreCase)) {
						reply(out, "550 5.1.1 user unknown");
					}
					else {
						recipients.add(address);
						reply(out, "250 2.1.5 OK");
					}
				}
				else if (command.startsWith("DATA")) {
					if (recipients.isEmpty()) {
						reply(out, "503 5.5.1 no valid recipients");
						continue;
					}
					reply(out, "354 end with <CRLF>.<CRLF>");
					StringBuilder data = new StringBuilder();
					while ((line = in.readLine()) != null && !line.equals(".")) {
						data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
					}
					this.accepted.add(new Accepted(List.copyOf(recipients), data.toString()));
					recipients.clear();
					reply(out, "250 2.0.0 queued");
				}
				else if (command.startsWith("NOOP")) {
					reply(out, "250 2.0.0 OK");
				}
				else if (command.startsWith("QUIT")) {
					reply(out, "221 2.0.0 bye");
					return;
				}
				else {
					reply(out, "502 5.5.2 command not recognized");
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private static void reply(Writer out, String line) throws IOException {
		out.write(line + "\r\n");
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.sessions.shutdownNow();
	}

}

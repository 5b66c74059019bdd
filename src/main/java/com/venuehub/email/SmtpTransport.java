package com.venuehub.email;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sends through an SMTP relay with Jakarta Mail, one connection per worker, and sorts the
 * relay's refusals into temporary failures, a refused recipient and a refused message.
 */
class SmtpTransport implements MailTransport {

	private final EmailProperties.Smtp smtp;

	private final Session session;

	SmtpTransport(EmailProperties.Smtp smtp) {
		this.smtp = smtp;
		// Jakarta Mail 2.1 scans the class path for its stream provider at every body
		// part it builds
		// unless this names it: on the hub's class path that scan costs more than the
		// send itself
		System.getProperties()
			.putIfAbsent("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
		Properties properties = new Properties();
		properties.put("mail.smtp.host", smtp.host());
		properties.put("mail.smtp.port", String.valueOf(smtp.port()));
		String timeout = String.valueOf(smtp.timeout().toMillis());
		properties.put("mail.smtp.connectiontimeout", timeout);
		properties.put("mail.smtp.timeout", timeout);
		properties.put("mail.smtp.writetimeout", timeout);
		properties.put("mail.smtp.auth", String.valueOf(hasText(smtp.username())));
		properties.put("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
		properties.put("mail.smtp.starttls.required", String.valueOf(smtp.starttls()));
		this.session = Session.getInstance(properties);
	}

	@Override
	public String name() {
		return "smtp";
	}

	@Override
	public Connection open() {
		return new SmtpConnection();
	}

	private MimeMessage message(OutgoingEmail email) throws MessagingException {
		// one Message-ID per outbox row: a relay or a mailbox that sees it twice can tell
		MimeMessage message = new MimeMessage(this.session) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", email.messageId());
			}
		};
		message.setFrom(new InternetAddress(email.from(), false));
		if (hasText(email.replyTo())) {
			message.setReplyTo(InternetAddress.parse(email.replyTo(), false));
		}
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.to(), false));
		message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
		message.setSentDate(new Date());
		message.setHeader("X-Hub-Dedup-Key", email.dedupKey());
		MimeBodyPart text = new MimeBodyPart();
		text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
		MimeBodyPart html = new MimeBodyPart();
		html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
		MimeMultipart alternative = new MimeMultipart("alternative");
		alternative.addBodyPart(text);
		alternative.addBodyPart(html);
		message.setContent(alternative);
		message.saveChanges();
		return message;
	}

	static Exception classify(MessagingException failure) {
		for (Exception e = failure; e != null; e = next(e)) {
			if (e instanceof SMTPAddressFailedException address) {
				return address.getReturnCode() >= 500
						? new RecipientRefusedException(
								"the relay refused the recipient: " + reply(address, address.getReturnCode()), failure)
						: new TemporaryMailFailure(
								"the relay deferred the recipient: " + reply(address, address.getReturnCode()),
								failure);
			}
			if (e instanceof SMTPSenderFailedException sender && sender.getReturnCode() >= 500) {
				return new MessageRefusedException(
						"the relay refused the sender: " + reply(sender, sender.getReturnCode()), failure);
			}
			if (e instanceof SMTPSendFailedException send) {
				return send.getReturnCode() >= 500
						? new MessageRefusedException(
								"the relay refused the message: " + reply(send, send.getReturnCode()), failure)
						: new TemporaryMailFailure(
								"the relay deferred the message: " + reply(send, send.getReturnCode()), failure);
			}
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return new TemporaryMailFailure("the relay could not be reached or did not answer: "
				+ root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage()),
				failure);
	}

	/**
	 * The relay's answer as it gave it ({@code 550 5.1.1 user unknown}): Jakarta Mail's
	 * message is the whole reply line, code included.
	 */
	private static String reply(MessagingException e, int returnCode) {
		String message = e.getMessage() == null ? "" : e.getMessage().strip();
		String code = String.valueOf(returnCode);
		return message.startsWith(code) ? message : (code + " " + message).strip();
	}

	private static Exception next(Exception e) {
		if (e instanceof MessagingException messaging && messaging.getNextException() != null) {
			return messaging.getNextException();
		}
		return e.getCause() instanceof Exception cause && cause != e ? cause : null;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * A worker's connection: opened at its first message, closed after a failure or at
	 * the end.
	 */
	private final class SmtpConnection implements Connection {

		private Transport transport;

		@Override
		public String send(OutgoingEmail email)
				throws TemporaryMailFailure, RecipientRefusedException, MessageRefusedException {
			MimeMessage message;
			try {
				message = message(email);
			}
			catch (MessagingException ex) {
				throw new MessageRefusedException("the message cannot be built: " + ex.getMessage(), ex);
			}
			try {
				if (this.transport == null) {
					Transport fresh = SmtpTransport.this.session.getTransport("smtp");
					fresh.connect(SmtpTransport.this.smtp.host(), SmtpTransport.this.smtp.port(),
							SmtpTransport.this.smtp.username(), SmtpTransport.this.smtp.password());
					this.transport = fresh;
				}
				this.transport.sendMessage(message, message.getAllRecipients());
				return email.messageId();
			}
			catch (MessagingException ex) {
				// after a refusal the session may be in any state: the next message
				// starts afresh
				close();
				Exception failure = classify(ex);
				if (failure instanceof RecipientRefusedException refused) {
					throw refused;
				}
				if (failure instanceof MessageRefusedException refused) {
					throw refused;
				}
				throw (TemporaryMailFailure) failure;
			}
		}

		@Override
		public void close() {
			if (this.transport != null) {
				try {
					this.transport.close();
				}
				catch (MessagingException ex) {
					// the connection is dropped either way
				}
				this.transport = null;
			}
		}

	}

}

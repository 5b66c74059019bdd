package com.venuehub.email;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the relay's answers are sorted: temporary (retried), recipient refused (bouncing),
 * message refused.
 */
class SmtpRefusalTest {

	@Test
	void aPermanentRefusalOfTheRecipientMeansTheAddressIsBouncing() throws Exception {
		SendFailedException failure = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
				new InternetAddress("x@example.fr"), "RCPT TO", 550, "550 5.1.1 mailbox unknown"));
		assertThat(SmtpTransport.classify(failure)).isInstanceOf(RecipientRefusedException.class)
			.hasMessage("the relay refused the recipient: 550 5.1.1 mailbox unknown");
	}

	@Test
	void aTemporaryRefusalOfTheRecipientIsRetried() throws Exception {
		SendFailedException failure = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
				new InternetAddress("x@example.fr"), "RCPT TO", 452, "452 4.2.2 mailbox full"));
		assertThat(SmtpTransport.classify(failure)).isInstanceOf(TemporaryMailFailure.class);
	}

	@Test
	void anUnreachableRelayIsRetried() {
		MessagingException failure = new MailConnectException(new SocketConnectException("Couldn't connect",
				new java.net.ConnectException("Connection refused"), "127.0.0.1", 25, 5000));
		assertThat(SmtpTransport.classify(failure)).isInstanceOf(TemporaryMailFailure.class);
	}

	@Test
	void aPermanentRefusalOfTheMessageIsNotRetriedButKeepsTheAddress() {
		MessagingException failure = new SMTPSendFailedException("DATA", 554, "554 5.6.0 message refused", null, null,
				null, null);
		assertThat(SmtpTransport.classify(failure)).isInstanceOf(MessageRefusedException.class);
	}

}

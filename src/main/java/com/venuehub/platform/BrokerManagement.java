package com.venuehub.platform;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Asks the broker about its queues through Artemis management messages, as the hub's own
 * user (role {@code hub}, which may manage): the same for the embedded broker and a
 * standalone one.
 */
@Component
public class BrokerManagement {

	private static final long ANSWER_WITHIN_MS = 5000;

	private final ConnectionFactory connectionFactory;

	private final String managementAddress;

	public BrokerManagement(ConnectionFactory jmsConnectionFactory,
			@Value("${hub.broker.management-address:activemq.management}") String managementAddress) {
		this.connectionFactory = jmsConnectionFactory;
		this.managementAddress = managementAddress;
	}

	/**
	 * An attribute of a broker resource ({@code queue.hub.events}, {@code address.DLQ});
	 * null when the broker has no such resource.
	 * @throws JMSException when the broker cannot be asked
	 */
	public Object attribute(String resource, String attribute) throws JMSException {
		return ask(resource, message -> JMSManagementHelper.putAttribute(message, resource, attribute));
	}

	/** A number attribute, or 0 when the resource does not exist (yet). */
	public long count(String resource, String attribute) throws JMSException {
		Object value = attribute(resource, attribute);
		return value instanceof Number number ? number.longValue() : 0;
	}

	private Object ask(String resource, Request request) throws JMSException {
		try (Connection connection = this.connectionFactory.createConnection();
				Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
			TemporaryQueue replies = session.createTemporaryQueue();
			try (MessageConsumer consumer = session.createConsumer(replies);
					MessageProducer producer = session.createProducer(session.createQueue(this.managementAddress))) {
				connection.start();
				Message message = session.createMessage();
				request.fill(message);
				message.setJMSReplyTo(replies);
				producer.send(message);
				Message answer = consumer.receive(ANSWER_WITHIN_MS);
				if (answer == null) {
					throw new JMSException("the broker did not answer a management request on " + resource + " within "
							+ ANSWER_WITHIN_MS + " ms");
				}
				if (!JMSManagementHelper.hasOperationSucceeded(answer)) {
					// most often: no such resource (a dead-letter queue not created yet)
					return null;
				}
				return JMSManagementHelper.getResult(answer);
			}
			finally {
				replies.delete();
			}
		}
		catch (JMSException ex) {
			throw ex;
		}
		catch (Exception ex) {
			JMSException failure = new JMSException("cannot read the broker's answer about " + resource);
			failure.initCause(ex);
			throw failure;
		}
	}

	@FunctionalInterface
	private interface Request {

		void fill(Message message) throws JMSException;

	}

}

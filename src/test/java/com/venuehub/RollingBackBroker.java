package com.venuehub;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.ActiveMQTransactionRolledBackException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * A broker plugin that marks the transaction of a send rollback-only, as the broker does
 * when it loses a transaction (a failover during the commit): the commit then fails with
 * TRANSACTION_ROLLED_BACK. Only sends of messages with one of the given duplicate ids, at
 * most {@code times} times.
 */
public final class RollingBackBroker implements ActiveMQServerMessagePlugin {

	private final Set<String> duplicateIds;

	private final AtomicInteger left;

	private final AtomicInteger rolledBack = new AtomicInteger();

	public RollingBackBroker(Set<String> duplicateIds, int times) {
		this.duplicateIds = duplicateIds;
		this.left = new AtomicInteger(times);
	}

	/** How many sends it has rolled back. */
	public int rolledBack() {
		return this.rolledBack.get();
	}

	@Override
	public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
			boolean noAutoCreateQueue) {
		Object id = message.getDuplicateProperty();
		if (tx != null && id != null && this.duplicateIds.contains(id.toString()) && this.left.getAndDecrement() > 0) {
			this.rolledBack.incrementAndGet();
			tx.markAsRollbackOnly(new ActiveMQTransactionRolledBackException("rolled back by the broker"));
		}
	}

}

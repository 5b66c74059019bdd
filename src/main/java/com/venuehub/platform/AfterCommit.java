package com.venuehub.platform;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs what reports a change (a log line saying two customers were merged, a record taken
 * back) once the change is committed: a transaction that gives way and is applied again,
 * or rolls back, does not report what it never made. Outside a transaction, runs at once.
 */
public final class AfterCommit {

	private AfterCommit() {
	}

	public static void run(Runnable report) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			report.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				report.run();
			}

		});
	}

}

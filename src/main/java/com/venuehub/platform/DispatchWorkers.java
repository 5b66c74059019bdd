package com.venuehub.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parallel workers of an outbox dispatcher (email, SMS): a drain runs the same work
 * on each and answers how many messages they settled together. At shutdown the workers
 * finish the batch in hand and take no other, before the database goes away; a batch cut
 * short stays pending (or is reconciled) and is settled at the next start.
 */
public final class DispatchWorkers {

	private final ExecutorService pool;

	private final int size;

	private volatile boolean stopping;

	public DispatchWorkers(String name, int size) {
		this.size = size;
		AtomicInteger n = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(size, runnable -> {
			Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	public int size() {
		return this.size;
	}

	/** True once shutdown has begun: a worker takes no further batch. */
	public boolean stopping() {
		return this.stopping;
	}

	/**
	 * Runs {@code work} on every worker and waits for all of them.
	 * @return the sum of what each settled
	 * @throws Exception the failure of a worker (the others finished first)
	 */
	public int drain(Callable<Integer> work) throws Exception {
		List<Future<Integer>> running = new ArrayList<>();
		for (int i = 0; i < this.size; i++) {
			running.add(this.pool.submit(work));
		}
		int settled = 0;
		Exception failure = null;
		for (Future<Integer> worker : running) {
			try {
				settled += worker.get();
			}
			catch (ExecutionException ex) {
				failure = ex.getCause() instanceof Exception cause ? cause : ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
		return settled;
	}

	public void stop() throws InterruptedException {
		this.stopping = true;
		this.pool.shutdown();
		if (!this.pool.awaitTermination(20, TimeUnit.SECONDS)) {
			this.pool.shutdownNow();
		}
	}

}

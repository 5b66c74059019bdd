package com.venuehub.platform;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * A task the hub runs on a thread of its own every so often while it runs (the operations
 * gauges, the planner statistics): started with the application, stopped with it, a
 * period of 0 or less never starting it. Each run starts the period after the last one
 * ended, so a slow run never piles up behind itself.
 */
public abstract class PeriodicTask implements SmartLifecycle {

	private final String name;

	private final long initialDelayMs;

	private final long periodMs;

	private volatile ScheduledExecutorService scheduler;

	protected PeriodicTask(String name, long initialDelayMs, long periodMs) {
		this.name = name;
		this.initialDelayMs = initialDelayMs;
		this.periodMs = periodMs;
	}

	/** One run; what it throws is the task's to catch. */
	protected abstract void runOnce();

	@Override
	public void start() {
		if (this.periodMs <= 0) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, this.name);
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::runOnce, this.initialDelayMs, this.periodMs, TimeUnit.MILLISECONDS);
		this.scheduler = executor;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.scheduler;
		this.scheduler = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}

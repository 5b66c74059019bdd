package com.venuehub.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

/**
 * A retention period the hub enforces on a table of its own: every period, what has been
 * kept longer than {@code keptFor} loses its personal data. A run that cannot reach the
 * database is tried again at the next period.
 */
public abstract class RetentionTask extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(RetentionTask.class);

	private final String name;

	private final Clock clock;

	private final Duration keptFor;

	/**
	 * @param name how the log lines name it
	 * @param setting the setting of {@code keptFor}, for the error of a wrong one
	 * @param periodSetting the setting of the period, which turns it off at 0
	 */
	protected RetentionTask(String name, Clock clock, Duration keptFor, String setting, long initialDelayMs,
			long periodMs, String periodSetting, int batch, String batchSetting) {
		super(name.toLowerCase().replace(' ', '-'), initialDelayMs, periodMs);
		if (keptFor.isNegative() || keptFor.isZero()) {
			throw new IllegalArgumentException(
					setting + " must be more than 0, not " + keptFor + " (" + periodSetting + "=0 turns it off)");
		}
		if (batch < 1) {
			throw new IllegalArgumentException(batchSetting + " must be at least 1, not " + batch);
		}
		this.name = name;
		this.clock = clock;
		this.keptFor = keptFor;
	}

	/**
	 * Applies the retention to what was kept since before {@code cutoff}; answers what a
	 * log line says it did, or null when it did nothing.
	 */
	protected abstract String applyBefore(Instant cutoff);

	@Override
	protected final void runOnce() {
		try {
			String done = applyBefore(this.clock.instant().minus(this.keptFor));
			if (done != null) {
				log.info("{}: {}", this.name, done);
			}
		}
		catch (DataAccessException ex) {
			log.warn("{} could not run, trying again at its next period: {}", this.name, Failures.summary(ex));
		}
	}

	/** The period as a log line says it: in days when it is whole days. */
	protected String keptFor() {
		return this.keptFor.toSeconds() % 86_400 == 0 ? this.keptFor.toDays() + " days" : this.keptFor.toString();
	}

}

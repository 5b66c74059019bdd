package com.venuehub;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The hub's clock in tests: the real time until a test sets it, and again after it resets
 * it.
 */
public class TestClock extends Clock {

	private volatile Instant fixed;

	private volatile java.time.Duration offset = java.time.Duration.ZERO;

	/** Stops time at that instant. */
	public void set(Instant instant) {
		this.fixed = instant;
	}

	/** Moves to that instant, from which time goes on flowing. */
	public void travelTo(Instant instant) {
		this.offset = java.time.Duration.between(Instant.now(), instant);
		this.fixed = null;
	}

	public void reset() {
		this.fixed = null;
		this.offset = java.time.Duration.ZERO;
	}

	@Override
	public Instant instant() {
		Instant now = this.fixed;
		return now == null ? Instant.now().plus(this.offset) : now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		// the zone only changes how the instant is read: keep following this clock
		TestClock parent = this;
		return new Clock() {
			@Override
			public Instant instant() {
				return parent.instant();
			}

			@Override
			public ZoneId getZone() {
				return zone;
			}

			@Override
			public Clock withZone(ZoneId other) {
				return parent.withZone(other);
			}
		};
	}

}

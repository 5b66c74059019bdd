package com.venuehub.ingest;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * Intake settings shared by every source.
 *
 * @param inbox folder where file-based sources drop their exports (one sub-folder per
 * source)
 * @param mappings folder of the per-source mappings, loaded and checked at start-up
 * @param venueZone time zone of local times in source records
 * @param maxBodyBytes largest HTTP body accepted by the ingest endpoint
 * @param publishChunk events sent to the broker per transaction
 * @param limits sizes a record may not exceed, checked before anything else reads it
 * @param maxFutureSkew how far after the hub's clock a record may be dated; a record
 * dated later is quarantined with the reason (a clock gone wrong at the source, or a
 * forged date that would win every "latest" rule)
 * @param files when a file dropped in the inbox is complete enough to be read
 */
@Validated
@ConfigurationProperties("hub.ingest")
public record IngestProperties(@NotBlank String inbox, @NotBlank String mappings, @NotBlank String venueZone,
		@Min(1024) long maxBodyBytes, @Min(1) int publishChunk, @Valid Limits limits, Duration maxFutureSkew,
		@Valid Files files) {

	@ConstructorBinding
	public IngestProperties {
		if (venueZone != null) {
			try {
				ZoneId.of(venueZone);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("hub.ingest.venue-zone '" + venueZone + "' is not a time zone");
			}
		}
		if (limits == null) {
			limits = new Limits(null, null, null);
		}
		if (files == null) {
			files = new Files(5000, 1000, 30000);
		}
		if (maxFutureSkew == null) {
			maxFutureSkew = Duration.ofHours(24);
		}
		if (maxFutureSkew.isNegative() || maxFutureSkew.isZero() || maxFutureSkew.compareTo(Duration.ofDays(366)) > 0) {
			throw new IllegalArgumentException("hub.ingest.max-future-skew must be a duration above zero and at most "
					+ "366 days, such as 24h (got " + maxFutureSkew + ")");
		}
	}

	public IngestProperties(String inbox, String mappings, String venueZone, long maxBodyBytes, int publishChunk) {
		this(inbox, mappings, venueZone, maxBodyBytes, publishChunk, null, null, null);
	}

	/**
	 * @param maxFieldLength longest text of any field of a source record, and of a kiosk
	 * comment
	 * @param maxValueLength longest value the mapping gives a name, an identifier, a code
	 * or an address
	 * @param maxPositions most entries of a list in one record (positions of an order)
	 */
	public record Limits(@Min(1) Integer maxFieldLength, @Min(1) Integer maxValueLength, @Min(1) Integer maxPositions) {

		public Limits {
			maxFieldLength = maxFieldLength == null ? 2000 : maxFieldLength;
			maxValueLength = maxValueLength == null ? 255 : maxValueLength;
			maxPositions = maxPositions == null ? 500 : maxPositions;
		}

	}

	/**
	 * A file is read once it has not been written to for {@code stableForMs}: an export
	 * still being copied over a slow share is left alone until the copy ends.
	 *
	 * @param stableForMs how long a file must stay unmodified before it is read
	 * @param checkIntervalMs how often a file not yet stable is looked at again
	 * @param lockTimeoutMs how long one poll waits for a file to become stable before it
	 * leaves it for the next poll
	 */
	public record Files(@Min(1) long stableForMs, @Min(10) long checkIntervalMs, @Min(100) long lockTimeoutMs) {

		public Files {
			if (lockTimeoutMs <= checkIntervalMs) {
				throw new IllegalArgumentException("hub.ingest.files.lock-timeout-ms (" + lockTimeoutMs
						+ ") must be longer than hub.ingest.files.check-interval-ms (" + checkIntervalMs + ")");
			}
		}

	}

}

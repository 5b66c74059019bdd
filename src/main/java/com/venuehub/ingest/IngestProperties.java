package com.venuehub.ingest;

import java.time.ZoneId;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
 */
@Validated
@ConfigurationProperties("hub.ingest")
public record IngestProperties(@NotBlank String inbox, @NotBlank String mappings, @NotBlank String venueZone,
		@Min(1024) long maxBodyBytes, @Min(1) int publishChunk) {

	public IngestProperties {
		if (venueZone != null) {
			try {
				ZoneId.of(venueZone);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("hub.ingest.venue-zone '" + venueZone + "' is not a time zone");
			}
		}
	}

}

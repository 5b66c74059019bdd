package com.venuehub.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of a batch: how many records were read, accepted (sent on to unify) and
 * quarantined, with each rejection's reason, and the contact values of accepted records
 * kept unverified (accepted all the same). {@code bodyRejected} is set when the body as a
 * whole could not be read.
 */
public record IngestReport(String source, String origin, int read, int accepted, int quarantined,
		List<Rejection> rejections, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<KeptUnverified> unverified,
		@JsonIgnore boolean bodyRejected) {

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Rejection(Integer line, Integer index, Long quarantineId, String reason) {
	}

	/**
	 * A contact value of an accepted record that cannot be used: the record is applied,
	 * the value kept aside (the value itself is not repeated here).
	 *
	 * @param kind EMAIL, PHONE or CARD
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record KeptUnverified(Integer line, Integer index, String kind, String reason) {
	}

}

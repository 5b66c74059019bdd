package com.venuehub.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of a batch: how many records were read, accepted (sent on to unify) and
 * quarantined, with each rejection's reason. {@code bodyRejected} is set when the body as
 * a whole could not be read.
 */
public record IngestReport(String source, String origin, int read, int accepted, int quarantined,
		List<Rejection> rejections, @JsonIgnore boolean bodyRejected) {

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Rejection(Integer line, Integer index, Long quarantineId, String reason) {
	}

}

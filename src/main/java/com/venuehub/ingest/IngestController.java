package com.venuehub.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import com.venuehub.platform.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/ingest/{source}}: a record or a batch in the source's own format,
 * handed to the source's connector route ({@code direct:ingest-<source>} in
 * {@code routes/}). Answers 202 with what was accepted and what was quarantined, and why.
 */
@RestController
@RequestMapping("/api/v1/ingest")
@Tag(name = "ingest", description = "Records from ticketing, turnstiles and other sources")
public class IngestController {

	private final ProducerTemplate producer;

	private final CamelContext camel;

	private final IngestProperties properties;

	public IngestController(ProducerTemplate producer, CamelContext camel, IngestProperties properties) {
		this.producer = producer;
		this.camel = camel;
		this.properties = properties;
	}

	@Operation(summary = "Ingest a record or a batch (JSON, or CSV for box-office)")
	@PostMapping("/{source}")
	public ResponseEntity<IngestReport> ingest(@PathVariable String source, HttpServletRequest request)
			throws IOException {
		String endpoint = "direct:ingest-" + source.toLowerCase(Locale.ROOT);
		if (this.camel.hasEndpoint(endpoint) == null) {
			throw new ApiException(HttpStatus.NOT_FOUND,
					"unknown source '" + source + "': no connector route " + "listens on " + endpoint);
		}
		String body = readLimited(request);
		IngestReport report = this.producer.requestBodyAndHeaders(endpoint, body,
				Map.of(Intake.ORIGIN, "http " + request.getRemoteAddr()), IngestReport.class);
		if (report.bodyRejected()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, report.rejections().get(0).reason()
					+ " (kept in quarantine as " + report.rejections().get(0).quarantineId() + ")");
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(report);
	}

	private String readLimited(HttpServletRequest request) throws IOException {
		long max = this.properties.maxBodyBytes();
		if (request.getContentLengthLong() > max) {
			throw tooLarge(max);
		}
		try (InputStream in = request.getInputStream()) {
			byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
			if (bytes.length > max) {
				throw tooLarge(max);
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	private static ApiException tooLarge(long max) {
		return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE,
				"the body is larger than the " + max + " bytes accepted (hub.ingest.max-body-bytes); split the batch");
	}

}

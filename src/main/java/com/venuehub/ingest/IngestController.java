package com.venuehub.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.venuehub.platform.ApiException;
import com.venuehub.platform.ErrorHandling;
import com.venuehub.platform.ResellerPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/ingest/{source}}: a record or a batch in the source's own format,
 * handed to the source's connector route ({@code direct:ingest-<source>} in
 * {@code routes/}). Answers 202 with what was accepted and what was quarantined, and why.
 * A reseller posting with its own key has every row naming another reseller quarantined.
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
	public ResponseEntity<IngestReport> ingest(@PathVariable String source, HttpServletRequest request,
			@AuthenticationPrincipal Object caller) throws IOException {
		String endpoint = "direct:ingest-" + source.toLowerCase(Locale.ROOT);
		if (this.camel.hasEndpoint(endpoint) == null) {
			throw new ApiException(HttpStatus.NOT_FOUND,
					"unknown source '" + source + "': no connector route " + "listens on " + endpoint);
		}
		String body = decode(readLimited(request), request.getContentType());
		Map<String, Object> headers = new HashMap<>();
		headers.put(Intake.ORIGIN, "http " + request.getRemoteAddr());
		// an outage is answered 503 at once, not after the back-off of the routes
		headers.put(ErrorHandling.CALLER_WAITING, true);
		if (caller instanceof ResellerPrincipal reseller) {
			// a reseller's own key: its rows must name it, whatever they say
			headers.put(Intake.ORIGIN,
					"http " + request.getRemoteAddr() + " (key of reseller " + reseller.code() + ")");
			headers.put(Intake.RESELLER, reseller.code());
		}
		IngestReport report = this.producer.requestBodyAndHeaders(endpoint, body, headers, IngestReport.class);
		if (report.bodyRejected()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, report.rejections().get(0).reason()
					+ " (kept in quarantine as " + report.rejections().get(0).quarantineId() + ")");
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(report);
	}

	/**
	 * The body as text: in the charset its content type names, else by its byte-order
	 * mark, else UTF-8; a CSV export that is not UTF-8 is read as Windows-1252, as a
	 * dropped file is. Bytes that are not text in that charset are a 400.
	 */
	private static String decode(byte[] body, String contentType) {
		String charset = null;
		boolean csv = false;
		if (contentType != null && !contentType.isBlank()) {
			try {
				MediaType type = MediaType.parseMediaType(contentType);
				charset = type.getParameter("charset");
				csv = type.getType().equalsIgnoreCase("text")
						&& (type.getSubtype().toLowerCase(Locale.ROOT).contains("csv")
								|| type.getSubtype().equalsIgnoreCase("plain"));
			}
			catch (InvalidMediaTypeException ex) {
				throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
						"the Content-Type header '" + contentType + "' cannot be read: " + ex.getMessage());
			}
		}
		try {
			return TextDecoding.decode(body, charset == null ? null : charset.replace("\"", ""),
					csv ? TextDecoding.WINDOWS_1252 : null);
		}
		catch (TextDecoding.UnreadableText ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
	}

	private byte[] readLimited(HttpServletRequest request) throws IOException {
		long max = this.properties.maxBodyBytes();
		if (request.getContentLengthLong() > max) {
			throw tooLarge(max);
		}
		try (InputStream in = request.getInputStream()) {
			byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
			if (bytes.length > max) {
				throw tooLarge(max);
			}
			return bytes;
		}
	}

	private static ApiException tooLarge(long max) {
		return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE,
				"the body is larger than the " + max + " bytes accepted (hub.ingest.max-body-bytes); split the batch");
	}

}

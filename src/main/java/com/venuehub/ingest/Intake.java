package com.venuehub.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.venuehub.platform.MalformedRecordException;
import com.venuehub.platform.Quarantine;
import com.venuehub.platform.RecordRejectedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import org.springframework.stereotype.Component;

/**
 * The intake step every connector route calls: splits a batch into records (CSV rows or
 * JSON elements), maps each with its source's mapping, sends the good ones on as
 * canonical events and quarantines the others with their raw text and reason, so one bad
 * record never holds up its batch.
 */
@Component("intake")
public class Intake {

	public static final String SOURCE = "hubSource";

	public static final String MAPPING = "hubMapping";

	public static final String FORMAT = "hubFormat";

	public static final String ORIGIN = "hubOrigin";

	/**
	 * The code of the reseller whose own key posted the batch: each record must be a sale
	 * of that reseller, or it is quarantined.
	 */
	public static final String RESELLER = "hubReseller";

	private static final CSVFormat SEMICOLON_CSV = CSVFormat.DEFAULT.builder().setDelimiter(';').setTrim(true).get();

	private final Mappings mappings;

	private final CanonicalEventReader reader;

	private final EventPublisher publisher;

	private final Quarantine quarantine;

	private final ObjectMapper json;

	private final MeterRegistry meters;

	private final List<RecordCheck> checks;

	private final InputBounds bounds;

	public Intake(Mappings mappings, CanonicalEventReader reader, EventPublisher publisher, Quarantine quarantine,
			ObjectMapper json, MeterRegistry meters, List<RecordCheck> checks, InputBounds bounds) {
		this.mappings = mappings;
		this.bounds = bounds;
		this.checks = List.copyOf(checks);
		this.reader = reader;
		this.publisher = publisher;
		this.quarantine = quarantine;
		this.json = json;
		this.meters = meters;
	}

	/**
	 * Called by the connector routes with the batch as body and the source settings as
	 * headers.
	 */
	public IngestReport ingest(@Header(SOURCE) String source, @Header(MAPPING) String mapping,
			@Header(FORMAT) String format, @Header(ORIGIN) String origin, @Header(RESELLER) String reseller,
			@Body String body) {
		checkMapping(source, mapping);
		Outcome outcome = parse(source, mapping, format, body, reseller);
		return settle(source, mapping, format, origin, outcome);
	}

	void checkMapping(String source, String mapping) {
		if (!this.mappings.has(mapping)) {
			throw new IllegalStateException(
					"route for " + source + " names mapping " + mapping + ", which is not in the mapping folder");
		}
	}

	/**
	 * Sends the accepted records on and quarantines the others: once it returns, every
	 * record of the outcome is on the broker or in the quarantine.
	 */
	IngestReport settle(String source, String mapping, String format, String origin, Outcome outcome) {
		this.publisher.publish(outcome.accepted());
		List<IngestReport.Rejection> rejections = new ArrayList<>();
		for (Failed failed : outcome.failed()) {
			long id = this.quarantine.keep(new Quarantine.Entry(source, mapping, origin, failed.line(), format,
					failed.raw(), outcome.context(), failed.reason()));
			rejections.add(new IngestReport.Rejection(failed.line(), failed.index(), id, failed.reason()));
		}
		this.meters.counter("hub.ingest.records", "source", source, "outcome", "accepted")
			.increment(outcome.accepted().size());
		this.meters.counter("hub.ingest.records", "source", source, "outcome", "quarantined")
			.increment(outcome.failed().size());
		// a body that is one record refused as malformed is refused as a whole (400),
		// like
		// a body that is not JSON
		boolean refused = outcome.malformedBody()
				|| (outcome.read() == 1 && outcome.failed().size() == 1 && outcome.failed().get(0).malformed());
		return new IngestReport(source, origin, outcome.read(), outcome.accepted().size(), outcome.failed().size(),
				rejections, outcome.unverified(), refused);
	}

	/**
	 * Maps one quarantined record again (its stored payload, or a corrected one) and
	 * sends it on.
	 * @return the reason it is still rejected, or null when it went through
	 */
	public String replay(String source, String mapping, String format, String payload, String context) {
		String body = "csv".equals(format) ? context + "\n" + payload : payload;
		Outcome outcome = parse(source, mapping, format, body);
		if (!outcome.failed().isEmpty()) {
			return outcome.failed().get(0).reason();
		}
		if (outcome.accepted().isEmpty()) {
			return "the payload holds no record";
		}
		this.publisher.publish(outcome.accepted());
		return null;
	}

	/**
	 * Sends on again an event unify quarantined (its canonical JSON, as stored or
	 * corrected), through the checks of intake: the input bounds, what every event and
	 * its kind need, and the capabilities' own checks.
	 * @return the reason it is still rejected, or null when it went through
	 */
	public String replayEvent(String payload) {
		CanonicalEvent event;
		try {
			JsonNode node = this.json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(payload);
			if (node == null || !node.isObject()) {
				return "the payload is not a canonical event: it is "
						+ (node != null && node.isNull() ? "JSON null" : "not a JSON object");
			}
			// the id is made of the source, the kind and a key checked at intake: longer
			// than any value, by design
			ObjectNode values = ((ObjectNode) node).deepCopy();
			values.remove("id");
			this.bounds.checkMapped(values);
			event = this.json.treeToValue(node, CanonicalEvent.class);
			checkComplete(event);
			this.checks.forEach(check -> check.check(event));
		}
		catch (JsonProcessingException ex) {
			return "the payload is not a canonical event: " + ex.getOriginalMessage();
		}
		catch (RecordRejectedException ex) {
			return ex.getMessage();
		}
		this.publisher.publish(List.of(event));
		return null;
	}

	/**
	 * What unify needs of every event and of its kind's part, as the reader of mapped
	 * records requires it: a corrected event that lacks some is refused naming them all.
	 */
	private static void checkComplete(CanonicalEvent event) {
		List<String> missing = new ArrayList<>();
		required(missing, "id", event.id());
		required(missing, "source", event.source());
		required(missing, "kind", event.kind());
		required(missing, "occurredAt", event.occurredAt());
		if (event.kind() == CanonicalEvent.Kind.PURCHASE) {
			if (required(missing, "order", event.order())) {
				required(missing, "order.ref", event.order().ref());
				required(missing, "order.status", event.order().status());
			}
			if (event.tickets() == null || event.tickets().isEmpty()) {
				missing.add("tickets");
			}
			else {
				for (int i = 0; i < event.tickets().size(); i++) {
					if (required(missing, "tickets[" + i + "]", event.tickets().get(i))) {
						required(missing, "tickets[" + i + "].number", event.tickets().get(i).number());
					}
				}
			}
		}
		else if (event.kind() == CanonicalEvent.Kind.SCAN && required(missing, "scan", event.scan())) {
			required(missing, "scan.scanId", event.scan().scanId());
			required(missing, "scan.ticketNumber", event.scan().ticketNumber());
		}
		else if (event.kind() == CanonicalEvent.Kind.LOYALTY && required(missing, "loyalty", event.loyalty())) {
			required(missing, "loyalty.txnId", event.loyalty().txnId());
			required(missing, "loyalty.cardNumber", event.loyalty().cardNumber());
			required(missing, "loyalty.type", event.loyalty().type());
		}
		else if (event.kind() == CanonicalEvent.Kind.FEEDBACK) {
			required(missing, "venue", event.venue());
			if (required(missing, "feedback", event.feedback())) {
				required(missing, "feedback.responseId", event.feedback().responseId());
				required(missing, "feedback.kioskId", event.feedback().kioskId());
			}
		}
		if (!missing.isEmpty()) {
			throw new RecordRejectedException("the payload is not a canonical event: " + String.join(", ", missing)
					+ (missing.size() == 1 ? " is" : " are") + " missing");
		}
		if (event.feedback() != null && (event.feedback().score() < 0 || event.feedback().score() > 10)) {
			throw new RecordRejectedException(
					"score " + event.feedback().score() + " is out of range: a score is from 0 to 10");
		}
	}

	/**
	 * Adds the field to those missing when it has no value; answers whether it has one.
	 */
	private static boolean required(List<String> missing, String field, Object value) {
		if (value == null || value instanceof String text && text.isBlank()) {
			missing.add(field);
			return false;
		}
		return true;
	}

	Outcome parse(String source, String mapping, String format, String body) {
		return parse(source, mapping, format, body, null);
	}

	private Outcome parse(String source, String mapping, String format, String body, String reseller) {
		if (body == null || body.isBlank()) {
			return new Outcome(0, List.of(), List.of(new Failed(null, null, "", "the body is empty")), null, true);
		}
		return "csv".equalsIgnoreCase(format) ? csv(source, mapping, body, reseller)
				: json(source, mapping, body, reseller);
	}

	private Outcome csv(String source, String mapping, String body, String reseller) {
		CsvLines lines = new CsvLines(new StringReader(body), Integer.MAX_VALUE);
		CsvLines.Record headerLine = lines.next();
		if (headerLine == null) {
			return new Outcome(0, List.of(), List.of(new Failed(null, null, body, "the file has no header row")), null,
					true);
		}
		List<String> header;
		try {
			header = header(headerLine);
		}
		catch (RecordRejectedException ex) {
			return new Outcome(0, List.of(),
					List.of(new Failed(headerLine.number(), null, headerLine.text(), ex.getMessage(), true)), null,
					true);
		}
		List<CsvLines.Record> records = new ArrayList<>();
		for (CsvLines.Record record = lines.next(); record != null; record = lines.next()) {
			records.add(record);
		}
		return csvRecords(source, mapping, headerLine.text(), header, records, reseller);
	}

	/**
	 * The names of a header row's columns; refused when they cannot name a record's
	 * fields.
	 */
	static List<String> header(CsvLines.Record headerLine) {
		List<String> header;
		try {
			header = parseLine(headerLine.text());
		}
		catch (RecordRejectedException ex) {
			throw new RecordRejectedException("the header row cannot be read: " + ex.getMessage(), ex);
		}
		String problem = CsvLines.headerProblem(header);
		if (problem != null) {
			throw new RecordRejectedException(problem);
		}
		return header;
	}

	/** Maps CSV records read under a header row (a whole body, or a part of a file). */
	Outcome csvRecords(String source, String mapping, String headerLine, List<String> header,
			List<CsvLines.Record> records) {
		return csvRecords(source, mapping, headerLine, header, records, null);
	}

	private Outcome csvRecords(String source, String mapping, String headerLine, List<String> header,
			List<CsvLines.Record> records, String reseller) {
		Map<String, CanonicalEvent> accepted = new LinkedHashMap<>();
		List<Failed> failed = new ArrayList<>();
		List<IngestReport.KeptUnverified> unverified = new ArrayList<>();
		for (CsvLines.Record line : records) {
			int lineNumber = line.number();
			try {
				if (line.tooLong()) {
					throw new MalformedRecordException("line " + lineNumber + " is longer than a record may be");
				}
				List<String> values = parseLine(line.text());
				if (values.size() != header.size()) {
					throw new RecordRejectedException("line " + lineNumber + " has " + values.size()
							+ " fields where the header has " + header.size() + " (separator is ';')");
				}
				ObjectNode record = this.json.createObjectNode();
				for (int c = 0; c < header.size(); c++) {
					record.put(header.get(c), values.get(c).isEmpty() ? null : values.get(c));
				}
				CanonicalEvent event = read(source, mapping, record, reseller);
				if (accepted.putIfAbsent(event.id(), event) == null) {
					note(unverified, lineNumber, null, event);
				}
			}
			catch (RuntimeException ex) {
				failed
					.add(new Failed(lineNumber, null, line.text(), reason(ex), ex instanceof MalformedRecordException));
			}
		}
		return new Outcome(records.size(), List.copyOf(accepted.values()), failed, headerLine, false, unverified);
	}

	static List<String> parseLine(String line) {
		if (!line.isEmpty() && line.indexOf('"') < 0 && line.indexOf('\r') < 0 && line.indexOf('\n') < 0) {
			// no quoting: the fields as the CSV parser reads them, without a parser per
			// line
			String[] fields = line.split(";", -1);
			List<String> values = new ArrayList<>(fields.length);
			for (String field : fields) {
				values.add(field.trim());
			}
			return values;
		}
		try (CSVParser parser = CSVParser.parse(new StringReader(line), SEMICOLON_CSV)) {
			List<CSVRecord> records = parser.getRecords();
			if (records.size() != 1) {
				throw new RecordRejectedException("the line does not hold one CSV record");
			}
			return records.get(0).toList();
		}
		catch (IOException | IllegalStateException | java.io.UncheckedIOException ex) {
			throw new RecordRejectedException("the line is not valid CSV: " + ex.getMessage(), ex);
		}
	}

	private Outcome json(String source, String mapping, String body, String reseller) {
		JsonNode root;
		try {
			// a body is one JSON value: text after it is no part of any record
			root = this.json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
		}
		catch (JsonProcessingException ex) {
			String where = ex.getLocation() == null ? ""
					: " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr();
			return new Outcome(0, List.of(), List.of(new Failed(null, null, body,
					"the body is not valid JSON" + where + ": " + ex.getOriginalMessage())), null, true);
		}
		List<JsonNode> records = new ArrayList<>();
		if (root.isArray()) {
			root.forEach(records::add);
		}
		else if (root.isObject() && root.path("results").isArray()) {
			root.path("results").forEach(records::add);
		}
		else if (root.isObject()) {
			records.add(root);
		}
		else {
			return new Outcome(0, List.of(),
					List.of(new Failed(null, null, body, "the body must be a JSON object or an array of objects")),
					null, true);
		}
		Map<String, CanonicalEvent> accepted = new LinkedHashMap<>();
		List<Failed> failed = new ArrayList<>();
		List<IngestReport.KeptUnverified> unverified = new ArrayList<>();
		for (int i = 0; i < records.size(); i++) {
			JsonNode record = records.get(i);
			try {
				if (!record.isObject()) {
					throw new RecordRejectedException("record " + i + " is not a JSON object");
				}
				CanonicalEvent event = read(source, mapping, record, reseller);
				if (accepted.putIfAbsent(event.id(), event) == null) {
					note(unverified, null, i, event);
				}
			}
			catch (RuntimeException ex) {
				failed.add(new Failed(null, i, record.toString(), reason(ex), ex instanceof MalformedRecordException));
			}
		}
		return new Outcome(records.size(), List.copyOf(accepted.values()), failed, null, false, unverified);
	}

	private CanonicalEvent read(String source, String mapping, JsonNode record, String reseller) {
		this.bounds.checkRecord(record);
		JsonNode mapped = this.mappings.apply(mapping, record);
		if (mapped != null) {
			this.bounds.checkMapped(mapped);
		}
		CanonicalEvent event = this.reader.read(source, mapped);
		if (reseller != null) {
			checkReseller(event, reseller);
		}
		this.checks.forEach(check -> check.check(event));
		return event;
	}

	/**
	 * A batch posted with a reseller's own key holds that reseller's sales only: a row
	 * naming another reseller (or none) would book or give back against another's
	 * allocation and tickets.
	 */
	private static void checkReseller(CanonicalEvent event, String reseller) {
		String named = event.order() == null ? null : event.order().resellerId();
		if (named == null) {
			throw new RecordRejectedException("the record names no reseller, and it was posted with the key of "
					+ "reseller '" + reseller + "': a reseller's key posts that reseller's own sales only");
		}
		if (!named.equals(reseller)) {
			throw new RecordRejectedException(
					"the record is a sale of reseller '" + named + "', and it was posted with the key of reseller '"
							+ reseller + "': a reseller's key posts that reseller's own sales only");
		}
	}

	/** What the source should fix, though the record is accepted. */
	private static void note(List<IngestReport.KeptUnverified> notes, Integer line, Integer index,
			CanonicalEvent event) {
		if (event.contact() != null) {
			event.contact()
				.unverified()
				.forEach(u -> notes.add(new IngestReport.KeptUnverified(line, index, u.kind(), u.reason())));
		}
	}

	private static String reason(RuntimeException ex) {
		if (ex instanceof RecordRejectedException) {
			return ex.getMessage();
		}
		return "the record could not be read (" + ex.getClass().getSimpleName()
				+ (ex.getMessage() == null ? "" : ": " + ex.getMessage()) + ")";
	}

	/**
	 * @param malformed refused before it was read for what it means (control characters,
	 * sizes)
	 */
	record Failed(Integer line, Integer index, String raw, String reason, boolean malformed) {

		Failed(Integer line, Integer index, String raw, String reason) {
			this(line, index, raw, reason, false);
		}

	}

	/**
	 * @param context the CSV header row, kept with quarantined rows for replay
	 * @param malformedBody the body as a whole could not be read
	 * @param unverified contact values of accepted records kept unverified
	 */
	record Outcome(int read, List<CanonicalEvent> accepted, List<Failed> failed, String context, boolean malformedBody,
			List<IngestReport.KeptUnverified> unverified) {

		Outcome(int read, List<CanonicalEvent> accepted, List<Failed> failed, String context) {
			this(read, accepted, failed, context, false);
		}

		Outcome(int read, List<CanonicalEvent> accepted, List<Failed> failed, String context, boolean malformedBody) {
			this(read, accepted, failed, context, malformedBody, List.of());
		}

	}

}

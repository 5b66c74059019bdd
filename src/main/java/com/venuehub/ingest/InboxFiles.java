package com.venuehub.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.platform.Failures;
import com.venuehub.platform.RecordRejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The step of every file-drop route: reads a CSV file dropped in the inbox as a stream, a
 * part at a time, and hands each part to {@link Intake}. The route's {@code move} option
 * then moves the file to where this step says: {@code .done/} once each record is on the
 * broker or in the quarantine (next to a {@code .report.json}), or {@code .failed/} when
 * the file cannot be read at all (not text, a charset it is not in, an unusable header
 * row), next to a {@code .report.txt} saying what is wrong and on which line. An outage
 * of the broker or the database leaves the file where it is, to be read again at a later
 * poll.
 */
@Component("inboxFiles")
public class InboxFiles {

	/** The charset of the route's files: {@code auto} (detected) or a charset name. */
	public static final String CHARSET = "hubCharset";

	/** Where the route moves the file once this step is done, relative to its folder. */
	public static final String MOVE_TO = "hubMoveTo";

	static final String DONE = ".done";

	static final String FAILED = ".failed";

	/** Rejections listed in a report (all are in the quarantine). */
	private static final int REPORTED_REJECTIONS = 1000;

	private static final DateTimeFormatter BATCH = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
		.withZone(ZoneOffset.UTC);

	private static final Logger log = LoggerFactory.getLogger(InboxFiles.class);

	private final Intake intake;

	private final ObjectMapper json;

	private final int chunk;

	private final int maxLineLength;

	public InboxFiles(Intake intake, ObjectMapper json, IngestProperties properties) {
		this.intake = intake;
		this.json = json;
		this.chunk = properties.publishChunk();
		this.maxLineLength = Math.max(65_536, 64 * properties.limits().maxFieldLength());
	}

	public void ingest(Exchange exchange) throws IOException {
		Message message = exchange.getMessage();
		String source = message.getHeader(Intake.SOURCE, String.class);
		String mapping = message.getHeader(Intake.MAPPING, String.class);
		this.intake.checkMapping(source, mapping);
		Path file = Path.of(message.getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
		String name = file.getFileName().toString();
		String batch = BATCH.format(Instant.now());
		String origin = "file " + name;
		Totals totals = new Totals(source, origin);
		TextDecoding.Detected detected = null;
		CsvLines lines = null;
		try {
			detected = TextDecoding.detect(file, message.getHeader(CHARSET, String.class));
			try (Reader reader = TextDecoding.open(file, detected)) {
				lines = new CsvLines(reader, this.maxLineLength);
				CsvLines.Record headerLine = lines.next();
				if (headerLine == null) {
					throw new TextDecoding.UnreadableText(1, "the file is empty: it has no header row");
				}
				List<String> header;
				try {
					header = Intake.header(headerLine);
				}
				catch (RecordRejectedException ex) {
					throw new TextDecoding.UnreadableText(headerLine.number(), ex.getMessage());
				}
				List<CsvLines.Record> part = new ArrayList<>(this.chunk);
				for (CsvLines.Record record = lines.next(); record != null; record = lines.next()) {
					part.add(record);
					if (part.size() == this.chunk) {
						totals.add(settle(source, mapping, origin, headerLine.text(), header, part));
						part.clear();
					}
				}
				totals.add(settle(source, mapping, origin, headerLine.text(), header, part));
			}
			Path done = Files.createDirectories(file.resolveSibling(DONE));
			String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
			write(done.resolve(batch + "-" + base + ".report.json"),
					this.json.writerWithDefaultPrettyPrinter().writeValueAsString(totals.report()));
			message.setHeader(MOVE_TO, DONE + "/" + batch + "-" + name);
			log.info("File {} of {}: {} records read, {} accepted, {} quarantined", name, source, totals.read,
					totals.accepted, totals.quarantined);
		}
		catch (TextDecoding.UnreadableText ex) {
			failed(message, file, batch, source, detected, totals, ex.line(), ex.getMessage());
		}
		catch (UncheckedIOException ex) {
			if (!(ex.getCause() instanceof CharacterCodingException)) {
				throw ex.getCause();
			}
			int line = lines == null ? 1 : lines.lineNumber() + 1;
			failed(message, file, batch, source, detected, totals, line,
					"line " + line + " holds a byte that is not a character in " + detected.charset().name()
							+ ": save the file as UTF-8, or name its charset in the route (hubCharset)");
		}
		catch (RuntimeException ex) {
			if (Failures.isOutage(ex)) {
				// the broker or the database: the file stays, read again at a later poll
				throw ex;
			}
			// its message may quote the file's text: the log says what failed and where
			// in
			// the hub, the report why
			log.error("File {} of {} could not be processed ({}, at {})", name, source, Failures.summary(ex),
					Failures.where(ex));
			failed(message, file, batch, source, detected, totals, lines == null ? null : lines.lineNumber(),
					"the file could not be processed: " + Failures.describe(ex));
		}
	}

	private IngestReport settle(String source, String mapping, String origin, String headerLine, List<String> header,
			List<CsvLines.Record> part) {
		Intake.Outcome outcome = this.intake.csvRecords(source, mapping, headerLine, header, part);
		return this.intake.settle(source, mapping, "csv", origin, outcome);
	}

	private void failed(Message message, Path file, String batch, String source, TextDecoding.Detected detected,
			Totals totals, Integer line, String problem) throws IOException {
		String name = file.getFileName().toString();
		String moved = FAILED + "/" + batch + "-" + name;
		Path folder = Files.createDirectories(file.resolveSibling(FAILED));
		StringBuilder report = new StringBuilder();
		report.append("This file could not be read, and was moved here instead of being read again at every poll.\n\n");
		report.append("File:      ").append(name).append(" (").append(Files.size(file)).append(" bytes)\n");
		report.append("Source:    ").append(source).append('\n');
		report.append("Moved to:  ").append(moved).append('\n');
		report.append("At:        ").append(Instant.now()).append('\n');
		if (detected != null) {
			report.append("Charset:   ")
				.append(detected.charset().name())
				.append(" (")
				.append(detected.how())
				.append(")\n");
		}
		report.append('\n').append("Problem:   ");
		if (line != null && !problem.startsWith("line ")) {
			report.append("line ").append(line).append(": ");
		}
		report.append(problem).append("\n\n");
		if (totals.read > 0) {
			report.append("Before the problem, ")
				.append(totals.read)
				.append(" records were read: ")
				.append(totals.accepted)
				.append(" accepted, ")
				.append(totals.quarantined)
				.append(" quarantined (GET /api/v1/quarantine?source=")
				.append(source)
				.append(").\n");
		}
		else {
			report.append("No record of it was taken.\n");
		}
		report.append("To ingest it, correct it and drop it again in the ")
			.append(source)
			.append(" folder: records already taken are not applied twice.\n");
		write(folder.resolve(batch + "-" + name + ".report.txt"), report.toString());
		message.setHeader(MOVE_TO, moved);
		// the problem may quote the file's text, so the log names where it is said, not
		// what it says
		log.warn("File {} of {} moved to {} ({}); why is in {}.report.txt", name, source, moved,
				line == null ? "unreadable" : "at line " + line, moved);
	}

	private static void write(Path target, String content) throws IOException {
		Path part = target.resolveSibling(target.getFileName() + ".part");
		Files.writeString(part, content, StandardCharsets.UTF_8);
		Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** What became of a file so far, part after part. */
	private static final class Totals {

		private final String source;

		private final String origin;

		private int read;

		private int accepted;

		private int quarantined;

		private final List<IngestReport.Rejection> rejections = new ArrayList<>();

		private final List<IngestReport.KeptUnverified> unverified = new ArrayList<>();

		Totals(String source, String origin) {
			this.source = source;
			this.origin = origin;
		}

		void add(IngestReport part) {
			this.read += part.read();
			this.accepted += part.accepted();
			this.quarantined += part.quarantined();
			part.rejections()
				.stream()
				.limit(Math.max(0, REPORTED_REJECTIONS - this.rejections.size()))
				.forEach(this.rejections::add);
			part.unverified()
				.stream()
				.limit(Math.max(0, REPORTED_REJECTIONS - this.unverified.size()))
				.forEach(this.unverified::add);
		}

		IngestReport report() {
			return new IngestReport(this.source, this.origin, this.read, this.accepted, this.quarantined,
					List.copyOf(this.rejections), List.copyOf(this.unverified), false);
		}

	}

}

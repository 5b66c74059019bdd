package com.venuehub.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The records of a {@code ;}-separated text, read one at a time in constant memory: a
 * record is a line, or several when a quoted field holds line breaks. Each comes with the
 * number of the line it starts on; blank lines are skipped. A quote left open for more
 * than {@link #MAX_LINES_PER_RECORD} lines is taken for a stray quote: that line is a
 * record of its own (which the CSV parser then refuses) and reading goes on after it. A
 * line longer than the limit is cut, and marked so.
 */
final class CsvLines {

	/** Lines one quoted field may span. */
	static final int MAX_LINES_PER_RECORD = 50;

	private static final char QUOTE = '"';

	private static final char SEPARATOR = ';';

	private final Reader reader;

	private final int maxLineLength;

	private final char[] buffer = new char[8192];

	private int position;

	private int limit;

	private boolean end;

	private int lineNumber;

	/** Lines read ahead of a stray quote, to be read again. */
	private final Deque<Line> pending = new ArrayDeque<>();

	private boolean firstLine = true;

	/**
	 * @param maxLineLength longest line kept whole; the rest of a longer one is dropped
	 */
	CsvLines(Reader reader, int maxLineLength) {
		this.reader = reader;
		this.maxLineLength = maxLineLength;
	}

	/**
	 * One record of the text.
	 *
	 * @param number the line it starts on (1 is the first line)
	 * @param tooLong a line of it was longer than the limit, and cut
	 */
	record Record(int number, String text, boolean tooLong) {
	}

	private record Line(int number, String text, boolean tooLong) {
	}

	/**
	 * The next record, or null at the end of the text.
	 * @throws UncheckedIOException when the text cannot be read (a byte that is no
	 * character of its charset)
	 */
	Record next() {
		Line first = nextNonBlank();
		if (first == null) {
			return null;
		}
		if (!opensQuote(first.text(), false)) {
			return new Record(first.number(), first.text(), first.tooLong());
		}
		List<Line> lines = new java.util.ArrayList<>(List.of(first));
		StringBuilder text = new StringBuilder(first.text());
		boolean inQuotes = true;
		boolean tooLong = first.tooLong();
		while (inQuotes && lines.size() < MAX_LINES_PER_RECORD) {
			Line line = nextLine();
			if (line == null) {
				break;
			}
			lines.add(line);
			text.append('\n').append(line.text());
			tooLong |= line.tooLong();
			inQuotes = opensQuote(line.text(), true);
		}
		if (!inQuotes) {
			return new Record(first.number(), text.toString(), tooLong);
		}
		// a stray quote: the line alone, and the lines read after it read again
		for (int i = lines.size() - 1; i >= 1; i--) {
			this.pending.addFirst(lines.get(i));
		}
		return new Record(first.number(), first.text(), first.tooLong());
	}

	/**
	 * Whether a quoted field is still open at the end of this line.
	 * @param inQuotes the line starts inside a quoted field
	 */
	private static boolean opensQuote(String line, boolean inQuotes) {
		boolean fieldStart = !inQuotes;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (inQuotes) {
				if (c == QUOTE) {
					if (i + 1 < line.length() && line.charAt(i + 1) == QUOTE) {
						i++;
					}
					else {
						inQuotes = false;
					}
				}
			}
			else if (c == QUOTE && fieldStart) {
				inQuotes = true;
			}
			else {
				fieldStart = c == SEPARATOR;
			}
		}
		return inQuotes;
	}

	private Line nextNonBlank() {
		Line line = nextLine();
		while (line != null && line.text().isBlank() && !line.tooLong()) {
			line = nextLine();
		}
		return line;
	}

	private Line nextLine() {
		if (!this.pending.isEmpty()) {
			return this.pending.pollFirst();
		}
		try {
			return readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The number of the last line read. */
	int lineNumber() {
		return this.lineNumber;
	}

	private Line readLine() throws IOException {
		if (this.end && this.position >= this.limit) {
			return null;
		}
		StringBuilder line = new StringBuilder();
		boolean tooLong = false;
		boolean any = false;
		while (true) {
			if (this.position >= this.limit) {
				this.limit = this.end ? -1 : this.reader.read(this.buffer);
				this.position = 0;
				if (this.limit <= 0) {
					this.end = true;
					this.limit = 0;
					if (!any) {
						return null;
					}
					return line(line, tooLong);
				}
			}
			any = true;
			char c = this.buffer[this.position++];
			if (c == '\n') {
				return line(line, tooLong);
			}
			if (c == '\r') {
				if (this.position >= this.limit && !this.end) {
					this.limit = this.reader.read(this.buffer);
					this.position = 0;
					if (this.limit <= 0) {
						this.end = true;
						this.limit = 0;
					}
				}
				if (this.position < this.limit && this.buffer[this.position] == '\n') {
					this.position++;
				}
				return line(line, tooLong);
			}
			if (line.length() < this.maxLineLength) {
				line.append(c);
			}
			else {
				tooLong = true;
			}
		}
	}

	private Line line(StringBuilder text, boolean tooLong) {
		this.lineNumber++;
		String value = text.toString();
		if (this.firstLine) {
			this.firstLine = false;
			// a byte-order mark left by a decoder that keeps it
			value = value.startsWith("\uFEFF") ? value.substring(1) : value;
		}
		return new Line(this.lineNumber, value, tooLong);
	}

	/**
	 * What makes a header row unusable, or null when it can be used: the names of the
	 * columns, in order.
	 */
	static String headerProblem(List<String> header) {
		if (header.size() < 2) {
			String name = header.isEmpty() ? "" : header.get(0);
			String other = name.contains(",") ? " (it holds ',': save the export with ';' as separator)"
					: name.contains("\t") ? " (it holds tabs: save the export with ';' as separator)" : "";
			return "the header row has one column: the file is not ';'-separated" + other;
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < header.size(); i++) {
			String name = header.get(i);
			if (name.isBlank()) {
				return "column " + (i + 1) + " of the header row has no name";
			}
			for (int c = 0; c < name.length(); c++) {
				char ch = name.charAt(c);
				if (ch < 0x20 || (ch >= 0x7F && ch <= 0x9F)) {
					return "column " + (i + 1) + " of the header row holds the control character U+"
							+ String.format(Locale.ROOT, "%04X", (int) ch);
				}
			}
			if (!seen.add(name)) {
				return "column '" + name + "' appears twice in the header row";
			}
		}
		return null;
	}

}

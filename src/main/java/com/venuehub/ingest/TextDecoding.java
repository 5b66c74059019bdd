package com.venuehub.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the bytes of a batch become text. A byte-order mark wins (UTF-8, UTF-16 big or
 * little endian); then the charset the sender named (a route's {@code hubCharset}, the
 * HTTP {@code charset}); without either, text that is valid UTF-8 is UTF-8, UTF-16
 * without a mark is told by its zero bytes, and anything else is read as Windows-1252,
 * what Excel writes in France (ISO-8859-1's letters are the same). Text is always decoded
 * strictly: a byte that is no character of the charset is reported with its offset and
 * line, never replaced.
 */
public final class TextDecoding {

	/** Excel's "CSV" in French Windows, and a superset of ISO-8859-1's letters. */
	public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	/** Bytes looked at to tell text from binary and UTF-16 without a mark. */
	private static final int SAMPLE = 64 * 1024;

	private TextDecoding() {
	}

	/**
	 * What a file holds: its charset and the length of its byte-order mark.
	 *
	 * @param how how the charset was chosen, for the report
	 */
	public record Detected(Charset charset, int bomLength, String how) {
	}

	/**
	 * Looks at a whole file, in constant memory, to choose its charset.
	 * @param configured a charset name, or {@code auto} (or null) to detect it
	 * @throws UnreadableText when the file is not text
	 */
	public static Detected detect(Path file, String configured) throws IOException {
		byte[] sample;
		try (InputStream in = Files.newInputStream(file)) {
			sample = in.readNBytes(SAMPLE);
		}
		Detected bom = bom(sample, sample.length);
		if (bom != null) {
			return bom;
		}
		if (configured != null && !configured.isBlank() && !"auto".equalsIgnoreCase(configured.strip())) {
			return new Detected(charset(configured.strip()), 0, "configured");
		}
		Detected utf16 = utf16WithoutMark(sample);
		if (utf16 != null) {
			return utf16;
		}
		refuseBinary(sample, sample.length);
		try (InputStream in = Files.newInputStream(file)) {
			Problem problem = firstProblem(in, StandardCharsets.UTF_8);
			if (problem == null) {
				return new Detected(StandardCharsets.UTF_8, 0, "valid UTF-8");
			}
		}
		try (InputStream in = Files.newInputStream(file)) {
			Problem problem = firstProblem(in, WINDOWS_1252);
			if (problem != null) {
				throw new UnreadableText(problem.line(), "the file is neither UTF-8 nor Windows-1252: " + problem
						+ "; save it as UTF-8 (or name its charset in the route, hubCharset)");
			}
		}
		return new Detected(WINDOWS_1252, 0, "not valid UTF-8, read as Windows-1252");
	}

	/** A strict reader of the file from after its byte-order mark. */
	public static Reader open(Path file, Detected detected) throws IOException {
		InputStream in = Files.newInputStream(file);
		try {
			in.skipNBytes(detected.bomLength());
		}
		catch (IOException ex) {
			in.close();
			throw ex;
		}
		return new InputStreamReader(in, strict(detected.charset()));
	}

	/**
	 * The text of an HTTP body.
	 * @param declared the {@code charset} of its content type, or null
	 * @param fallback the charset of a body without mark, declaration or valid UTF-8 (a
	 * CSV export: Windows-1252), or null to refuse it
	 * @throws UnreadableText when the bytes are not text in that charset
	 */
	public static String decode(byte[] body, String declared, Charset fallback) {
		Detected bom = bom(body, body.length);
		Charset charset;
		int skip = 0;
		if (bom != null) {
			charset = bom.charset();
			skip = bom.bomLength();
		}
		else if (declared != null && !declared.isBlank()) {
			charset = charset(declared.strip());
		}
		else {
			charset = StandardCharsets.UTF_8;
			if (fallback != null && problem(body, 0, StandardCharsets.UTF_8) != null) {
				charset = fallback;
			}
		}
		Problem problem = problem(body, skip, charset);
		if (problem != null) {
			throw new UnreadableText(problem.line(), "the body is not valid " + charset.name() + ": " + problem
					+ (declared == null ? "; send UTF-8 or name the charset in the Content-Type header" : ""));
		}
		return new String(body, skip, body.length - skip, charset);
	}

	/** Answers a charset by name, or says that it is not one. */
	public static Charset charset(String name) {
		try {
			return Charset.forName(name);
		}
		catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
			throw new UnreadableText(null, "'" + name + "' is not a charset this hub knows (UTF-8, windows-1252, "
					+ "ISO-8859-1, UTF-16 are)");
		}
	}

	private static Detected bom(byte[] head, int length) {
		if (length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
			return new Detected(StandardCharsets.UTF_8, 3, "UTF-8 byte-order mark");
		}
		if (length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
			return new Detected(StandardCharsets.UTF_16BE, 2, "UTF-16 byte-order mark (big endian)");
		}
		if (length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
			return new Detected(StandardCharsets.UTF_16LE, 2, "UTF-16 byte-order mark (little endian)");
		}
		return null;
	}

	/**
	 * Latin text in UTF-16 has a zero byte in every other position: after each letter in
	 * little endian, before it in big endian.
	 */
	private static Detected utf16WithoutMark(byte[] sample) {
		int pairs = sample.length / 2;
		if (pairs < 8) {
			return null;
		}
		int evenZeros = 0;
		int oddZeros = 0;
		for (int i = 0; i + 1 < sample.length; i += 2) {
			evenZeros += sample[i] == 0 ? 1 : 0;
			oddZeros += sample[i + 1] == 0 ? 1 : 0;
		}
		if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) {
			return new Detected(StandardCharsets.UTF_16LE, 0, "UTF-16 little endian without byte-order mark");
		}
		if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) {
			return new Detected(StandardCharsets.UTF_16BE, 0, "UTF-16 big endian without byte-order mark");
		}
		return null;
	}

	/**
	 * A workbook, an archive, a PDF or an image is not text: told by its first bytes, or
	 * by NUL bytes in more than one byte in a hundred (a stray NUL in a text export is
	 * the record's problem, refused with that record).
	 */
	private static void refuseBinary(byte[] sample, int length) {
		String kind = null;
		if (startsWith(sample, length, 0x50, 0x4B, 0x03, 0x04)) {
			kind = "a ZIP archive, such as an Excel workbook (.xlsx): export the sheet as CSV";
		}
		else if (startsWith(sample, length, 0xD0, 0xCF, 0x11, 0xE0)) {
			kind = "an old Excel workbook (.xls): export the sheet as CSV";
		}
		else if (startsWith(sample, length, 0x25, 0x50, 0x44, 0x46)) {
			kind = "a PDF document";
		}
		else if (startsWith(sample, length, 0x89, 0x50, 0x4E, 0x47) || startsWith(sample, length, 0xFF, 0xD8, 0xFF)) {
			kind = "an image";
		}
		int nuls = 0;
		int first = -1;
		for (int i = 0; i < length; i++) {
			if (sample[i] == 0) {
				nuls++;
				first = first < 0 ? i : first;
			}
		}
		if (kind != null || nuls * 100 > length) {
			throw new UnreadableText(first < 0 ? 1 : lineAt(sample, first),
					"the file is not text"
							+ (first < 0 ? ""
									: ": it holds NUL bytes, the first at byte offset " + first + " (line "
											+ lineAt(sample, first) + ")")
							+ (kind == null ? "." : ". It looks like " + kind + "."));
		}
	}

	private static boolean startsWith(byte[] sample, int length, int... magic) {
		if (length < magic.length) {
			return false;
		}
		for (int i = 0; i < magic.length; i++) {
			if ((sample[i] & 0xFF) != magic[i]) {
				return false;
			}
		}
		return true;
	}

	private static int lineAt(byte[] bytes, int offset) {
		int line = 1;
		for (int i = 0; i < offset; i++) {
			line += bytes[i] == '\n' ? 1 : 0;
		}
		return line;
	}

	private static CharsetDecoder strict(Charset charset) {
		return charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
	}

	private static Problem problem(byte[] bytes, int from, Charset charset) {
		try {
			return firstProblem(new java.io.ByteArrayInputStream(bytes, from, bytes.length - from), charset);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The first byte that is no character of the charset, or null; in constant memory.
	 */
	private static Problem firstProblem(InputStream in, Charset charset) throws IOException {
		CharsetDecoder decoder = strict(charset);
		ByteBuffer bytes = ByteBuffer.allocate(16 * 1024);
		CharBuffer chars = CharBuffer.allocate(16 * 1024);
		long offset = 0;
		int line = 1;
		boolean end = false;
		while (true) {
			if (!end) {
				int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
				if (read < 0) {
					end = true;
				}
				else {
					bytes.position(bytes.position() + read);
				}
			}
			bytes.flip();
			CoderResult result = decoder.decode(bytes, chars, end);
			chars.flip();
			for (int i = 0; i < chars.length(); i++) {
				line += chars.charAt(i) == '\n' ? 1 : 0;
			}
			chars.clear();
			if (result.isError()) {
				long at = offset + bytes.position();
				StringBuilder hex = new StringBuilder();
				for (int i = 0; i < result.length() && bytes.position() + i < bytes.limit(); i++) {
					hex.append(hex.isEmpty() ? "" : " ")
						.append(String.format(Locale.ROOT, "0x%02X", bytes.get(bytes.position() + i) & 0xFF));
				}
				return new Problem(at, line, hex.toString());
			}
			offset += bytes.position();
			bytes.compact();
			if (end && result.isUnderflow()) {
				CoderResult flush = decoder.flush(chars);
				if (flush.isError()) {
					return new Problem(offset, line, "the end of the text");
				}
				return null;
			}
		}
	}

	private record Problem(long offset, int line, String bytes) {

		@Override
		public String toString() {
			return "byte " + this.bytes + " at offset " + this.offset + " (line " + this.line + ") is not a character";
		}

	}

	/** Bytes that are not text in the charset chosen for them. */
	public static final class UnreadableText extends RuntimeException {

		private final Integer line;

		public UnreadableText(Integer line, String reason) {
			super(reason);
			this.line = line;
		}

		/** The line where the problem is, when known. */
		public Integer line() {
			return this.line;
		}

	}

}

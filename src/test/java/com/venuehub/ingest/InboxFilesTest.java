package com.venuehub.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.venuehub.BoxOfficeSale;
import com.venuehub.HubTestSupport;
import com.venuehub.RollingBackBroker;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Files dropped in the inbox, end to end: a file is read only once complete, in the
 * charset it is written in; it moves to {@code .done/} only once its records are on the
 * broker or in quarantine, and a file that cannot be read moves to {@code .failed/} with
 * a report saying why, instead of being read again at every poll.
 */
class InboxFilesTest extends HubTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	EmbeddedActiveMQ broker;

	@Test
	void aNameWithAccentsIsReadRightInEveryCharsetAnExportComesIn() throws IOException {
		String u = unique();
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("utf8", encode(u, "utf8", StandardCharsets.UTF_8, new byte[0]));
		files.put("utf8bom", encode(u, "utf8bom", StandardCharsets.UTF_8, bytes(0xEF, 0xBB, 0xBF)));
		files.put("utf16le", encode(u, "utf16le", StandardCharsets.UTF_16LE, bytes(0xFF, 0xFE)));
		files.put("utf16be", encode(u, "utf16be", StandardCharsets.UTF_16BE, bytes(0xFE, 0xFF)));
		files.put("cp1252", encode(u, "cp1252", Charset.forName("windows-1252"), new byte[0]));
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			drop(file.getKey() + "-" + u + ".csv", file.getValue());
		}
		for (String encoding : files.keySet()) {
			long holder = holderOf(new BoxOfficeSale("E" + encoding + u).ticket(1));
			JsonNode customer = getJson("/api/v1/customers/" + holder);
			assertThat(customer.path("firstName").asText()).as(encoding).isEqualTo("Chloé");
			assertThat(customer.path("lastName").asText()).as(encoding).isEqualTo("Hélène");
			assertThat(this.jdbc.queryForObject("select product_name from ticket where ticket_number = ?", String.class,
					new BoxOfficeSale("E" + encoding + u).ticket(1)))
				.as(encoding)
				.isEqualTo("Entrée adulte");
		}
		for (String encoding : files.keySet()) {
			JsonNode report = await().atMost(WAIT).until(() -> report(".done", encoding + "-" + u), r -> r != null);
			assertThat(report.path("accepted").asInt()).as(encoding).isEqualTo(1);
			assertThat(report.path("quarantined").asInt()).as(encoding).isZero();
		}
	}

	@Test
	void aFileStillBeingWrittenIsReadOnlyOnceComplete() throws Exception {
		String u = unique();
		BoxOfficeSale sale = new BoxOfficeSale("SLOW" + u).buyer("Paul", "Durand").tickets(4);
		String csv = BoxOfficeSale.csv(sale);
		Path folder = Files.createDirectories(Path.of(this.inbox, "box-office"));
		Path target = folder.resolve("slow-" + u + ".csv");
		// a copy over a slow share: the file grows in pieces, a pause between each,
		// one piece ending in the middle of a row
		int pieces = 4;
		int size = csv.length() / pieces + 1;
		try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
			for (int i = 0; i < csv.length(); i += size) {
				out.write(csv.substring(i, Math.min(csv.length(), i + size)).getBytes(StandardCharsets.UTF_8));
				out.flush();
				if (i + size < csv.length()) {
					TimeUnit.MILLISECONDS.sleep(600);
				}
			}
		}
		JsonNode report = await().atMost(WAIT).until(() -> report(".done", "slow-" + u), r -> r != null);
		assertThat(report.path("read").asInt()).isEqualTo(4);
		assertThat(report.path("accepted").asInt()).isEqualTo(4);
		assertThat(report.path("quarantined").asInt()).isZero();
		await().atMost(WAIT).until(() -> ticketsOfSale("SLOW" + u) == 4);
	}

	@Test
	void aFileWhoseRecordsTheBrokerCannotTakeStaysInTheInboxUntilItCan() throws IOException {
		String u = unique();
		BoxOfficeSale sale = new BoxOfficeSale("OUT" + u).buyer("Paul", "Durand");
		String eventId = "box-office:purchase:" + sale.saleId() + ":" + sale.ticket(1) + ":paid";
		RollingBackBroker rollBack = new RollingBackBroker(Set.of(eventId), Integer.MAX_VALUE);
		this.broker.getActiveMQServer().registerBrokerPlugin(rollBack);
		try {
			drop("outage-" + u + ".csv", BoxOfficeSale.csv(sale).getBytes(StandardCharsets.UTF_8));
			// tried at several polls, never taken
			await().atMost(WAIT).until(() -> rollBack.rolledBack() >= 10);
			assertThat(Path.of(this.inbox, "box-office", "outage-" + u + ".csv")).exists();
			assertThat(moved(".done", "outage-" + u)).isEmpty();
			assertThat(moved(".failed", "outage-" + u)).isEmpty();
			assertThat(quarantinedOf(sale.saleId())).isZero();
		}
		finally {
			this.broker.getActiveMQServer().unRegisterBrokerPlugin(rollBack);
		}
		await().atMost(WAIT).until(() -> report(".done", "outage-" + u), r -> r != null);
		// the report is written before the file is moved, at the end of its exchange
		await().atMost(WAIT).until(() -> Files.notExists(Path.of(this.inbox, "box-office", "outage-" + u + ".csv")));
		await().atMost(WAIT).until(() -> ticketsOfSale(sale.saleId()) == 1);
	}

	@Test
	void aFileThatIsNotTextGoesToFailedWithAReport() throws IOException {
		String u = unique();
		// what an Excel workbook saved as .xlsx starts with
		byte[] workbook = bytes(0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00);
		drop("workbook-" + u + ".csv", workbook);
		String report = await().atMost(WAIT).until(() -> textReport("workbook-" + u), r -> r != null);
		assertThat(report).contains("workbook-" + u + ".csv", "not text", "NUL byte", "Excel",
				"export the sheet as CSV", "No record of it was taken");
		// the report is written before the file is moved, at the end of its exchange
		await().atMost(WAIT)
			.until(() -> moved(".failed", "workbook-" + u).stream()
				.anyMatch(p -> p.getFileName().toString().endsWith(".csv")));
		assertThat(Path.of(this.inbox, "box-office", "workbook-" + u + ".csv")).doesNotExist();
	}

	@Test
	void aFileWithAnUnusableHeaderGoesToFailedNamingTheLine() throws IOException {
		String u = unique();
		String commas = BoxOfficeSale.csv(new BoxOfficeSale("C" + u).buyer("Paul", "Durand")).replace(';', ',');
		drop("commas-" + u + ".csv", commas.getBytes(StandardCharsets.UTF_8));
		String twice = "\n\nsale_id;sold_at;sale_id\nS1;14/03/2026 10:30;S1\n";
		drop("twice-" + u + ".csv", twice.getBytes(StandardCharsets.UTF_8));

		String commaReport = await().atMost(WAIT).until(() -> textReport("commas-" + u), r -> r != null);
		assertThat(commaReport).contains("line 1: the header row has one column",
				"save the export with ';' as separator");
		String twiceReport = await().atMost(WAIT).until(() -> textReport("twice-" + u), r -> r != null);
		assertThat(twiceReport).contains("line 3: column 'sale_id' appears twice");
		assertThat(ticketsOfSale("C" + u)).isZero();
	}

	@Test
	void aFileInNoCharsetGoesToFailedNamingTheLineAndTheRowsBeforeItAreKept() throws IOException {
		String u = unique();
		BoxOfficeSale good = new BoxOfficeSale("G" + u).buyer("Paul", "Durand");
		byte[] head = BoxOfficeSale.csv(good).getBytes(StandardCharsets.UTF_8);
		// 0x81 is a character in neither UTF-8 nor Windows-1252
		byte[] bad = (new BoxOfficeSale("B" + u).buyer("Chlo#", "Durand").rows().get(0) + "\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < bad.length; i++) {
			bad[i] = bad[i] == '#' ? (byte) 0x81 : bad[i];
		}
		byte[] file = new byte[head.length + bad.length];
		System.arraycopy(head, 0, file, 0, head.length);
		System.arraycopy(bad, 0, file, head.length, bad.length);
		drop("nocharset-" + u + ".csv", file);

		String report = await().atMost(WAIT).until(() -> textReport("nocharset-" + u), r -> r != null);
		assertThat(report).contains("neither UTF-8 nor Windows-1252", "0x81", "line 3");
		assertThat(ticketsOfSale("B" + u)).isZero();
	}

	@Test
	void aLongFileIsReadInPartsWithRealCsvAndItsLineNumbersKept() throws IOException {
		String u = unique();
		List<String> rows = new ArrayList<>();
		rows.add(BoxOfficeSale.HEADER);
		int sales = 1200;
		for (int i = 1; i <= sales; i++) {
			BoxOfficeSale sale = new BoxOfficeSale("L" + u + "-" + i);
			String row = sale.rows().get(0);
			if (i == 3) {
				// a quoted product name holding the separator and a line break
				row = row.replace("Entrée adulte", "\"Entrée; adulte\n(tarif \"\"famille\"\")\"");
			}
			if (i == 1100) {
				row = row.replace("24,50", "vingt");
			}
			rows.add(row);
		}
		drop("long-" + u + ".csv", (String.join("\r\n", rows) + "\r\n").getBytes(StandardCharsets.UTF_8));

		JsonNode report = await().atMost(Duration.ofSeconds(90))
			.until(() -> report(".done", "long-" + u), r -> r != null);
		assertThat(report.path("read").asInt()).isEqualTo(sales);
		assertThat(report.path("accepted").asInt()).isEqualTo(sales - 1);
		assertThat(report.path("quarantined").asInt()).isEqualTo(1);
		// the header is line 1, sale 3 spans lines 4 and 5: sale 1100 is on line 1102
		assertThat(report.at("/rejections/0/line").asInt()).isEqualTo(1102);
		assertThat(report.at("/rejections/0/reason").asText()).contains("vingt");
		await().atMost(Duration.ofSeconds(90))
			.until(() -> this.jdbc.queryForObject("select count(*) from ticket where sale_ref like ?", Integer.class,
					"L" + u + "-%") == sales - 1);
		assertThat(this.jdbc.queryForObject("select product_name from ticket where sale_ref = ?", String.class,
				"L" + u + "-3"))
			.isEqualTo("Entrée; adulte\n(tarif \"famille\")");
	}

	private static byte[] encode(String u, String encoding, Charset charset, byte[] bom) {
		String csv = BoxOfficeSale.csv(new BoxOfficeSale("E" + encoding + u).buyer("Chloé", "Hélène")
			.email("chloe." + encoding + u + "@example.fr"));
		byte[] text = csv.replace("\n", "\r\n").getBytes(charset);
		byte[] file = new byte[bom.length + text.length];
		System.arraycopy(bom, 0, file, 0, bom.length);
		System.arraycopy(text, 0, file, bom.length, text.length);
		return file;
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	private void drop(String name, byte[] content) throws IOException {
		Path folder = Files.createDirectories(Path.of(this.inbox, "box-office"));
		// written aside then moved in, as an export job should
		Path part = Files.write(folder.getParent().resolve(name + ".part"), content);
		Files.move(part, folder.resolve(name));
	}

	private List<Path> moved(String folder, String prefix) throws IOException {
		Path dir = Path.of(this.inbox, "box-office", folder);
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(f -> f.getFileName().toString().contains(prefix)).toList();
		}
	}

	private JsonNode report(String folder, String prefix) throws IOException {
		for (Path file : moved(folder, prefix)) {
			if (file.getFileName().toString().endsWith(".report.json")) {
				return readJson(Files.readString(file));
			}
		}
		return null;
	}

	private String textReport(String prefix) throws IOException {
		for (Path file : moved(".failed", prefix)) {
			if (file.getFileName().toString().endsWith(".report.txt")) {
				return Files.readString(file);
			}
		}
		return null;
	}

	private int ticketsOfSale(String saleRef) {
		return this.jdbc.queryForObject("select count(*) from ticket where sale_ref = ?", Integer.class, saleRef);
	}

	private int quarantinedOf(String saleRef) {
		return this.jdbc.queryForObject("select count(*) from quarantine where raw_payload like ?", Integer.class,
				"%" + saleRef + "%");
	}

}

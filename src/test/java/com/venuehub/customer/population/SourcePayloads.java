package com.venuehub.customer.population;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import static com.venuehub.customer.population.GeneratedRecord.BOX_OFFICE;
import static com.venuehub.customer.population.GeneratedRecord.KIOSK;
import static com.venuehub.customer.population.GeneratedRecord.LOYALTY;
import static com.venuehub.customer.population.GeneratedRecord.ONLINE;
import static com.venuehub.customer.population.GeneratedRecord.TURNSTILE;

/**
 * Renders generated records in the formats the shipped mappings accept: the box-office
 * CSV export (French dates and decimal comma), pretix-shaped online orders, loyalty
 * enrolments, kiosk answers and turnstile scans. What a record does not say (product,
 * price, score, gate, opt-ins) follows from its key, so a payload is the same at every
 * run.
 */
public final class SourcePayloads {

	public static final String BOX_OFFICE_HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;"
			+ "valid_from;valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;"
			+ "optin_email;optin_sms";

	private static final ZoneId VENUE_ZONE = ZoneId.of("Europe/Paris");

	private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

	private static final DateTimeFormatter FRENCH_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

	private static final String[][] PRODUCTS = { { "ADULT", "Entrée adulte", "24.50" },
			{ "CHILD", "Entrée enfant", "16.00" }, { "PASS", "Pass annuel", "89.00" },
			{ "DUO", "Billet duo", "44.00" } };

	private static final String[] COMMENTS = { "Super journée", "Trop d'attente aux caisses", "Très bien", "",
			"Les enfants ont adoré", "Un peu cher", "Personnel très aimable", "" };

	private static final CSVFormat SEMICOLON = CSVFormat.DEFAULT.builder()
		.setDelimiter(';')
		.setRecordSeparator("\n")
		.get();

	private final ObjectMapper json = new ObjectMapper();

	private final String venue;

	public SourcePayloads(String venue) {
		this.venue = venue;
	}

	/** A box-office export file: the header row, then one row per record. */
	public String boxOfficeFile(List<GeneratedRecord> records) {
		StringWriter out = new StringWriter();
		out.append(BOX_OFFICE_HEADER).append('\n');
		try (CSVPrinter printer = new CSVPrinter(out, SEMICOLON)) {
			for (GeneratedRecord r : records) {
				check(r, BOX_OFFICE);
				String[] product = product(r);
				LocalDate sold = r.occurredAt().atZoneSameInstant(VENUE_ZONE).toLocalDate();
				printer.printRecord(r.naturalKey(), r.occurredAt().atZoneSameInstant(VENUE_ZONE).format(FRENCH_TIME),
						this.venue, product[0], product[1], r.ticketNumber(), sold.format(FRENCH_DATE),
						sold.plusYears(1).minusDays(1).format(FRENCH_DATE), product[2].replace('.', ','),
						text(r.firstName()), text(r.lastName()), text(r.email()), text(r.phone()), text(r.postcode()),
						r.birthDate() == null ? "" : r.birthDate().format(FRENCH_DATE), text(r.cardNumber()),
						r.carriesContact() ? flag(r, 0) : "", r.phone() != null ? flag(r, 1) : "");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	/** A JSON array of records of one JSON source, as its connector accepts a batch. */
	public String jsonBatch(List<GeneratedRecord> records) {
		ArrayNode array = this.json.createArrayNode();
		records.forEach(r -> array.add(json(r)));
		try {
			return this.json.writeValueAsString(array);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** One record of a JSON source. */
	public ObjectNode json(GeneratedRecord r) {
		return switch (r.source()) {
			case ONLINE -> order(r);
			case LOYALTY -> enrolment(r);
			case KIOSK -> answer(r);
			case TURNSTILE -> scan(r);
			default -> throw new IllegalArgumentException(r.source() + " records are CSV rows");
		};
	}

	private ObjectNode order(GeneratedRecord r) {
		String[] product = product(r);
		LocalDate day = r.occurredAt().atZoneSameInstant(VENUE_ZONE).toLocalDate();
		ObjectNode order = this.json.createObjectNode()
			.put("code", r.naturalKey())
			.put("status", "p")
			.put("locale", "fr")
			.put("datetime", r.occurredAt().toString())
			.put("event", this.venue);
		put(order, "email", r.email());
		put(order, "phone", r.phone());
		if (r.birthDate() != null) {
			order.put("birth_date", r.birthDate().toString());
		}
		order.put("optin_email", flag(r, 0).equals("1"));
		if (r.firstName() != null || r.lastName() != null || r.streetLine() != null || r.postcode() != null) {
			ObjectNode address = order.putObject("invoice_address");
			put(address, "street", r.streetLine());
			put(address, "zipcode", r.postcode());
			put(address, "city", r.locality());
			if (r.firstName() != null || r.lastName() != null) {
				ObjectNode parts = address.putObject("name_parts");
				put(parts, "given_name", r.firstName());
				put(parts, "family_name", r.lastName());
			}
		}
		ObjectNode position = order.putArray("positions")
			.addObject()
			.put("positionid", 1)
			.put("item", 1 + Math.floorMod(r.naturalKey().hashCode(), PRODUCTS.length))
			.put("item_name", product[1])
			.put("price", product[2])
			.put("secret", r.ticketNumber())
			.put("valid_from", day.toString())
			.put("valid_until", day.plusYears(1).minusDays(1).toString());
		if (r.fullName() != null) {
			position.put("attendee_name", r.fullName());
		}
		else if (r.firstName() != null && r.lastName() != null) {
			position.put("attendee_name", r.firstName() + " " + r.lastName());
		}
		return order;
	}

	private ObjectNode enrolment(GeneratedRecord r) {
		ObjectNode enrolment = this.json.createObjectNode()
			.put("txn_id", r.naturalKey())
			.put("card_number", r.cardNumber())
			.put("type", "ENROLL")
			.put("points", 50)
			.put("balance", 50)
			.put("occurred_at", r.occurredAt().toString())
			.put("venue", this.venue);
		ObjectNode member = enrolment.putObject("member");
		put(member, "first_name", r.firstName());
		put(member, "last_name", r.lastName());
		put(member, "email", r.email());
		put(member, "phone", r.phone());
		if (r.birthDate() != null) {
			member.put("birth_date", r.birthDate().toString());
		}
		if (r.streetLine() != null || r.postcode() != null || r.locality() != null) {
			ObjectNode address = member.putObject("address");
			put(address, "street", r.streetLine());
			put(address, "postcode", r.postcode());
			put(address, "city", r.locality());
		}
		member.put("optin_email", flag(r, 0).equals("1"));
		member.put("optin_sms", flag(r, 1).equals("1"));
		return enrolment;
	}

	private ObjectNode answer(GeneratedRecord r) {
		int hash = Math.floorMod(r.naturalKey().hashCode(), 1000);
		ObjectNode answer = this.json.createObjectNode()
			.put("response_id", r.naturalKey())
			.put("kiosk_id", "exit-" + (1 + hash % 3))
			.put("venue", this.venue)
			.put("answered_at", r.occurredAt().toString())
			// scores lean to the top, as visitors' do
			.put("score", Math.min(10, 4 + hash % 8))
			.put("comment", COMMENTS[hash % COMMENTS.length]);
		put(answer, "email", r.email());
		put(answer, "phone", r.phone());
		put(answer, "ticket_number", r.ticketNumber());
		if (r.carriesContact()) {
			answer.put("optin", flag(r, 0).equals("1"));
		}
		return answer;
	}

	private ObjectNode scan(GeneratedRecord r) {
		return this.json.createObjectNode()
			.put("scan_id", r.naturalKey())
			.put("ticket_number", r.ticketNumber())
			.put("gate", "g" + (1 + Math.floorMod(r.naturalKey().hashCode(), 4)))
			.put("scanned_at", r.occurredAt().toString())
			.put("result", "OK")
			.put("venue", this.venue);
	}

	private static String[] product(GeneratedRecord r) {
		return PRODUCTS[Math.floorMod(r.naturalKey().hashCode(), PRODUCTS.length)];
	}

	/** An opt-in box: ticked for about half the records, per channel. */
	private static String flag(GeneratedRecord r, int channel) {
		return Math.floorMod((r.naturalKey() + channel).hashCode(), 2) == 0 ? "1" : "0";
	}

	private static void put(ObjectNode node, String field, String value) {
		if (value != null) {
			node.put(field, value);
		}
	}

	private static String text(String value) {
		return value == null ? "" : value;
	}

	private static void check(GeneratedRecord r, String source) {
		if (!r.source().equals(source)) {
			throw new IllegalArgumentException("a " + r.source() + " record is not a " + source + " row");
		}
	}

}

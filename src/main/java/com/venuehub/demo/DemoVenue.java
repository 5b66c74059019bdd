package com.venuehub.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.ingest.IngestProperties;
import com.venuehub.ingest.IngestReport;
import com.venuehub.ingest.Intake;
import com.venuehub.reseller.ResellerController;
import com.venuehub.sms.Campaigns;
import com.venuehub.sms.Segment;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A made-up venue fed through the real ingest path once the hub is up: a few thousand
 * visitors buying at the box office and online, scanned at the gates, enrolled in the
 * loyalty programme, answering the exit kiosks; some typed differently from one system to
 * the next, some namesakes, some bad records; two resellers with allocations and sales; a
 * few SMS campaigns to the sandbox. Every record goes to its source's connector route, as
 * an HTTP post would. Runs once, into a store without the demo's reseller.
 */
@Component
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
public class DemoVenue {

	static final String VENUE = "zoo-lyon";

	static final String SECOND_VENUE = "aquarium-lyon";

	static final String RESELLER = "ticketplus";

	private static final Logger log = LoggerFactory.getLogger(DemoVenue.class);

	private static final String BOX_OFFICE_HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;"
			+ "valid_from;valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;"
			+ "optin_email;optin_sms";

	private static final String[] FIRST = { "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie",
			"Laura", "Anaïs", "Pauline", "Marie", "Claire", "Sophie", "Lucie", "Hélène", "Nathalie", "Isabelle",
			"Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Hugo", "Lucas", "Louis", "Alexandre", "Pierre",
			"Mathieu", "Romain", "Kevin", "Olivier", "François", "Éric", "Mehdi", "Karim", "Yanis", "Sofiane", "Amina",
			"Fatima", "Nguyen", "Mei", "Jean-Pierre", "Marie-Claire", "Zoé", "Jade", "Noah", "Adam" };

	private static final String[] LAST = { "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
			"Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand",
			"Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert",
			"Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
			"Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Benali", "Nguyen",
			"Da Silva", "Haddad", "Lemaire" };

	private static final String[] POSTCODES = { "69001", "69002", "69003", "69004", "69005", "69006", "69007", "69008",
			"69009", "69100", "69200", "69300", "69500", "38200", "01000", "42000", "71000", "26000", "75011",
			"13008" };

	private static final String[][] PRODUCTS = { { "ADULT", "Entrée adulte", "24,50" },
			{ "CHILD", "Entrée enfant", "16,00" }, { "FAMILY", "Pass famille", "69,00" },
			{ "PASS", "Pass annuel", "89,00" }, { "NIGHT", "Nocturne", "19,90" } };

	/** A date some box-office rows carry: quarantined, to be fixed and replayed. */
	private static final String BAD_DATE = "31/02/2026 10:00";

	private static final DateTimeFormatter FR_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

	private static final DateTimeFormatter FR_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

	private final DemoProperties properties;

	private final ProducerTemplate producer;

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	private final ResellerController resellers;

	private final Campaigns campaigns;

	private final Clock clock;

	private final ZoneId zone;

	public DemoVenue(DemoProperties properties, ProducerTemplate producer, JdbcTemplate jdbc, ObjectMapper json,
			ResellerController resellers, Campaigns campaigns, Clock clock, IngestProperties ingest) {
		this.properties = properties;
		this.producer = producer;
		this.jdbc = jdbc;
		this.json = json;
		this.resellers = resellers;
		this.campaigns = campaigns;
		this.clock = clock;
		this.zone = ZoneId.of(ingest.venueZone());
	}

	@EventListener(ApplicationReadyEvent.class)
	public void start() {
		if (Boolean.TRUE.equals(this.jdbc.queryForObject("select exists (select 1 from reseller where code = ?)",
				Boolean.class, RESELLER))) {
			log.info("Demo venue already fed (reseller {} exists): nothing to do", RESELLER);
			return;
		}
		Thread feeder = new Thread(() -> {
			try {
				feed();
			}
			catch (RuntimeException ex) {
				log.error("The demo venue could not be fed", ex);
			}
		}, "demo-venue");
		feeder.setDaemon(true);
		feeder.start();
	}

	void feed() {
		long started = System.nanoTime();
		Random random = new Random(this.properties.seed());
		ZonedDateTime now = this.clock.instant().atZone(this.zone).withNano(0);
		log.info("Feeding the demo venue: {} visitors through the ingest routes", this.properties.people());
		resellers(now.toLocalDate());
		Records records = new Records();
		for (int i = 0; i < this.properties.people(); i++) {
			visitor(i, random, now, records);
		}
		send("box-office", csv(BOX_OFFICE_HEADER, records.boxOffice));
		sendJson("online", records.online);
		sendJson("loyalty", records.loyalty);
		sendJson("turnstile", records.scans);
		sendJson("kiosk", records.kiosk);
		resellerSales(now, random);
		waitForUnify(records);
		campaigns(now.toLocalDate());
		log.info(
				"Demo venue fed in {} s: {} box-office rows, {} online orders, {} loyalty transactions, {} scans, "
						+ "{} kiosk answers",
				Duration.ofNanos(System.nanoTime() - started).toSeconds(), records.boxOffice.size(),
				records.online.size(), records.loyalty.size(), records.scans.size(), records.kiosk.size());
	}

	/** One visitor's records across the venue's systems. */
	private void visitor(int i, Random random, ZonedDateTime now, Records records) {
		String first = pick(random, FIRST);
		// a family name of two, now and then, as many are: namesakes stay as rare as in a
		// real venue
		String last = random.nextInt(3) > 0 ? pick(random, LAST) : pick(random, LAST) + "-" + pick(random, LAST);
		String postcode = pick(random, POSTCODES);
		String email = ascii(first) + "." + ascii(last) + i + "@"
				+ pick(random, "example.fr", "example.com", "example.org");
		String mobile = "6" + String.format("%08d", random.nextInt(100_000_000));
		String birth = random.nextInt(10) < 7
				? LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString()
				: null;
		Boolean optinSms = random.nextInt(10) < 6 ? Boolean.TRUE : random.nextInt(3) == 0 ? Boolean.FALSE : null;
		ZonedDateTime bought = now.minusDays(random.nextInt(60)).minusMinutes(random.nextInt(600) + 30);
		List<String> tickets = new ArrayList<>();
		if (random.nextInt(100) < 55) {
			// the box office writes phones as people say them
			String phone = random.nextInt(100) < 4 ? "06 12 34" : spoken(mobile, random);
			String sold = random.nextInt(100) < 2 ? BAD_DATE : FR_TIME.format(bought);
			int count = 1 + random.nextInt(3);
			for (int t = 1; t <= count; t++) {
				String[] product = PRODUCTS[random.nextInt(PRODUCTS.length)];
				String ticket = "BO-" + i + "-" + t;
				tickets.add(ticket);
				records.boxOffice.add(String.join(";", "BO-" + i, sold, VENUE, product[0], product[1], ticket,
						FR_DATE.format(bought), FR_DATE.format(bought.plusYears(1)), product[2], first, last,
						random.nextInt(10) < 8 ? email : "", phone, postcode,
						birth == null ? "" : FR_DATE.format(LocalDate.parse(birth)), "", "",
						optinSms == null ? "" : optinSms ? "1" : "0"));
			}
		}
		else {
			List<Map<String, Object>> positions = new ArrayList<>();
			int count = 1 + random.nextInt(3);
			for (int t = 1; t <= count; t++) {
				String[] product = PRODUCTS[random.nextInt(PRODUCTS.length)];
				String ticket = "WEB-" + i + "-" + t;
				tickets.add(ticket);
				positions.add(Map.of("positionid", t, "item", product[0], "item_name", product[1], "price",
						product[2].replace(',', '.'), "attendee_name", first + " " + last, "secret", ticket,
						"valid_from", bought.toLocalDate().atStartOfDay(this.zone).toOffsetDateTime().toString(),
						"valid_until",
						bought.toLocalDate().plusYears(1).atStartOfDay(this.zone).toOffsetDateTime().toString()));
			}
			Map<String, Object> order = new java.util.LinkedHashMap<>();
			order.put("code", "W" + i);
			order.put("status", random.nextInt(100) < 3 ? "c" : "p");
			// the shop folds nothing: the same person's email may come in capitals
			order.put("email", random.nextInt(5) == 0 ? email.toUpperCase(Locale.ROOT) : email);
			order.put("phone", "+33" + mobile);
			order.put("locale", random.nextInt(10) == 0 ? "en" : "fr");
			order.put("datetime", bought.toOffsetDateTime().toString());
			order.put("event", VENUE);
			if (birth != null) {
				order.put("birth_date", birth);
			}
			order.put("invoice_address", Map.of("zipcode", postcode, "city", "Lyon", "name_parts",
					Map.of("given_name", first, "family_name", last)));
			order.put("positions", positions);
			records.online.add(order);
		}
		if (random.nextInt(100) < 35) {
			String card = "LC" + String.format("%08d", 10_000_000 + i);
			String tier = pick(random, "BRONZE", "BRONZE", "SILVER", "SILVER", "GOLD");
			ZonedDateTime enrolled = bought.minusDays(random.nextInt(300));
			Map<String, Object> member = new java.util.LinkedHashMap<>();
			member.put("first_name", first);
			member.put("last_name", last);
			member.put("email", email);
			member.put("phone", "0" + mobile);
			if (birth != null) {
				member.put("birth_date", birth);
			}
			member.put("postcode", postcode);
			member.put("optin_sms", optinSms == null ? Boolean.FALSE : optinSms);
			long balance = 50;
			records.loyalty.add(
					Map.of("txn_id", "EN-" + i, "card_number", card, "type", "ENROLL", "points", 50, "balance", balance,
							"tier", tier, "occurred_at", enrolled.toOffsetDateTime().toString(), "member", member));
			for (int e = 0; e < 1 + random.nextInt(3); e++) {
				long points = 20 + random.nextInt(200);
				balance += points;
				records.loyalty.add(Map.of("txn_id", "EA-" + i + "-" + e, "card_number", card, "type", "EARN", "points",
						points, "balance", balance, "occurred_at", earned(enrolled.plusDays(1 + e * 20L), now)));
			}
		}
		for (String ticket : tickets) {
			if (random.nextInt(100) < 70) {
				ZonedDateTime scanned = bought.plusHours(1 + random.nextInt(24 * 20));
				if (scanned.isAfter(now)) {
					scanned = now.minusMinutes(5 + random.nextInt(600));
				}
				records.scans.add(Map.of("scan_id", "SC-" + ticket, "ticket_number", ticket, "gate",
						pick(random, "north-1", "north-2", "south-1"), "scanned_at",
						scanned.toOffsetDateTime().toString(), "result", random.nextInt(50) == 0 ? "REJECTED" : "OK"));
				if (random.nextInt(100) < 40) {
					Map<String, Object> answer = new java.util.LinkedHashMap<>();
					answer.put("response_id", "KR-" + ticket);
					answer.put("kiosk_id", pick(random, "exit-1", "exit-2"));
					answer.put("venue", random.nextInt(5) == 0 ? SECOND_VENUE : VENUE);
					answer.put("answered_at", scanned.plusHours(3).isAfter(now) ? scanned.toOffsetDateTime().toString()
							: scanned.plusHours(3).toOffsetDateTime().toString());
					answer.put("score", score(random));
					answer.put("ticket_number", ticket);
					if (random.nextBoolean()) {
						answer.put("email", email);
					}
					records.kiosk.add(answer);
				}
			}
		}
		if (random.nextInt(100) < 3) {
			// a namesake at the same postcode, nothing else in common: for a person to
			// decide
			records.boxOffice
				.add(String.join(";", "BO-N" + i, FR_TIME.format(bought.plusDays(1)), VENUE, "ADULT", "Entrée adulte",
						"BO-N" + i + "-1", FR_DATE.format(bought), FR_DATE.format(bought.plusYears(1)), "24,50", first,
						last, ascii(first) + ascii(last) + i + "@example.net", "", postcode, "", "", "", ""));
		}
	}

	private void resellers(LocalDate today) {
		long ticketplus = reseller(RESELLER, "TicketPlus", "ventes@ticketplus.example");
		long billetnet = reseller("billetnet", "BilletNet", "contact@billetnet.example");
		allocate(ticketplus, "ADULT", today.plusDays(7), 300);
		allocate(ticketplus, "CHILD", today.plusDays(7), 150);
		allocate(ticketplus, "NIGHT", today.plusDays(14), 80);
		allocate(billetnet, "ADULT", today.plusDays(7), 200);
	}

	private long reseller(String code, String name, String email) {
		return this.resellers
			.create(new ResellerController.NewReseller(code, name, email, null, "fr", null, null, Boolean.TRUE))
			.getBody()
			.id();
	}

	private void allocate(long reseller, String product, LocalDate date, int quantity) {
		this.resellers.allocate(reseller, new ResellerController.NewAllocation(product, date, quantity, null));
	}

	private void resellerSales(ZonedDateTime now, Random random) {
		List<String> rows = new ArrayList<>();
		LocalDate week = now.toLocalDate().plusDays(7);
		sales(rows, RESELLER, "ADULT", week, 262, now, random);
		sales(rows, RESELLER, "CHILD", week, 150, now, random);
		sales(rows, RESELLER, "NIGHT", now.toLocalDate().plusDays(14), 31, now, random);
		sales(rows, "billetnet", "ADULT", week, 48, now, random);
		send("reseller",
				csv("reseller_id;sale_id;sold_at;venue;product_code;event_date;ticket_number;status;price", rows));
	}

	private static void sales(List<String> rows, String reseller, String product, LocalDate date, int count,
			ZonedDateTime now, Random random) {
		for (int i = 1; i <= count; i++) {
			rows.add(String.join(";", reseller, reseller + "-" + product + "-" + i,
					now.minusHours(1 + random.nextInt(24 * 10)).toOffsetDateTime().toString(), VENUE, product,
					date.toString(), reseller.toUpperCase(Locale.ROOT) + "-" + product + "-" + i, "sold", "22,00"));
		}
	}

	private void campaigns(LocalDate today) {
		Campaigns.Campaign loyal = this.campaigns.create(new Campaigns.CampaignRequest("Spring offer for members",
				VENUE, segment(List.of("GOLD", "SILVER"), null, null),
				"Bonjour {{firstName}}, -20% sur votre prochaine visite avec le code {{voucherCode}}", null, null));
		this.campaigns.launch(loyal.id());
		Campaigns.Campaign back = this.campaigns
			.create(new Campaigns.CampaignRequest("We miss you", VENUE, segment(null, today.minusDays(20), null),
					"{{firstName}}, les girafes vous attendent : une entrée offerte avec le code {{voucherCode}}", null,
					null));
		this.campaigns.launch(back.id());
		this.campaigns.create(new Campaigns.CampaignRequest("Thank our promoters", VENUE, segment(null, null, 9),
				"Merci {{firstName}} ! Votre avis compte : -10% pour vos proches avec {{voucherCode}}", null, null));
	}

	private static Segment segment(List<String> tiers, LocalDate lastVisitBefore, Integer minScore) {
		return new Segment(tiers, null, null, lastVisitBefore, null, null, minScore, null, null, null, null, null);
	}

	private void send(String source, String body) {
		IngestReport report = this.producer.requestBodyAndHeaders("direct:ingest-" + source, body,
				Map.of(Intake.ORIGIN, "demo"), IngestReport.class);
		log.info("Demo {}: {} read, {} accepted, {} quarantined", source, report.read(), report.accepted(),
				report.quarantined());
	}

	private void sendJson(String source, List<?> records) {
		int read = 0;
		int accepted = 0;
		int quarantined = 0;
		for (int from = 0; from < records.size(); from += 200) {
			List<?> chunk = records.subList(from, Math.min(records.size(), from + 200));
			try {
				IngestReport report = this.producer.requestBodyAndHeaders("direct:ingest-" + source,
						this.json.writeValueAsString(chunk), Map.of(Intake.ORIGIN, "demo"), IngestReport.class);
				read += report.read();
				accepted += report.accepted();
				quarantined += report.quarantined();
			}
			catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		log.info("Demo {}: {} read, {} accepted, {} quarantined", source, read, accepted, quarantined);
	}

	/**
	 * Waits until unify has applied what was sent: the last records of the box office and
	 * the kiosks are in the store and the count of applied events has stopped moving.
	 */
	private void waitForUnify(Records records) {
		List<String> tickets = new ArrayList<>();
		// the last sale that applies (the bad ones stay in quarantine)
		for (int i = records.boxOffice.size() - 1; i >= 0 && tickets.isEmpty(); i--) {
			if (!records.boxOffice.get(i).contains(BAD_DATE)) {
				tickets.add(records.boxOffice.get(i).split(";")[5]);
			}
		}
		String lastAnswer = records.kiosk.isEmpty() ? null
				: (String) records.kiosk.get(records.kiosk.size() - 1).get("response_id");
		long before = -1;
		Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
		while (Instant.now().isBefore(deadline)) {
			long applied = this.jdbc.queryForObject("select count(*) from processed_event", Long.class);
			boolean lastOnes = this.jdbc.queryForObject("select count(*) from ticket where ticket_number = any (?)",
					Long.class, (Object) tickets.toArray(String[]::new)) == tickets.size()
					&& (lastAnswer == null || Boolean.TRUE.equals(this.jdbc.queryForObject(
							"select exists (select 1 from feedback_response where response_id = ?)", Boolean.class,
							lastAnswer)));
			if (lastOnes && applied == before) {
				return;
			}
			before = applied;
			try {
				Thread.sleep(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** A date of the past, to the second, as a record carries it. */
	private static String earned(ZonedDateTime at, ZonedDateTime now) {
		return (at.isAfter(now) ? now.minusHours(1) : at).withNano(0).toOffsetDateTime().toString();
	}

	private static String csv(String header, List<String> rows) {
		return header + "\n" + String.join("\n", rows) + "\n";
	}

	private static int score(Random random) {
		int roll = random.nextInt(100);
		return roll < 45 ? 9 + random.nextInt(2) : roll < 75 ? 7 + random.nextInt(2) : random.nextInt(7);
	}

	/** A French mobile written as people write it. */
	private static String spoken(String mobile, Random random) {
		String national = "0" + mobile;
		return switch (random.nextInt(4)) {
			case 0 -> national.replaceAll("(\\d{2})(?=\\d)", "$1 ");
			case 1 -> "+33" + mobile;
			case 2 -> "0033 " + mobile;
			default -> national;
		};
	}

	private static String ascii(String name) {
		return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
			.replaceAll("\\p{M}", "")
			.replaceAll("[^A-Za-z]", "")
			.toLowerCase(Locale.ROOT);
	}

	@SafeVarargs
	private static <T> T pick(Random random, T... values) {
		return values[random.nextInt(values.length)];
	}

	private static final class Records {

		final List<String> boxOffice = new ArrayList<>();

		final List<Map<String, Object>> online = new ArrayList<>();

		final List<Map<String, Object>> loyalty = new ArrayList<>();

		final List<Map<String, Object>> scans = new ArrayList<>();

		final List<Map<String, Object>> kiosk = new ArrayList<>();

	}

}

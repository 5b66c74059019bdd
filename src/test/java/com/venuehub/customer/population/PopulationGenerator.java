package com.venuehub.customer.population;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static com.venuehub.customer.population.GeneratedRecord.BOX_OFFICE;
import static com.venuehub.customer.population.GeneratedRecord.KIOSK;
import static com.venuehub.customer.population.GeneratedRecord.LOYALTY;
import static com.venuehub.customer.population.GeneratedRecord.ONLINE;
import static com.venuehub.customer.population.GeneratedRecord.TURNSTILE;

/**
 * Generates a venue's visitors and the records its sources send about them, from a
 * {@link PopulationShape}, deterministically from its seed. People live in households
 * (singles, couples, families with children, flatmates) that share an address and often a
 * landline or a family email; children give a parent's email or phone; some people use
 * two emails or two phones; some households move. Each person has 1 to 6 records spread
 * over the box office, online orders, a loyalty enrolment and kiosk answers between
 * January 2024 and June 2026, and many of their tickets are scanned at a turnstile. Every
 * record is typed with the shape's noise.
 *
 * <p>
 * Keys carry a run token, so that populations fed into one database do not collide; the
 * people and values depend on the seed only.
 */
public final class PopulationGenerator {

	/** The first day of the period records fall in. */
	public static final LocalDate PERIOD_START = LocalDate.of(2024, 1, 1);

	/** The period's length in days (to 30 June 2026). */
	public static final int PERIOD_DAYS = 912;

	private static final ZoneId VENUE_ZONE = ZoneId.of("Europe/Paris");

	/** A family name: one Latin name, or a family of another script (Ivanov, Ivanova). */
	private record FamilyName(String latin, Integer script) {
	}

	/** A household under construction. */
	private static final class Home {

		final int id;

		final Places.Address address;

		Places.Address movedTo;

		LocalDate movedOn;

		String landline;

		String familyEmail;

		boolean partnerEmail;

		final List<Person> adults = new ArrayList<>();

		final List<Person> members = new ArrayList<>();

		Home(int id, Places.Address address) {
			this.id = id;
			this.address = address;
		}

		Places.Address addressOn(LocalDate day) {
			return this.movedOn != null && !day.isBefore(this.movedOn) ? this.movedTo : this.address;
		}

	}

	private final PopulationShape shape;

	private final String run;

	private final SplittableRandom random;

	private final NameBank names;

	private final Places places;

	private final ContactBook contacts = new ContactBook();

	private final Typist typist;

	private final List<Person> people = new ArrayList<>();

	private final List<Home> homes = new ArrayList<>();

	private final BitSet givesBirthDate = new BitSet();

	private final List<GeneratedRecord> records = new ArrayList<>();

	private int sequence;

	private PopulationGenerator(PopulationShape shape, String run) {
		if (!run.matches("[A-Za-z0-9]{1,16}")) {
			throw new IllegalArgumentException("the run token must be 1 to 16 letters or digits: " + run);
		}
		this.shape = shape;
		this.run = run;
		this.random = new SplittableRandom(shape.seed());
		this.names = new NameBank(shape.names(), shape.seed());
		this.places = new Places(shape.places());
		this.typist = new Typist(shape.noise(), this.random);
	}

	/**
	 * The population of the shape.
	 * @param run a token of letters and digits put in every key (sale ids, ticket
	 * numbers…)
	 */
	public static Population generate(PopulationShape shape, String run) {
		PopulationGenerator generator = new PopulationGenerator(shape, run);
		while (generator.people.size() < shape.people()) {
			generator.household();
		}
		for (Home home : generator.homes) {
			for (Person person : home.members) {
				generator.recordsOf(person, home);
			}
		}
		generator.records
			.sort(Comparator.comparing(GeneratedRecord::occurredAt).thenComparing(GeneratedRecord::naturalKey));
		return new Population(shape, run, List.copyOf(generator.people), List.copyOf(generator.records),
				generator.homes.size());
	}

	private void household() {
		PopulationShape.Households h = this.shape.households();
		PopulationShape.Neighbours n = this.shape.neighbours();
		// people of one town easy to take for one another: a namesake of an earlier
		// household's adult, or a neighbour bearing the same first name, on a street like
		// theirs; or a street bearing the name of an earlier household's street
		double v = this.random.nextDouble();
		Person model = v < n.townNamesakes() + n.sameFirstNameNeighbours() ? latinAdult() : null;
		Places.Address address;
		if (model != null) {
			address = this.places.alike(this.homes.get(model.householdId()).address, this.random);
		}
		else if (!this.homes.isEmpty() && chance(n.sameNameStreets())) {
			address = this.places.sameNameOtherWay(this.homes.get(this.random.nextInt(this.homes.size())).address,
					this.random);
		}
		else {
			address = this.places.draw(this.random);
		}
		Home home = new Home(this.homes.size(), address);
		this.homes.add(home);
		if (chance(h.movers())) {
			home.movedTo = this.places.move(home.address, this.random);
			home.movedOn = PERIOD_START.plusDays(120 + this.random.nextInt(PERIOD_DAYS - 240));
		}
		if (chance(h.sharedLandline())) {
			home.landline = this.contacts.landline(this.random, home.address.postcode());
		}
		if (model != null) {
			neighbour(home, model, v < n.townNamesakes());
			return;
		}
		Integer script = this.names.drawNonLatin(this.random) ? this.names.nonLatinFamily(this.random) : null;
		FamilyName family = new FamilyName(script == null ? this.names.lastName(this.random) : null, script);
		double u = this.random.nextDouble();
		if (u < h.singles()) {
			adult(home, family, gender(), singleYear());
		}
		else if (u < h.singles() + h.couples()) {
			couple(home, family, 1945 + this.random.nextInt(56));
		}
		else if (u < h.singles() + h.couples() + h.families()) {
			family(home, family);
		}
		else {
			int flatmates = 2 + this.random.nextInt(2);
			for (int i = 0; i < flatmates; i++) {
				FamilyName own = i == 0 ? family : new FamilyName(this.names.lastName(this.random), null);
				adult(home, own, gender(), 1990 + this.random.nextInt(15));
			}
		}
	}

	/**
	 * An adult of an earlier household whose names are written in Latin letters, or null
	 * when the one drawn is not.
	 */
	private Person latinAdult() {
		if (this.homes.isEmpty()) {
			return null;
		}
		Home near = this.homes.get(this.random.nextInt(this.homes.size()));
		Person adult = near.adults.isEmpty() ? null : near.adults.get(0);
		return adult != null && adult.firstName().equals(adult.latinFirstName())
				&& adult.lastName().equals(adult.latinLastName()) ? adult : null;
	}

	/**
	 * A household of the model's town whose first adult is the model's namesake (same
	 * first and last name, another birth year, day and month, given when asked, and an
	 * email of their own) or bears the model's first name with another last name; single,
	 * or with a partner.
	 */
	private void neighbour(Home home, Person model, boolean namesake) {
		FamilyName family;
		LocalDate birth;
		if (namesake) {
			family = new FamilyName(model.lastName(), null);
			int born = model.birthDate().getYear();
			int year = born + (this.random.nextBoolean() ? 1 : -1) * (3 + this.random.nextInt(25));
			year = year < 1940 || year > 2005 ? born + (born < 1973 ? 1 : -1) * (3 + this.random.nextInt(25)) : year;
			int month = model.birthDate().getMonthValue();
			while (month == model.birthDate().getMonthValue()) {
				month = 1 + this.random.nextInt(12);
			}
			int day = model.birthDate().getDayOfMonth();
			while (day == model.birthDate().getDayOfMonth()) {
				day = 1 + this.random.nextInt(28);
			}
			birth = LocalDate.of(year, month, day);
		}
		else {
			String last = model.lastName();
			while (last.equals(model.lastName())) {
				last = this.names.lastName(this.random);
			}
			family = new FamilyName(last, null);
			birth = LocalDate.ofYearDay(singleYear(), 1 + this.random.nextInt(365));
		}
		Person first = person(home, family, model.gender(), birth, false, model.firstName(), namesake);
		if (first != null && chance(0.4)) {
			partner(home, family, first, first.birthDate().getYear());
		}
	}

	private void couple(Home home, FamilyName family, int year) {
		Person a = adult(home, family, gender(), year);
		if (a != null) {
			partner(home, family, a, year);
		}
	}

	private void partner(Home home, FamilyName family, Person a, int year) {
		char first = a.gender();
		char second = chance(0.95) ? (first == 'F' ? 'M' : 'F') : first;
		FamilyName partnerName = chance(this.shape.households().coupleNamesDiffer())
				? new FamilyName(this.names.lastName(this.random), null) : family;
		if (family.script() != null && partnerName != family) {
			partnerName = family;
		}
		adult(home, partnerName, second, year - 6 + this.random.nextInt(13));
		home.partnerEmail = chance(this.shape.households().partnerEmail());
	}

	private void family(Home home, FamilyName family) {
		PopulationShape.Households h = this.shape.households();
		int year = 1968 + this.random.nextInt(28);
		if (chance(0.75)) {
			couple(home, family, year);
		}
		else {
			adult(home, family, chance(0.8) ? 'F' : 'M', year);
		}
		if (home.adults.isEmpty()) {
			return;
		}
		if (chance(h.familyEmail())) {
			home.familyEmail = this.contacts.familyEmail(this.random, latin(family, 'M'));
		}
		int children = 1 + (chance(0.45) ? 0 : chance(0.7) ? 1 : 2);
		children = Math.min(children, Math.min(h.maxChildren(), 5 - home.adults.size()));
		// the children bear the first parent's name, now and then both parents' names
		Person firstParent = home.adults.get(0);
		FamilyName childrenName = family;
		if (home.adults.size() == 2 && !home.adults.get(1).lastName().equals(firstParent.lastName())
				&& family.script() == null && chance(0.15)) {
			childrenName = new FamilyName(firstParent.lastName() + "-" + home.adults.get(1).lastName(), null);
		}
		Person father = home.adults.stream().filter(p -> p.gender() == 'M').findFirst().orElse(null);
		LocalDate previous = null;
		for (int i = 0; i < children; i++) {
			int parentYear = home.adults.stream().mapToInt(p -> p.birthDate().getYear()).max().orElse(year);
			int childYear = Math.min(2022, parentYear + 22 + this.random.nextInt(18));
			LocalDate birth = LocalDate.ofYearDay(childYear, 1 + this.random.nextInt(365));
			char gender = gender();
			String forcedFirst = null;
			if (i == 1 && chance(h.twins())) {
				// twins: same birth date, same last name, another first name
				birth = previous;
			}
			else if (i == 0 && father != null && gender == 'M' && chance(h.namedAfterParent())) {
				forcedFirst = father.firstName();
			}
			Person child = person(home, childrenName, gender, birth, true, forcedFirst, false);
			if (child == null) {
				return;
			}
			previous = child.birthDate();
		}
	}

	private Person adult(Home home, FamilyName family, char gender, int year) {
		return person(home, family, gender, LocalDate.ofYearDay(year, 1 + this.random.nextInt(365)), false, null,
				false);
	}

	/**
	 * A person of the household.
	 * @param forcedFirst their first name, null to draw one
	 * @param known whether they give their birth date whenever a form asks for it and
	 * have an email of their own
	 */
	private Person person(Home home, FamilyName family, char gender, LocalDate birth, boolean child, String forcedFirst,
			boolean known) {
		if (this.people.size() >= this.shape.people()) {
			return null;
		}
		NameBank.Name last = family.script() == null ? new NameBank.Name(family.latin(), family.latin())
				: this.names.nonLatinLast(family.script(), gender);
		NameBank.Name first = forcedFirst != null ? new NameBank.Name(forcedFirst, forcedFirst)
				: firstName(family, gender, birth.getYear());
		// siblings do not share a first name
		for (int attempt = 0; child && forcedFirst == null && attempt < 20
				&& siblingNamed(home, first.native_()); attempt++) {
			first = firstName(family, gender, birth.getYear());
		}
		PopulationShape.Contacts c = this.shape.contacts();
		int age = Period.between(birth, PERIOD_START).getYears();
		List<String> emails = new ArrayList<>();
		List<String> phones = new ArrayList<>();
		if (child ? age >= 14 && chance(0.6) : known || chance(c.email())) {
			emails.add(this.contacts.personalEmail(this.random, first.latin(), last.latin(), birth.getYear()));
			if (!child && chance(c.secondEmail())) {
				emails.add(chance(0.5) ? this.contacts.workEmail(this.random, first.latin(), last.latin(), 0)
						: this.contacts.personalEmail(this.random, first.latin(), last.latin(), birth.getYear()));
			}
		}
		if (child ? age >= 11 && chance(0.5) : chance(c.mobile())) {
			phones.add(this.contacts.mobile(this.random));
			if (!child && chance(c.secondPhone())) {
				phones.add(this.contacts.mobile(this.random));
			}
		}
		String card = chance(c.loyaltyMembers())
				? "VH" + String.format(Locale.ROOT, "%010d", this.people.size() * 7919L + this.random.nextInt(7919))
				: null;
		Person person = new Person(this.people.size(), home.id, gender, child, first.native_(), last.native_(),
				first.latin(), last.latin(), birth, List.copyOf(emails), List.copyOf(phones), card);
		if (known || chance(c.givesBirthDate())) {
			this.givesBirthDate.set(person.id());
		}
		this.people.add(person);
		home.members.add(person);
		if (!child) {
			home.adults.add(person);
		}
		return person;
	}

	private NameBank.Name firstName(FamilyName family, char gender, int birthYear) {
		if (family.script() != null) {
			return this.names.nonLatinFirst(this.random, family.script(), gender);
		}
		String name = this.names.firstName(this.random, gender, birthYear);
		return new NameBank.Name(name, name);
	}

	private static boolean siblingNamed(Home home, String first) {
		return home.members.stream().anyMatch(m -> m.firstName().equals(first));
	}

	private void recordsOf(Person person, Home home) {
		PopulationShape.Records r = this.shape.records();
		int count = 1 + index(r.perPerson());
		if (person.child()) {
			// a child is named on a record of their own now and then: a pass, a card, an
			// online ticket; the parents are the buyers
			count = this.random.nextInt(10) < 7 ? 1 : 2;
		}
		List<OffsetDateTime> times = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			times.add(moment(PERIOD_START.plusDays(this.random.nextInt(PERIOD_DAYS))));
		}
		times.sort(null);
		int enrolment = person.cardNumber() == null ? -1 : this.random.nextInt(count);
		List<String> tickets = new ArrayList<>();
		boolean enrolled = false;
		for (int i = 0; i < count; i++) {
			String source = i == enrolment ? LOYALTY : source(person, home);
			GeneratedRecord record = record(source, person, home, times.get(i), enrolled, tickets);
			this.records.add(record);
			enrolled |= source.equals(LOYALTY);
			if (record.ticketNumber() != null && !source.equals(KIOSK)) {
				tickets.add(record.ticketNumber());
				if (chance(r.scanned())) {
					this.records.add(scan(person, record));
				}
			}
		}
	}

	private String source(Person person, Home home) {
		PopulationShape.Records r = this.shape.records();
		// an online shop needs an email: someone who has none to give buys elsewhere;
		// children do not answer the kiosks
		boolean online = householdEmail(person, home) != null;
		double kiosk = person.child() ? 0 : r.kiosk();
		double total = r.boxOffice() + (online ? r.online() : 0) + kiosk;
		double u = this.random.nextDouble() * total;
		if (u < r.boxOffice()) {
			return BOX_OFFICE;
		}
		return online && u < r.boxOffice() + r.online() ? ONLINE : KIOSK;
	}

	private GeneratedRecord record(String source, Person person, Home home, OffsetDateTime at, boolean enrolled,
			List<String> tickets) {
		PopulationShape.Noise noise = this.shape.noise();
		List<String> tags = new ArrayList<>();
		LocalDate day = at.toLocalDate();
		int n = ++this.sequence;
		String key;
		String eventId;
		String ticket = null;
		switch (source) {
			case BOX_OFFICE -> {
				key = "BO-" + this.run + "-" + n;
				ticket = "T" + this.run + "-" + n;
				eventId = "box-office:purchase:" + key + ":" + ticket + ":paid";
			}
			case ONLINE -> {
				key = "WEB-" + this.run + "-" + n;
				ticket = "W" + this.run + "-" + n;
				eventId = "online:purchase:" + key + ":paid";
			}
			case LOYALTY -> {
				key = "LY-" + this.run + "-" + n;
				eventId = "loyalty:loyalty:" + key;
			}
			default -> {
				key = "KI-" + this.run + "-" + n;
				eventId = "kiosk:feedback:" + key;
				if (!tickets.isEmpty() && chance(0.5)) {
					ticket = tickets.get(this.random.nextInt(tickets.size()));
				}
			}
		}
		if (source.equals(BOX_OFFICE) && chance(this.shape.records().anonymousSales())) {
			tags.add("anonymous");
			return new GeneratedRecord(source, key, eventId, person.id(), home.id, at, null, null, null, null, null,
					null, null, null, null, null, ticket, List.copyOf(tags));
		}
		// what the source asks for and the person gives
		String email = null;
		String phone = null;
		String card = null;
		LocalDate birth = null;
		boolean address = false;
		boolean postcodeOnly = false;
		boolean asksBirthDate = false;
		switch (source) {
			case BOX_OFFICE -> {
				email = chance(0.55) ? emailOf(person, home, day) : null;
				phone = chance(0.6) ? phoneOf(person, home, day) : null;
				if (email == null && phone == null) {
					email = emailOf(person, home, day);
					phone = email == null ? phoneOf(person, home, day) : null;
				}
				postcodeOnly = chance(0.65);
				asksBirthDate = chance(0.2);
				card = enrolled && chance(0.4) ? person.cardNumber() : null;
			}
			case ONLINE -> {
				email = emailOf(person, home, day);
				email = email == null ? householdEmail(person, home) : email;
				phone = chance(0.5) ? phoneOf(person, home, day) : null;
				address = chance(0.5);
				asksBirthDate = chance(0.25);
			}
			case LOYALTY -> {
				email = chance(0.9) ? emailOf(person, home, day) : null;
				phone = chance(0.8) ? phoneOf(person, home, day) : null;
				address = chance(0.85);
				asksBirthDate = chance(0.85);
				card = person.cardNumber();
			}
			default -> {
				email = chance(0.55) ? emailOf(person, home, day) : null;
				phone = chance(0.2) ? phoneOf(person, home, day) : null;
			}
		}
		if (asksBirthDate && this.givesBirthDate.get(person.id())) {
			birth = this.typist.birthDate(person.birthDate(), tags);
		}

		// names, as the person or the staff typed them
		String first = null;
		String last = null;
		String oneLine = null;
		if (!source.equals(KIOSK)) {
			boolean staff = source.equals(BOX_OFFICE);
			String f = person.firstName();
			String l = person.lastName();
			if (!f.equals(person.latinFirstName()) || !l.equals(person.latinLastName())) {
				if (chance(this.shape.names().transliterated())) {
					f = person.latinFirstName();
					l = person.latinLastName();
					tags.add("transliterated");
				}
			}
			if (chance(noise.swappedNames())) {
				String swap = f;
				f = l;
				l = swap;
				tags.add("swapped-names");
			}
			if (chance(noise.missingField())) {
				f = null;
				tags.add("missing:first-name");
			}
			first = this.typist.name(f, "first", staff, tags);
			last = this.typist.name(l, "last", staff, tags);
			if (source.equals(ONLINE) && chance(0.3)) {
				// the order names only its attendee, on one line
				oneLine = (first == null ? "" : first + " ") + last;
				first = null;
				last = null;
				tags.add("one-line-name");
			}
		}

		// email and phone as typed: placeholders, broken values, other spellings
		double placeholders = source.equals(BOX_OFFICE) ? 1.5 : source.equals(KIOSK) ? 1 : 0.5;
		if (chance(noise.placeholderEmail() * placeholders)) {
			email = ContactBook.PLACEHOLDER_EMAILS[this.random.nextInt(ContactBook.PLACEHOLDER_EMAILS.length)];
			tags.add("placeholder-email");
		}
		else if (email != null && chance(noise.invalidEmail())) {
			email = ContactBook.invalidEmail(this.random, email);
			tags.add("invalid-email");
		}
		else if (email != null) {
			if (chance(noise.typo() / 3)) {
				String misspelt = ContactBook.misspeltDomain(email);
				if (!misspelt.equals(email)) {
					email = misspelt;
					tags.add("misspelt-domain");
				}
			}
			if (chance(noise.upperCase())) {
				email = chance(0.5) ? email.toUpperCase(Locale.ROOT)
						: Character.toUpperCase(email.charAt(0)) + email.substring(1);
			}
		}
		email = this.typist.spaces(email, "email", tags);
		if (chance(noise.placeholderPhone() * placeholders)) {
			phone = ContactBook.PLACEHOLDER_PHONES[this.random.nextInt(ContactBook.PLACEHOLDER_PHONES.length)];
			tags.add("placeholder-phone");
		}
		else if (phone != null && chance(noise.invalidPhone())) {
			phone = ContactBook.invalidPhone(this.random, phone);
			tags.add("invalid-phone");
		}
		else if (phone != null) {
			phone = ContactBook.written(this.random, phone);
		}
		if (card != null) {
			card = switch (this.random.nextInt(5)) {
				case 0 -> card.substring(0, 2) + " " + card.substring(2, 6) + " " + card.substring(6);
				case 1 -> card.toLowerCase(Locale.ROOT);
				case 2 -> card.substring(0, 6) + "-" + card.substring(6);
				default -> card;
			};
		}

		// where they live, when the source asks
		Places.Address lives = home.addressOn(day);
		String street = null;
		String postcode = null;
		String locality = null;
		if (address || postcodeOnly) {
			if (chance(noise.missingField())) {
				tags.add("missing:address");
			}
			else {
				postcode = this.typist.postcode(lives.postcode(), tags);
				if (address) {
					street = this.typist.streetLine(lives, tags);
					locality = this.typist.locality(lives);
				}
			}
		}
		return new GeneratedRecord(source, key, eventId, person.id(), person.householdId(), at, first, last, oneLine,
				email, phone, birth, street, postcode, locality, card, ticket, List.copyOf(tags));
	}

	private GeneratedRecord scan(Person person, GeneratedRecord sale) {
		int n = ++this.sequence;
		String key = "SC-" + this.run + "-" + n;
		OffsetDateTime at = moment(sale.occurredAt().toLocalDate().plusDays(this.random.nextInt(21)));
		at = at.isAfter(sale.occurredAt()) ? at : sale.occurredAt().plusMinutes(30);
		return new GeneratedRecord(TURNSTILE, key, "turnstile:scan:" + key, person.id(), person.householdId(), at, null,
				null, null, null, null, null, null, null, null, null, sale.ticketNumber(), List.of());
	}

	/**
	 * The email a person gives that day: a child under 15 gives a parent's or the
	 * family's; adults sometimes give the family's, their partner's or their second one.
	 */
	private String emailOf(Person person, Home home, LocalDate day) {
		boolean young = person.child() && Period.between(person.birthDate(), day).getYears() < 15;
		Person other = home.adults.stream().filter(a -> a != person && !a.emails().isEmpty()).findFirst().orElse(null);
		if (young || person.emails().isEmpty()) {
			if (home.familyEmail != null && chance(0.5)) {
				return home.familyEmail;
			}
			if (other != null && (person.child() || home.partnerEmail || chance(0.3))) {
				return other.emails().get(0);
			}
			return person.emails().isEmpty() ? null : person.emails().get(0);
		}
		if (home.familyEmail != null && chance(0.2)) {
			return home.familyEmail;
		}
		if (home.partnerEmail && other != null && chance(0.3)) {
			return other.emails().get(0);
		}
		if (person.emails().size() > 1 && chance(0.35)) {
			return person.emails().get(1);
		}
		return person.emails().get(0);
	}

	/** An email someone at home has, theirs first. */
	private static String householdEmail(Person person, Home home) {
		if (!person.emails().isEmpty()) {
			return person.emails().get(0);
		}
		if (home.familyEmail != null) {
			return home.familyEmail;
		}
		return home.adults.stream()
			.filter(a -> !a.emails().isEmpty())
			.map(a -> a.emails().get(0))
			.findFirst()
			.orElse(null);
	}

	/**
	 * The phone a person gives: a child without a mobile gives a parent's or the
	 * landline; adults sometimes give the landline or their second phone.
	 */
	private String phoneOf(Person person, Home home, LocalDate day) {
		if (person.phones().isEmpty() || (person.child() && chance(0.5))) {
			if (home.landline != null && chance(0.5)) {
				return home.landline;
			}
			Person other = home.adults.stream()
				.filter(a -> a != person && !a.phones().isEmpty())
				.findFirst()
				.orElse(null);
			if (other != null && person.child()) {
				return other.phones().get(0);
			}
			return person.phones().isEmpty() ? home.landline : person.phones().get(0);
		}
		if (home.landline != null && chance(0.15)) {
			return home.landline;
		}
		if (person.phones().size() > 1 && chance(0.35)) {
			return person.phones().get(1);
		}
		return person.phones().get(0);
	}

	private OffsetDateTime moment(LocalDate day) {
		// opening hours
		ZonedDateTime at = day.atTime(9 + this.random.nextInt(10), this.random.nextInt(60)).atZone(VENUE_ZONE);
		return at.toOffsetDateTime();
	}

	private int singleYear() {
		double u = this.random.nextDouble();
		return u < 0.6 ? 1985 + this.random.nextInt(20)
				: u < 0.9 ? 1955 + this.random.nextInt(30) : 1940 + this.random.nextInt(15);
	}

	private char gender() {
		return this.random.nextBoolean() ? 'F' : 'M';
	}

	private String latin(FamilyName family, char gender) {
		return family.script() == null ? family.latin() : this.names.nonLatinLast(family.script(), gender).latin();
	}

	private int index(List<Double> weights) {
		double total = weights.stream().mapToDouble(Double::doubleValue).sum();
		double u = this.random.nextDouble() * total;
		for (int i = 0; i < weights.size(); i++) {
			u -= weights.get(i);
			if (u < 0) {
				return i;
			}
		}
		return weights.size() - 1;
	}

	private boolean chance(double rate) {
		return rate > 0 && this.random.nextDouble() < rate;
	}

}

package com.venuehub.customer.population;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * French addresses: a postcode and locality drawn around the venue (places.csv), and a
 * street line as people write it ("12 bis rue Victor Hugo").
 */
final class Places {

	/** A home address; {@code number} may carry bis or ter. */
	record Address(String number, String street, String postcode, String locality) {

		String line() {
			return this.number + " " + this.street;
		}

	}

	/** Street names, the most common first (every town has a rue Victor Hugo). */
	private static final String[] STREET_NAMES = { "de la République", "Victor Hugo", "Jean Jaurès", "Pasteur",
			"de la Gare", "de l'Église", "de la Mairie", "du Moulin", "Gambetta", "Jules Ferry", "Émile Zola",
			"du Général de Gaulle", "de la Libération", "Voltaire", "des Écoles", "Nationale", "Foch", "des Tilleuls",
			"des Lilas", "des Vignes", "des Jardins", "du Stade", "de Paris", "Gabriel Péri", "Berthelot", "Lafayette",
			"Garibaldi", "Paul Bert", "de la Grande Côte", "Saint-Vincent", "Sainte-Catherine", "des Acacias",
			"des Roses", "Jean Moulin", "Louis Pasteur", "des Frères Lumière", "Anatole France", "Saint-Jean",
			"des Belges", "de la Paix", "du Bois", "du Château", "Pierre Curie", "Marcel Pagnol", "Lamartine",
			"du Maréchal Leclerc", "de Verdun", "du 8 Mai 1945", "des Peupliers", "Ampère", "de la Liberté",
			"Alsace-Lorraine", "des Cerisiers", "du Marché", "Carnot", "Condorcet", "Thiers", "Danton", "de Belfort",
			"Jean Macé", "Paul Vaillant-Couturier", "Aristide Briand", "Georges Clemenceau", "Henri Barbusse",
			"Maurice Ravel", "Claude Debussy", "Albert Camus", "Jacques Prévert", "Pablo Picasso", "Marie Curie",
			"Louise Michel", "Simone Veil", "Olympe de Gouges", "Jean Monnet", "Robert Schuman", "Salvador Allende",
			"Nelson Mandela", "des Érables", "des Chênes", "des Platanes", "des Marronniers", "des Pins", "des Mimosas",
			"des Glycines", "des Violettes", "des Coquelicots", "des Bleuets", "des Primevères", "des Hirondelles",
			"des Alouettes", "du Lavoir", "de la Fontaine", "du Puits", "de la Forge", "du Pressoir", "des Prés",
			"des Champs", "de la Croix", "du Calvaire", "du Presbytère", "de la Poste", "de l'Industrie", "du Commerce",
			"de la Mer", "du Port", "des Pêcheurs", "de la Plage", "des Alpes", "du Rhône", "de la Saône", "des Canuts",
			"de la Croix-Rousse", "Duquesne", "Vauban", "Colbert", "Turenne", "Bossuet", "Racine", "Molière",
			"Corneille", "La Fontaine", "Rabelais", "Montaigne", "Pascal", "Descartes", "Diderot", "Rousseau",
			"Michelet", "Jean Zay", "Édouard Herriot", "Mozart", "Beethoven", "Chopin", "Berlioz" };

	/** First names streets are named after, with a last name of the ranked list. */
	private static final String[] DEDICATEES = { "Jean", "Pierre", "Louis", "Paul", "Jules", "Henri", "Marcel",
			"Georges", "Émile", "Joseph", "Marie", "Jeanne", "Lucie", "Hélène", "André", "Antoine", "Claude",
			"François", "Auguste", "Albert" };

	/** Way types, as often as French streets bear them. */
	private static final String[] TYPES = { "rue", "avenue", "boulevard", "place", "chemin", "allée", "impasse",
			"cours", "quai" };

	private static final double[] TYPE_WEIGHTS = { 58, 12, 5, 4, 7, 6, 5, 2, 1 };

	private static final Weighted<String> STREETS = new Weighted<>();

	static {
		String[] types = TYPES;
		double[] typeWeights = TYPE_WEIGHTS;
		// half the streets bear a common name (République, Victor Hugo, Église…), the
		// others one of thousands of local names (rue Marcel Bertin)
		double common = 0;
		for (int n = 0; n < STREET_NAMES.length; n++) {
			common += Math.pow(n + 1, -0.5);
		}
		List<String[]> lastNames = NameBank.lastNames();
		int local = DEDICATEES.length * lastNames.size();
		for (int t = 0; t < types.length; t++) {
			for (int n = 0; n < STREET_NAMES.length; n++) {
				STREETS.add(types[t] + " " + STREET_NAMES[n], typeWeights[t] * Math.pow(n + 1, -0.5) / common);
			}
			for (int d = 0; d < DEDICATEES.length; d++) {
				for (String[] last : lastNames) {
					STREETS.add(types[t] + " " + DEDICATEES[d] + " " + last[0], typeWeights[t] / local);
				}
			}
		}
	}

	private final Weighted<String[]> area = new Weighted<>();

	private final Weighted<String[]> region = new Weighted<>();

	private final Weighted<String[]> france = new Weighted<>();

	private final PopulationShape.Places shape;

	Places(PopulationShape.Places shape) {
		this.shape = shape;
		List<String[]> rows = NameBank.places();
		for (String[] row : rows) {
			double weight = Double.parseDouble(row[3]);
			if (row[2].equals(shape.area())) {
				this.area.add(row, weight);
			}
			else if (row[2].equals(shape.region())) {
				this.region.add(row, weight);
			}
			else {
				this.france.add(row, weight);
			}
		}
		if (this.area.size() == 0 || this.region.size() == 0) {
			throw new IllegalArgumentException(
					"places.csv has no place in area " + shape.area() + " or region " + shape.region());
		}
	}

	Address draw(RandomGenerator random) {
		double u = random.nextDouble();
		String[] place = (u < this.shape.areaShare() ? this.area
				: u < this.shape.areaShare() + this.shape.regionShare() ? this.region : this.france)
			.draw(random);
		return new Address(number(random), STREETS.draw(random), place[0], place[1]);
	}

	/** Where a household moves: often the same town, sometimes further away. */
	Address move(Address from, RandomGenerator random) {
		Address to = draw(random);
		if (random.nextDouble() < 0.5) {
			return new Address(to.number(), to.street(), from.postcode(), from.locality());
		}
		return to;
	}

	/**
	 * Another address of the same town, on a street bearing the same name with another
	 * way type ("boulevard Jean Jaurès" for "rue Jean Jaurès"), now and then at the same
	 * number.
	 */
	Address sameNameOtherWay(Address near, RandomGenerator random) {
		String[] street = typeAndName(near.street());
		Weighted<String> others = new Weighted<>();
		for (int t = 0; t < TYPES.length; t++) {
			if (!TYPES[t].equals(street[0])) {
				others.add(TYPES[t], TYPE_WEIGHTS[t]);
			}
		}
		String number = random.nextInt(4) == 0 ? near.number() : number(random);
		return new Address(number, others.draw(random) + " " + street[1], near.postcode(), near.locality());
	}

	/**
	 * Another address of the same town, on a street like the other's: the same name with
	 * another way type, or the same way type with another common name ("boulevard
	 * Voltaire" for "boulevard Gambetta").
	 */
	Address alike(Address near, RandomGenerator random) {
		if (random.nextBoolean()) {
			return sameNameOtherWay(near, random);
		}
		String[] street = typeAndName(near.street());
		String name = street[1];
		while (name.equals(street[1])) {
			name = STREET_NAMES[random.nextInt(STREET_NAMES.length)];
		}
		return new Address(number(random), street[0] + " " + name, near.postcode(), near.locality());
	}

	/** A street's way type and name ("rue", "Jean Jaurès"). */
	private static String[] typeAndName(String street) {
		return street.split(" ", 2);
	}

	private static String number(RandomGenerator random) {
		// most street numbers are small
		int n = 1 + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 150);
		int suffix = random.nextInt(100);
		return suffix < 4 ? n + " bis" : suffix < 5 ? n + " ter" : String.valueOf(n);
	}

}

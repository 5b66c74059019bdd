package com.venuehub.customer.population;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * First and last names with French frequencies: a ranked list of last names shaped like
 * INSEE's counts continued by a long Zipf-like tail of generated rare names, first names
 * by gender whose popularity rises and fades with the birth year, and names written in
 * other scripts with the Latin spelling people also use.
 */
final class NameBank {

	/** A name as written by its bearer, and in Latin letters. */
	record Name(String native_, String latin) {

		boolean nonLatin() {
			return !this.native_.equals(this.latin);
		}

	}

	private static final String[] ONSETS = { "Bar", "Bel", "Ber", "Bou", "Bro", "Cha", "Che", "Cla", "Cor", "Cou",
			"Dal", "Del", "Des", "Dor", "Dru", "Fal", "Fer", "Fla", "Fou", "Gal", "Gar", "Gil", "Gor", "Gra", "Gui",
			"Jal", "Jou", "Lab", "Lac", "Lam", "Lan", "Lar", "Lav", "Mal", "Mar", "Mas", "Mer", "Mon", "Mor", "Nor",
			"Pal", "Pel", "Per", "Pla", "Pou", "Pra", "Rab", "Ram", "Ren", "Rib", "Roc", "Sal", "Sau", "Ser", "Tal",
			"Tar", "Ter", "Tho", "Val", "Ver", "Vil", "Ker", "Gou", "Bri", "Cab", "Dau", "Esc", "Hal", "Lou", "Quen" };

	private static final String[] MIDDLES = { "", "", "", "a", "e", "i", "o", "ou", "ar", "el", "en", "ig" };

	private static final String[] ENDINGS = { "ard", "aud", "eau", "el", "elle", "ier", "ière", "in", "ine", "et",
			"ette", "ot", "otte", "on", "ac", "ec", "and", "ant", "ault", "ois", "oux", "y", "ès", "ade", "as", "ez",
			"ic", "our", "ange", "esse", "ieu", "ol", "at", "is", "uet", "ain", "enc" };

	/**
	 * Scripts of the people whose names are not in Latin letters, and how many of them
	 * write each.
	 */
	private static final Weighted<Script> SCRIPTS = new Weighted<Script>().add(Script.CHINESE, 35)
		.add(Script.CYRILLIC, 25)
		.add(Script.ARABIC, 20)
		.add(Script.GREEK, 8)
		.add(Script.JAPANESE, 7)
		.add(Script.KOREAN, 5);

	/**
	 * Last names of a script, as "native/Latin" or, where the feminine differs,
	 * "native/Latin/feminine native/feminine Latin"; the first ones are the most common.
	 * First names as "native/Latin", male then female. Chinese given names are made of
	 * one or two characters of {@link #HAN_GIVEN}.
	 */
	private enum Script {

		CHINESE("王/Wang 李/Li 张/Zhang 刘/Liu 陈/Chen 杨/Yang 黄/Huang 赵/Zhao 吴/Wu 周/Zhou 徐/Xu 孙/Sun 马/Ma 朱/Zhu "
				+ "胡/Hu 郭/Guo 何/He 林/Lin 高/Gao 罗/Luo", "", ""),
		CYRILLIC(
				"Иванов/Ivanov/Иванова/Ivanova Смирнов/Smirnov/Смирнова/Smirnova Кузнецов/Kouznetsov/Кузнецова/Kouznetsova "
						+ "Попов/Popov/Попова/Popova Васильев/Vassiliev/Васильева/Vassilieva Петров/Petrov/Петрова/Petrova "
						+ "Соколов/Sokolov/Соколова/Sokolova Михайлов/Mikhaïlov/Михайлова/Mikhaïlova "
						+ "Новиков/Novikov/Новикова/Novikova Фёдоров/Fiodorov/Фёдорова/Fiodorova Морозов/Morozov/Морозова/Morozova "
						+ "Волков/Volkov/Волкова/Volkova Алексеев/Alexeïev/Алексеева/Alexeïeva Лебедев/Lebedev/Лебедева/Lebedeva "
						+ "Семёнов/Semionov/Семёнова/Semionova Егоров/Egorov/Егорова/Egorova Павлов/Pavlov/Павлова/Pavlova "
						+ "Козлов/Kozlov/Козлова/Kozlova Степанов/Stepanov/Степанова/Stepanova Николаев/Nikolaev/Николаева/Nikolaeva "
						+ "Шевченко/Chevtchenko Бондаренко/Bondarenko Коваленко/Kovalenko Ткаченко/Tkatchenko Мельник/Melnyk",
				"Александр/Aleksandr Дмитрий/Dmitri Сергей/Sergueï Андрей/Andreï Иван/Ivan Михаил/Mikhaïl Алексей/Alexeï "
						+ "Николай/Nikolaï Владимир/Vladimir Максим/Maxime Артём/Artiom Олег/Oleg Юрий/Iouri",
				"Елена/Elena Ольга/Olga Наталья/Natalia Татьяна/Tatiana Анна/Anna Мария/Maria Ирина/Irina "
						+ "Екатерина/Ekaterina Светлана/Svetlana Анастасия/Anastasia Юлия/Ioulia Дарья/Daria Оксана/Oksana"),
		ARABIC("حداد/Haddad منصور/Mansour بن_علي/Ben_Ali خليل/Khalil العلي/Al_Ali الحسن/El_Hassan سعيد/Saïd "
				+ "يوسف/Youssef عمر/Omar ابراهيم/Brahim بوزيد/Bouzid العمراني/El_Amrani الادريسي/El_Idrissi "
				+ "بن_عمر/Ben_Omar شريف/Cherif ناصر/Nasser قاسم/Kacem حمدي/Hamdi زيدان/Zidane عثماني/Othmani",
				"محمد/Mohamed أحمد/Ahmed يوسف/Youssef كريم/Karim علي/Ali عمر/Omar حسن/Hassan مهدي/Mehdi سمير/Samir "
						+ "رشيد/Rachid",
				"فاطمة/Fatima مريم/Meriem ليلى/Leila نور/Nour خديجة/Khadija سارة/Sara ياسمين/Yasmine أمينة/Amina "
						+ "سلمى/Salma هدى/Houda"),
		GREEK("Παπαδόπουλος/Papadopoulos/Παπαδοπούλου/Papadopoulou Γεωργίου/Georgiou Νικολάου/Nikolaou "
				+ "Παπαδάκης/Papadakis/Παπαδάκη/Papadaki Οικονόμου/Oikonomou Δημητρίου/Dimitriou "
				+ "Ιωάννου/Ioannou Βασιλείου/Vasileiou Αθανασίου/Athanasiou Κωνσταντίνου/Konstantinou "
				+ "Χριστοδούλου/Christodoulou Μακρής/Makris/Μακρή/Makri",
				"Γιώργος/Giorgos Νίκος/Nikos Δημήτρης/Dimitris Κώστας/Kostas Γιάννης/Giannis Χρήστος/Christos",
				"Μαρία/Maria Ελένη/Eleni Κατερίνα/Katerina Σοφία/Sofia Γεωργία/Georgia Δήμητρα/Dimitra"),
		JAPANESE(
				"佐藤/Sato 鈴木/Suzuki 高橋/Takahashi 田中/Tanaka 渡辺/Watanabe 伊藤/Ito 山本/Yamamoto 中村/Nakamura "
						+ "小林/Kobayashi 加藤/Kato 吉田/Yoshida 山田/Yamada 佐々木/Sasaki 山口/Yamaguchi 松本/Matsumoto",
				"翔/Sho 健太/Kenta 大輔/Daisuke 拓也/Takuya 蓮/Ren 陽斗/Haruto 悠真/Yuma 翔太/Shota",
				"さくら/Sakura 花子/Hanako 陽菜/Hina 結衣/Yui 美咲/Misaki 葵/Aoi 愛/Ai 優子/Yuko"),
		KOREAN("김/Kim 이/Lee 박/Park 최/Choi 정/Jung 강/Kang 조/Cho 윤/Yoon 장/Jang 임/Lim",
				"민준/Minjun 서준/Seojun 도윤/Doyun 예준/Yejun 지호/Jiho 현우/Hyunwoo",
				"서연/Seoyeon 서윤/Seoyun 지우/Jiwoo 하은/Haeun 민서/Minseo 지민/Jimin");

		final List<String[]> last;

		final List<String[]> male;

		final List<String[]> female;

		Script(String last, String male, String female) {
			this.last = split(last);
			this.male = split(male);
			this.female = split(female);
		}

		private static List<String[]> split(String names) {
			List<String[]> out = new ArrayList<>();
			for (String name : names.split(" ")) {
				if (!name.isEmpty()) {
					out.add(name.replace('_', ' ').split("/"));
				}
			}
			return out;
		}

	}

	/** Characters of Chinese given names, with their pinyin. */
	private static final String[] HAN_GIVEN = ("伟/Wei 芳/Fang 娜/Na 敏/Min 静/Jing 丽/Li 强/Qiang 磊/Lei 军/Jun 洋/Yang "
			+ "勇/Yong 艳/Yan 杰/Jie 娟/Juan 涛/Tao 明/Ming 超/Chao 秀/Xiu 霞/Xia 平/Ping 刚/Gang 英/Ying 华/Hua 文/Wen "
			+ "玉/Yu 兰/Lan 建/Jian 国/Guo 红/Hong 海/Hai 晓/Xiao 浩/Hao 子/Zi 轩/Xuan 欣/Xin 怡/Yi 涵/Han 婷/Ting 雪/Xue 鹏/Peng")
		.split(" ");

	private final Weighted<String> lastNames = new Weighted<>();

	private final Map<String, Weighted<String>> firstNames = new HashMap<>();

	private final PopulationShape.Names shape;

	private final List<String[]> firstNameRows;

	NameBank(PopulationShape.Names shape, long seed) {
		this.shape = shape;
		List<String[]> ranked = read("last-names.csv");
		Set<String> taken = new LinkedHashSet<>();
		for (String[] row : ranked) {
			taken.add(row[0]);
			this.lastNames.add(row[0], Math.pow(Double.parseDouble(row[1]), shape.lastNameSkew()));
		}
		// the rare names continue the ranking from its 200th name (about 17,000 bearers):
		// a rank-1,000 name has a few thousand bearers in France, and rare names far
		// outnumber frequent ones
		int rank = Math.min(200, ranked.size());
		double tailStart = Double.parseDouble(ranked.get(rank - 1)[1]);
		SplittableRandom random = new SplittableRandom(seed ^ 0x5eed5L);
		int made = 0;
		int attempts = 0;
		while (made < shape.rareLastNames() && attempts++ < shape.rareLastNames() * 20) {
			String name = rareName(random);
			if (taken.add(name)) {
				made++;
				double weight = tailStart * Math.pow((double) rank / (rank + made), shape.rareExponent());
				this.lastNames.add(name, Math.pow(weight, shape.lastNameSkew()));
			}
		}
		this.firstNameRows = read("first-names.csv");
	}

	/** A last name drawn by frequency. */
	String lastName(RandomGenerator random) {
		return this.lastNames.draw(random);
	}

	/** A first name of that gender given to children born that year. */
	String firstName(RandomGenerator random, char gender, int birthYear) {
		return this.firstNames.computeIfAbsent(gender + ":" + birthYear, k -> cohort(gender, birthYear)).draw(random);
	}

	/**
	 * A family of another script (Cyrillic, Greek, Arabic, Chinese, Japanese or Korean):
	 * its script and last name, the same for a whole household.
	 */
	int nonLatinFamily(RandomGenerator random) {
		Script script = SCRIPTS.draw(random);
		// the first names of a script's list are the most common
		int name = (int) Math.floor(Math.pow(random.nextDouble(), 1.6) * script.last.size());
		return script.ordinal() * 1000 + name;
	}

	/** The family's last name as its member of that gender bears it (Ivanov, Ivanova). */
	Name nonLatinLast(int family, char gender) {
		String[] last = Script.values()[family / 1000].last.get(family % 1000);
		return gender == 'F' && last.length == 4 ? new Name(last[2], last[3]) : new Name(last[0], last[1]);
	}

	/** A first name of the family's script. */
	Name nonLatinFirst(RandomGenerator random, int family, char gender) {
		Script script = Script.values()[family / 1000];
		if (script == Script.CHINESE) {
			String[] a = HAN_GIVEN[random.nextInt(HAN_GIVEN.length)].split("/");
			if (random.nextInt(3) == 0) {
				return new Name(a[0], a[1]);
			}
			String[] b = HAN_GIVEN[random.nextInt(HAN_GIVEN.length)].split("/");
			return new Name(a[0] + b[0], a[1] + b[1].toLowerCase(java.util.Locale.ROOT));
		}
		List<String[]> names = gender == 'F' ? script.female : script.male;
		String[] name = names.get(random.nextInt(names.size()));
		return new Name(name[0], name[1]);
	}

	boolean drawNonLatin(RandomGenerator random) {
		return random.nextDouble() < this.shape.nonLatin();
	}

	private Weighted<String> cohort(char gender, int year) {
		Weighted<String> names = new Weighted<>();
		double width = this.shape.cohortWidth();
		for (String[] row : this.firstNameRows) {
			if (row[1].charAt(0) != gender) {
				continue;
			}
			double distance = (year - Integer.parseInt(row[2])) / width;
			double weight = Double.parseDouble(row[3]) * Math.exp(-0.5 * distance * distance);
			// a name out of fashion is still given now and then
			names.add(row[0], Math.pow(weight + 0.02, this.shape.firstNameSkew()));
		}
		return names;
	}

	private static String rareName(SplittableRandom random) {
		String onset = ONSETS[random.nextInt(ONSETS.length)];
		String middle = MIDDLES[random.nextInt(MIDDLES.length)];
		String ending = ENDINGS[random.nextInt(ENDINGS.length)];
		if (!middle.isEmpty() && (vowel(middle.charAt(middle.length() - 1)) == vowel(ending.charAt(0))
				|| vowel(onset.charAt(onset.length() - 1)) == vowel(middle.charAt(0)))) {
			// consonants and vowels take turns: Bar-el-ier, not Dor-a-ade
			middle = "";
		}
		String name = onset + middle + ending;
		int particle = random.nextInt(100);
		// Breton and noble-looking particles: Le Bris, Du Moulin, De Valette
		return particle < 4 ? "Le " + name : particle < 6 ? "Du " + name : particle < 7 ? "De " + name : name;
	}

	private static boolean vowel(char c) {
		return "aeiouyèé".indexOf(c) >= 0;
	}

	private static List<String[]> read(String file) {
		String path = "/customer/population/" + file;
		try (var in = NameBank.class.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("missing resource " + path);
			}
			List<String[]> rows = new ArrayList<>();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isBlank() && !line.startsWith("#")) {
					rows.add(line.split(";"));
				}
			}
			return rows;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The ranked last names: name and bearers in thousands. */
	static List<String[]> lastNames() {
		return read("last-names.csv");
	}

	static List<String[]> places() {
		return read("places.csv");
	}

}

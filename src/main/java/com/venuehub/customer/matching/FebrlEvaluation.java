package com.venuehub.customer.matching;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures blocking and pairwise matching quality and speed on the FEBRL benchmark files.
 */
public final class FebrlEvaluation {

	private record Labelled(String entity, MatchRecord record) {
	}

	private record Result(String dataset, int records, long candidates, long truePairs, long blockedTrue,
			long predicted, long truePositives, double seconds) {

		double precision() {
			return predicted == 0 ? 0 : (double) truePositives / predicted;
		}

		double recall() {
			return truePairs == 0 ? 0 : (double) truePositives / truePairs;
		}

		double f1() {
			double p = precision();
			double r = recall();
			return p + r == 0 ? 0 : 2 * p * r / (p + r);
		}
	}

	private final MatchSettings settings;

	private final BlockingKeys blockingKeys = new BlockingKeys();

	private Calibration calibration = new Calibration();

	private FebrlEvaluation(MatchSettings settings) {
		this.settings = settings;
	}

	/**
	 * Figures of one dataset, for a report beside other measurements.
	 *
	 * @param role {@code tuning} (dataset1, dataset2) or {@code held-out}
	 */
	public record Figures(String dataset, String role, int records, double precision, double recall, double f1,
			double recordsPerSecond) {
	}

	/**
	 * Runs the matcher with its default settings on FEBRL datasets (after a warm-up on
	 * the tuning sets) and answers their figures.
	 */
	public static List<Figures> evaluate(Path folder, List<String> datasets) throws IOException {
		FebrlEvaluation evaluation = new FebrlEvaluation(MatchSettings.defaults());
		evaluation.run(folder, "dataset1");
		evaluation.run(folder, "dataset2");
		List<Figures> figures = new ArrayList<>();
		for (String dataset : datasets) {
			Result r = evaluation.run(folder, dataset);
			String role = dataset.equals("dataset1") || dataset.equals("dataset2") ? "tuning" : "held-out";
			figures.add(new Figures(dataset, role, r.records(), r.precision(), r.recall(), r.f1(),
					r.records() / r.seconds()));
		}
		return figures;
	}

	public static void main(String[] args) throws IOException {
		if (args.length == 0) {
			System.err.println("usage: FebrlEvaluation <febrl-folder> [dataset1|dataset2|dataset3|dataset4 ...]");
			System.exit(2);
		}
		Path folder = Path.of(args[0]);
		List<String> datasets = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
				: List.of("dataset1", "dataset2", "dataset3", "dataset4");
		MatchSettings settings = MatchSettings.defaults();
		FebrlEvaluation evaluation = new FebrlEvaluation(settings);
		System.out.printf("settings: %s%n", settings);

		evaluation.run(folder, "dataset1"); // JIT warm-up on the tuning sets, not
											// reported
		evaluation.run(folder, "dataset2");
		List<Result> results = new ArrayList<>();
		evaluation.calibration = new Calibration();
		for (String dataset : datasets) {
			Result r = evaluation.run(folder, dataset);
			results.add(r);
			System.out.printf(
					"%s: %d records, %d candidate pairs compared (%d of %d true pairs blocked together), "
							+ "%d predicted, %d true positives, precision %.4f, recall %.4f, F1 %.4f, %.0f records/s%n",
					r.dataset(), r.records(), r.candidates(), r.blockedTrue(), r.truePairs(), r.predicted(),
					r.truePositives(), r.precision(), r.recall(), r.f1(), r.records() / r.seconds());
		}
		System.out.println();
		System.out.printf("%-9s %-8s %8s %11s %8s %10s %8s %9s %9s %9s %10s%n", "dataset", "role", "records",
				"candidates", "true", "predicted", "TP", "precision", "recall", "F1", "records/s");
		for (Result r : results) {
			String role = r.dataset().equals("dataset1") || r.dataset().equals("dataset2") ? "tuning" : "held-out";
			System.out.printf("%-9s %-8s %8d %11d %8d %10d %8d %9.4f %9.4f %9.4f %10.0f%n", r.dataset(), role,
					r.records(), r.candidates(), r.truePairs(), r.predicted(), r.truePositives(), r.precision(),
					r.recall(), r.f1(), r.records() / r.seconds());
		}
		evaluation.calibration.print(System.out,
				"Calibration: candidate pairs the family rule leaves to the score, over " + datasets);
	}

	private Result run(Path folder, String dataset) throws IOException {
		if (dataset.equals("dataset4")) {
			return link(dataset, read(folder.resolve("dataset4a.csv")), read(folder.resolve("dataset4b.csv")));
		}
		return deduplicate(dataset, read(folder.resolve(dataset + ".csv")));
	}

	private Result deduplicate(String dataset, List<Labelled> rows) {
		List<MatchRecord> records = rows.stream().map(Labelled::record).toList();
		long start = System.nanoTime();
		List<CandidateIndex.Pair> pairs = new CandidateIndex(blockingKeys, settings.maxBlockSize(), records)
			.pairsWithin();
		boolean[] merged = classify(pairs, records, records,
				pair -> rows.get(pair.left()).entity().equals(rows.get(pair.right()).entity()));
		double seconds = (System.nanoTime() - start) / 1e9;

		Map<String, Long> sizes = new HashMap<>();
		rows.forEach(row -> sizes.merge(row.entity(), 1L, Long::sum));
		long truePairs = sizes.values().stream().mapToLong(n -> n * (n - 1) / 2).sum();
		return tally(dataset, rows.size(), pairs, merged, rows, rows, truePairs, seconds);
	}

	private Result link(String dataset, List<Labelled> left, List<Labelled> right) {
		List<MatchRecord> probes = left.stream().map(Labelled::record).toList();
		List<MatchRecord> indexed = right.stream().map(Labelled::record).toList();
		long start = System.nanoTime();
		List<CandidateIndex.Pair> pairs = new CandidateIndex(blockingKeys, settings.maxBlockSize(), indexed)
			.pairsWith(probes);
		boolean[] merged = classify(pairs, probes, indexed,
				pair -> left.get(pair.left()).entity().equals(right.get(pair.right()).entity()));
		double seconds = (System.nanoTime() - start) / 1e9;

		Map<String, Long> rightSizes = new HashMap<>();
		right.forEach(row -> rightSizes.merge(row.entity(), 1L, Long::sum));
		long truePairs = left.stream().mapToLong(row -> rightSizes.getOrDefault(row.entity(), 0L)).sum();
		return tally(dataset, left.size() + right.size(), pairs, merged, left, right, truePairs, seconds);
	}

	private boolean[] classify(List<CandidateIndex.Pair> pairs, List<MatchRecord> left, List<MatchRecord> right,
			java.util.function.Predicate<CandidateIndex.Pair> truth) {
		// the population the records come from: names and places weighed by how common
		// they are in it
		List<MatchRecord> all = new ArrayList<>(left);
		if (right != left) {
			all.addAll(right);
		}
		PersonMatcher matcher = new PersonMatcher(TermFrequencies.counting(all));
		boolean[] merged = new boolean[pairs.size()];
		for (int i = 0; i < merged.length; i++) {
			CandidateIndex.Pair pair = pairs.get(i);
			MatchRecord a = left.get(pair.left());
			MatchRecord b = right.get(pair.right());
			// as unify decides: the family rule first, then the score
			if (matcher.rulesOut(a, b)) {
				continue;
			}
			MatchScore score = matcher.score(a, b);
			merged[i] = settings.decide(score) == MatchSettings.Decision.MERGE;
			this.calibration.add(score, truth.test(pair));
		}
		return merged;
	}

	private static Result tally(String dataset, int records, List<CandidateIndex.Pair> pairs, boolean[] merged,
			List<Labelled> left, List<Labelled> right, long truePairs, double seconds) {
		long blockedTrue = 0;
		long predicted = 0;
		long truePositives = 0;
		for (int i = 0; i < merged.length; i++) {
			CandidateIndex.Pair pair = pairs.get(i);
			boolean same = left.get(pair.left()).entity().equals(right.get(pair.right()).entity());
			blockedTrue += same ? 1 : 0;
			predicted += merged[i] ? 1 : 0;
			truePositives += same && merged[i] ? 1 : 0;
		}
		return new Result(dataset, records, pairs.size(), truePairs, blockedTrue, predicted, truePositives, seconds);
	}

	/**
	 * Reads a FEBRL file; the entity is the N of rec-N-org / rec-N-dup-k, soc_sec_id and
	 * state are ignored.
	 */
	private static List<Labelled> read(Path file) throws IOException {
		List<String> lines = Files.readAllLines(file);
		List<Labelled> rows = new ArrayList<>(lines.size());
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			String[] f = line.split(",", -1);
			for (int i = 0; i < f.length; i++) {
				f[i] = f[i].trim();
			}
			String street = (f[4] + " " + f[5]).trim();
			String dob = f[9].matches("\\d{8}")
					? f[9].substring(0, 4) + "-" + f[9].substring(4, 6) + "-" + f[9].substring(6, 8) : f[9];
			MatchRecord record = MatchRecord.of(f[1], f[2], dob, f[3], street, f[6], f[7], null);
			rows.add(new Labelled(f[0].split("-")[1], record));
		}
		return rows;
	}

}

package com.venuehub.customer.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Indexes records by blocking key and lists each candidate pair once, skipping blocks
 * larger than the cap.
 */
public final class CandidateIndex {

	/**
	 * Positions of two candidate records: in the indexed list, or probe position and
	 * indexed position.
	 */
	public record Pair(int left, int right) {
	}

	private final BlockingKeys blockingKeys;

	private final int maxBlockSize;

	private final List<Set<String>> recordKeys = new ArrayList<>();

	private final Map<String, List<Integer>> blocks = new HashMap<>();

	public CandidateIndex(BlockingKeys blockingKeys, int maxBlockSize, List<MatchRecord> records) {
		this.blockingKeys = blockingKeys;
		this.maxBlockSize = maxBlockSize;
		for (MatchRecord record : records) {
			Set<String> keys = blockingKeys.keys(record);
			for (String key : keys) {
				blocks.computeIfAbsent(key, k -> new ArrayList<>()).add(recordKeys.size());
			}
			recordKeys.add(keys);
		}
	}

	/** Deduplication: pairs of indexed records (left < right) sharing a key. */
	public List<Pair> pairsWithin() {
		List<Pair> pairs = new ArrayList<>();
		int[] seenBy = newSeen();
		for (int i = 0; i < recordKeys.size(); i++) {
			collect(i, recordKeys.get(i), i, seenBy, pairs);
		}
		return pairs;
	}

	/**
	 * Linking: pairs (probe position, indexed position) for probe records sharing a key
	 * with indexed ones.
	 */
	public List<Pair> pairsWith(List<MatchRecord> probes) {
		List<Pair> pairs = new ArrayList<>();
		int[] seenBy = newSeen();
		for (int i = 0; i < probes.size(); i++) {
			collect(i, blockingKeys.keys(probes.get(i)), -1, seenBy, pairs);
		}
		return pairs;
	}

	private void collect(int probe, Set<String> keys, int minRight, int[] seenBy, List<Pair> pairs) {
		for (String key : keys) {
			List<Integer> block = blocks.get(key);
			if (block == null || block.size() > maxBlockSize) {
				continue;
			}
			for (int right : block) {
				if (right > minRight && seenBy[right] != probe) {
					seenBy[right] = probe;
					pairs.add(new Pair(probe, right));
				}
			}
		}
	}

	private int[] newSeen() {
		int[] seen = new int[recordKeys.size()];
		Arrays.fill(seen, -1);
		return seen;
	}

}

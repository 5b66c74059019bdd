package com.venuehub.customer.population;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/** Draws values at random in proportion to their weights. */
final class Weighted<T> {

	private final List<T> values = new ArrayList<>();

	private double[] cumulative = new double[16];

	private double total;

	Weighted<T> add(T value, double weight) {
		if (weight <= 0) {
			return this;
		}
		if (this.values.size() == this.cumulative.length) {
			this.cumulative = Arrays.copyOf(this.cumulative, this.cumulative.length * 2);
		}
		this.total += weight;
		this.cumulative[this.values.size()] = this.total;
		this.values.add(value);
		return this;
	}

	T draw(RandomGenerator random) {
		if (this.values.isEmpty()) {
			throw new IllegalStateException("nothing to draw from");
		}
		double x = random.nextDouble() * this.total;
		int i = Arrays.binarySearch(this.cumulative, 0, this.values.size(), x);
		i = i >= 0 ? i + 1 : -i - 1;
		return this.values.get(Math.min(i, this.values.size() - 1));
	}

	int size() {
		return this.values.size();
	}

}

package com.venuehub.console;

import java.util.List;

import com.venuehub.platform.ApiException;

import org.springframework.http.HttpStatus;

/**
 * One page of a listing: its items, where it is and how many there are.
 *
 * @param page from 0
 * @param total every matching row, counted by the database
 */
public record Paging<T>(List<T> items, int page, int size, long total) {

	/** The rows to skip. */
	public static long offset(int page, int size) {
		check(page, size);
		return (long) page * size;
	}

	public static void check(int page, int size) {
		if (page < 0 || size < 1 || size > 200) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "page must be 0 or more and size between 1 and 200");
		}
	}

	public int pages() {
		return this.total == 0 ? 1 : (int) ((this.total + this.size - 1) / this.size);
	}

	public boolean hasPrevious() {
		return this.page > 0;
	}

	public boolean hasNext() {
		return this.page + 1 < pages();
	}

	/** Position of the first item shown, from 1. */
	public long first() {
		return this.items.isEmpty() ? 0 : (long) this.page * this.size + 1;
	}

	public long last() {
		return (long) this.page * this.size + this.items.size();
	}

}

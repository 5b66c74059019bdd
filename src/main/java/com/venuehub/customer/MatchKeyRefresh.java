package com.venuehub.customer;

import java.util.List;
import java.util.TreeSet;

import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes again the match keys of every live customer as the current model reads its
 * profile (the blocking keys, and the keys under which names and places are counted):
 * after an upgrade that reads names otherwise, customers stored before are found and
 * counted as the new ones. A thousand customers per transaction, each page under the
 * locks of unify's writers, so it runs beside unify; a run stopped halfway is simply run
 * again.
 */
@Component
public class MatchKeyRefresh {

	/** Live customers whose match keys are written again per transaction. */
	private static final int PAGE = 1_000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Merges merges;

	MatchKeyRefresh(JdbcTemplate jdbc, TransactionTemplate transaction, Merges merges) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.merges = merges;
	}

	/**
	 * What a refresh did: live customers read, keys written and removed, and the time it
	 * took.
	 */
	public record Result(int customers, int keysAdded, int keysRemoved, long millis) {
	}

	public Result refreshAll() {
		long start = System.nanoTime();
		int customers = 0;
		int added = 0;
		int removed = 0;
		long after = 0;
		while (true) {
			List<Long> page = this.jdbc.queryForList("""
					select id from customer where merged_into is null and erased_at is null and id > ?
					order by id limit ?""", Long.class, after, PAGE);
			if (page.isEmpty()) {
				break;
			}
			Merges.Refreshed refreshed = refresh(page);
			customers += refreshed.records().size();
			added += refreshed.added();
			removed += refreshed.removed();
			after = page.get(page.size() - 1);
		}
		return new Result(customers, added, removed, (System.nanoTime() - start) / 1_000_000);
	}

	private Merges.Refreshed refresh(List<Long> page) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.transaction.execute(status -> {
					// the page's customers locked as unify's writers lock them (in id
					// order); one merged or erased since the page was read is left out:
					// its keys went with it
					List<Long> live = this.jdbc.queryForList("""
							select id from customer where id = any (?) and merged_into is null and erased_at is null
							order by id for no key update""", Long.class, (Object) page.toArray(Long[]::new));
					return this.merges.refreshKeysAndRead(new TreeSet<>(live));
				});
			}
			catch (TransientDataAccessException ex) {
				// a deadlock with a unify batch: the page again
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

}

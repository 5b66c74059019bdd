package com.venuehub.platform;

import java.util.function.Supplier;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs one statement on its generic plan, inside the caller's transaction. PostgreSQL
 * keeps making a plan for each call's values of some statements whose plan is the same
 * for any values (an array of ids, a cursor), at several times the cost of running them.
 * The setting holds for that statement only: the transaction's other statements are still
 * planned for their values (an array's size).
 */
public final class GenericPlan {

	private GenericPlan() {
	}

	public static <T> T run(JdbcTemplate jdbc, Supplier<T> statement) {
		jdbc.execute("set local plan_cache_mode = force_generic_plan");
		T result = statement.get();
		// not in a finally: a failed statement has aborted the transaction, which ends
		// the setting with it
		jdbc.execute("set local plan_cache_mode = auto");
		return result;
	}

}

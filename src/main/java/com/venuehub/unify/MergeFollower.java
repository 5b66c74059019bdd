package com.venuehub.unify;

/**
 * A store of rows that belong to a customer: when two customers are found to be one
 * person, unify hands the merged customer's rows to the survivor, in the merge's
 * transaction.
 */
public interface MergeFollower {

	void merged(long survivorId, long mergedId);

}

package com.venuehub.unify;

import java.util.List;
import java.util.Map;

/**
 * What one kind of fact does to the store (tickets and scans, loyalty, kiosk answers):
 * unify resolves a batch of events to their customers, then hands the batch to every
 * capability in order, inside its transaction, with the keys of the batch locked (its
 * identifiers, tickets and cards). A capability applies the events it handles with a few
 * statements for the whole batch, in event order where its rules need it, and ignores the
 * others. A record it cannot apply (a ticket of another owner) is refused with a
 * {@link com.venuehub.platform.RecordRejectedException}: the batch is then applied again
 * one event at a time and that event alone is quarantined.
 * <p>
 * When two customers are found to be one person, the rows a capability keeps for a
 * customer follow the merge ({@link MergeFollower}) and come back with an unmerge; they
 * are erased with the person and are part of the person's export. Adding a kind of fact
 * is one new implementation: unify, merges, erasure and export do not know the kinds.
 */
public interface Capability extends MergeFollower {

	/**
	 * The reason kept on what was decided for a person before their erasure and is not
	 * done (a message not sent), in place of their personal data.
	 */
	String ERASED = "customer erased";

	/**
	 * Applies the batch's events that this capability handles.
	 * @param facts the batch, in the order unify applies it
	 */
	void apply(List<Fact> facts);

	/**
	 * The tables of rows it keeps per customer (in a column {@code customer_id}), each
	 * with the SQL expression of a row's key: a merge notes which rows it moved, an
	 * unmerge gives them back.
	 */
	Map<String, String> customerRows();

	/**
	 * Events unify took back from the customer they joined (a record naming nobody whose
	 * email or phone turned out to be a household's): the rows they gave that customer
	 * belong to the customer the capability finds for them otherwise (the holder of a
	 * kiosk answer's ticket), else to none, as if they had arrived now. Sales are never
	 * among them ({@link #detached}).
	 * @return the customer each event now belongs to, by event id, where it has one
	 */
	default Map<String, Long> takenBack(List<String> eventIds) {
		return Map.of();
	}

	/**
	 * Sales unify took back from the customer they joined into a customer of their own (a
	 * sale naming no first name whose email or phone turned out to be a household's): the
	 * rows they gave belong to that customer now, as if it had bought alone.
	 * @param customers the customer each event now belongs to, by event id
	 * @param tickets the ticket numbers each of those events sold, by event id
	 */
	default void detached(Map<String, Long> customers, Map<String, List<String>> tickets) {
	}

	/**
	 * Erases what it keeps of a person, inside the erasure's transaction: the personal
	 * data goes, what the venue's accounts and figures need stays, anonymous.
	 * @param survivor the person's customer
	 * @param customers the survivor and the customers merged into it
	 * @param summary the erasure's counts (without personal data), to add to
	 */
	void erase(long survivor, Long[] customers, Map<String, Integer> summary);

	/** The name of its part of a person's export ({@code tickets}, {@code loyalty}…). */
	String exportName();

	/**
	 * Its part of a person's export: everything it keeps of them.
	 * @param survivor the person's customer
	 * @param customers the survivor and the customers merged into it
	 */
	Object export(long survivor, Long[] customers);

}

package com.venuehub.unify;

import java.util.List;

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
 * customer follow the merge ({@link MergeFollower}). Adding a kind of fact is one new
 * implementation; unify does not know the kinds.
 */
public interface Capability extends MergeFollower {

	/**
	 * Applies the batch's events that this capability handles.
	 * @param facts the batch, in the order unify applies it
	 */
	void apply(List<Fact> facts);

}

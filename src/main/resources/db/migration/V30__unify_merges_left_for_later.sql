-- A unify batch that finds a merge whose customers or rows another transaction holds commits without it
-- and makes it right after, in a transaction of its own. The merge is written down here, in the batch's
-- own transaction, so that a crash, a lost connection or an outage between the two cannot lose it: the
-- attempt that makes it deletes its row, and a timed sweep makes those left behind.
create table unify_pending_merge (
    -- the batch's customer to compare again with its candidates
    customer_id bigint primary key,
    -- the event that made the batch compare it (an id, no personal data)
    event_id text not null,
    since timestamptz not null default now()
);

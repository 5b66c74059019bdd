-- Each dispatcher claims the due rows of its own channel. With one index over every pending
-- row, the SMS dispatcher walked past every due email (a backlog of confirmations after a
-- busy hour) at each poll before finding none of its own: one index per channel.
create index outbox_message_pending_email on outbox_message (next_attempt_at, id)
    where status = 'PENDING' and channel = 'EMAIL';
create index outbox_message_pending_sms on outbox_message (next_attempt_at, id)
    where status = 'PENDING' and channel = 'SMS';
drop index outbox_message_pending;

-- The outbox is a queue: rows are written, claimed and settled within seconds, and a claim
-- walks its index from the oldest due row. Left to the default (a vacuum once a fifth of the
-- table has changed), the entries of settled rows pile up at the head of that walk. Vacuum it
-- after a few thousand changes whatever its size.
alter table outbox_message set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000,
    autovacuum_analyze_scale_factor = 0.05);

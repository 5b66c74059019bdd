-- A vacuum reads every index of the outbox whole, and the outbox keeps every message sent.
-- Vacuumed after a fixed 5,000 changes whatever its size, each message paid a share of a vacuum
-- that grew with the outbox. Vacuum once a twentieth of the table has changed (and at least 5,000
-- rows), as the hub's own vacuum does (hub.db.vacuum.min-dead-fraction): the vacuums then come
-- further apart as the outbox grows, and a claim walks past a few more dead index entries.
alter table outbox_message set (autovacuum_vacuum_scale_factor = 0.05);

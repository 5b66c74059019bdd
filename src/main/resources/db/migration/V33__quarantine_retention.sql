-- A quarantined record nobody replayed for hub.ingest.quarantine.kept-for (status EXPIRED), or
-- replayed that long ago, loses its raw text, its context and its reason, which may quote its
-- values; its source, mapping, origin, line, dates and replay count stay.
alter table quarantine add column expired_at timestamptz;

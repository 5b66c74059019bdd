-- Once a message has been settled for hub.outbox.retention.contents-kept-for, its recipient, its
-- text and the words that may quote them are removed; its kind, channel, status, dates, customer
-- and campaign stay, as the record of what was sent.
alter table outbox_message add column contents_removed_at timestamptz;

-- How far the retention has read the outbox, by id: every message up to scanned_to was settled
-- long enough ago and had its contents removed, or is listed in outbox_retention_waiting.
create table outbox_retention (
    id          integer primary key check (id = 1),
    scanned_to  bigint not null
);
insert into outbox_retention (id, scanned_to) values (1, 0);

-- Messages the retention passed while they were still to be sent or settled too recently: each is
-- looked at again by its id at every run, until its contents are removed.
create table outbox_retention_waiting (
    message_id  bigint primary key
);

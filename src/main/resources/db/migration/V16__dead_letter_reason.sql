-- Why a route last failed on a broker message, by the message's JMS id: the dead-letter listing
-- says why the broker gave up on a message after a restart, and on every hub instance.
create table dead_letter_reason (
    message_id text primary key,
    reason     text not null,
    failed_at  timestamptz not null default now()
);

create index dead_letter_reason_failed_at on dead_letter_reason (failed_at);

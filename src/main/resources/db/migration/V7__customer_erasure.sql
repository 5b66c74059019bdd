-- Erasure of a customer (right to erasure): the customer row stays as an anonymous holder of what
-- the venue's figures need (tickets, loyalty transactions, kiosk scores), its personal fields gone,
-- and each erasure is recorded without personal data, so that it can be proven.

alter table customer add column erased_at timestamptz;

-- One row per erased person (the survivor of their merges): who erased them, when, on which request,
-- and what was removed and kept (counts only).
create table customer_erasure (
    customer_id   bigint primary key references customer (id),
    -- the id the request named (a merged id answers with its survivor)
    requested_id  bigint not null,
    -- the customers merged into it, erased with it
    merged_ids    bigint[] not null,
    erased_by     text not null,
    -- the venue's reference of the person's request (a case number, never personal data)
    reference     text,
    erased_at     timestamptz not null,
    summary       jsonb not null
);

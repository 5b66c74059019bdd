-- Unify writes a batch's identifiers, match keys, tickets, cards, answers, consents and
-- unverified values a statement per table, with the customer ids it has just resolved and
-- locked. Each row's foreign-key check read the customer row and took a key-share lock on
-- it, shared with the batch running beside it. These tables keep their customer ids without
-- the check, as the outbox does: a customer row is never deleted (a merged one points at its
-- survivor, an erased one keeps its row), and only unify, merges and erasure write these ids,
-- under the customer's locks.
alter table customer_identifier drop constraint customer_identifier_customer_id_fkey;
alter table customer_match_key drop constraint customer_match_key_customer_id_fkey;
alter table ticket drop constraint ticket_customer_id_fkey;
alter table loyalty_card drop constraint loyalty_card_customer_id_fkey;
alter table feedback_response drop constraint feedback_response_customer_id_fkey;
alter table consent_statement drop constraint consent_statement_customer_id_fkey;
alter table unverified_contact drop constraint unverified_contact_customer_id_fkey;

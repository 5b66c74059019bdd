-- A campaign's results are read from running counts instead of counting its messages at every
-- request (the campaign page refreshes them every 3 seconds while it runs).
--
-- Every statement that inserts, updates or deletes outbox rows of a campaign adds, in its own
-- transaction, the change it made per (campaign, status, delivery status, reason not sent): +n for
-- the rows as they are now, -n for the rows as they were. Whoever writes the outbox (launch,
-- dispatch, Twilio's callbacks, cancel, erasure, a tool) is counted, and no row is locked: writers
-- only append. A campaign's figures are the sums of its rows; the SMS scheduler folds each campaign's
-- new rows into one row per key from time to time (CampaignResults.fold).
create table campaign_message_count (
    campaign_id     bigint not null,
    status          text not null,
    delivery_status text,
    -- why it was not sent, for suppressed messages only (other statuses' reasons vary per message)
    reason          text,
    messages        bigint not null,
    -- SMS segments billed
    segments        bigint not null,
    -- first and last time one of these messages was sent: the window of the sales after the campaign
    first_sent_at   timestamptz,
    last_sent_at    timestamptz,
    folded          boolean not null default false
);
create index campaign_message_count_campaign on campaign_message_count (campaign_id);
create index campaign_message_count_unfolded on campaign_message_count (campaign_id) where not folded;

create function campaign_message_count_inserted() returns trigger language plpgsql as $$
begin
    insert into campaign_message_count (campaign_id, status, delivery_status, reason, messages, segments,
                                        first_sent_at, last_sent_at)
    select campaign_id, status, delivery_status, case when status = 'SUPPRESSED' then reason end, count(*),
           coalesce(sum(segments), 0), min(sent_at), max(sent_at)
    from new_rows where campaign_id is not null
    group by 1, 2, 3, 4;
    return null;
end $$;

create function campaign_message_count_updated() returns trigger language plpgsql as $$
begin
    insert into campaign_message_count (campaign_id, status, delivery_status, reason, messages, segments,
                                        first_sent_at, last_sent_at)
    select campaign_id, status, delivery_status, reason, sum(messages), sum(segments), min(sent_at), max(sent_at)
    from (select campaign_id, status, delivery_status, case when status = 'SUPPRESSED' then reason end as reason,
                 1 as messages, coalesce(segments, 0) as segments, sent_at
          from new_rows where campaign_id is not null
          union all
          select campaign_id, status, delivery_status, case when status = 'SUPPRESSED' then reason end,
                 -1, -coalesce(segments, 0), null
          from old_rows where campaign_id is not null) change
    group by 1, 2, 3, 4
    -- a change of another column (a body erased, a retry time) counts nothing
    having sum(messages) <> 0 or sum(segments) <> 0;
    return null;
end $$;

create function campaign_message_count_deleted() returns trigger language plpgsql as $$
begin
    insert into campaign_message_count (campaign_id, status, delivery_status, reason, messages, segments)
    select campaign_id, status, delivery_status, case when status = 'SUPPRESSED' then reason end, -count(*),
           -coalesce(sum(segments), 0)
    from old_rows where campaign_id is not null
    group by 1, 2, 3, 4;
    return null;
end $$;

-- statement triggers: a launch writing 100,000 messages adds a few rows, not 100,000
create trigger campaign_message_count_inserted after insert on outbox_message
    referencing new table as new_rows for each statement execute function campaign_message_count_inserted();
create trigger campaign_message_count_updated after update on outbox_message
    referencing old table as old_rows new table as new_rows
    for each statement execute function campaign_message_count_updated();
create trigger campaign_message_count_deleted after delete on outbox_message
    referencing old table as old_rows for each statement execute function campaign_message_count_deleted();

insert into campaign_message_count (campaign_id, status, delivery_status, reason, messages, segments, first_sent_at,
                                    last_sent_at, folded)
select campaign_id, status, delivery_status, case when status = 'SUPPRESSED' then reason end, count(*),
       coalesce(sum(segments), 0), min(sent_at), max(sent_at), true
from outbox_message where campaign_id is not null
group by 1, 2, 3, 4;

-- Sales after a campaign: from each recipient to their tickets by sale time, or from the tickets
-- sold in the campaign's window to the recipients, whichever side is smaller. The first index
-- replaces ticket_customer (its prefix).
create index ticket_customer_sold on ticket (customer_id, sold_at);
drop index ticket_customer;
create index ticket_sold_at on ticket (sold_at);

-- Opt-outs after a campaign: the SMS revocations stated since it was first sent.
create index consent_statement_sms_revoked on consent_statement (stated_at) where channel = 'SMS' and not granted;

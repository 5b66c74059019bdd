-- An explicit opt-out by the person (an SMS STOP reply, Twilio's "recipient unsubscribed", an
-- unsubscribe or opt-out form wired as a source) is never overridden by a statement the hub received
-- before it, whatever that statement's event time: a grant dated in the future can no longer outlive
-- the person's own "no". Statements received after it compete with it by event time as before.
alter table consent_statement add column explicit_opt_out boolean not null default false;
alter table consent_statement add constraint consent_statement_opt_out_revokes
    check (not (explicit_opt_out and granted));

update consent_statement set explicit_opt_out = true where not granted and source in ('sms-reply', 'twilio');

create index consent_statement_opt_out on consent_statement (customer_id, channel, purpose, received_at, id)
    where explicit_opt_out;

create or replace view current_consent as
select distinct on (s.customer_id, s.channel, s.purpose)
       s.customer_id, s.channel, s.purpose, s.granted, s.source, s.source_record, s.stated_at, s.received_at
from consent_statement s
where not exists (select 1 from consent_statement o
                  where o.explicit_opt_out
                    and o.customer_id = s.customer_id and o.channel = s.channel and o.purpose = s.purpose
                    and (o.received_at, o.id) > (s.received_at, s.id))
order by s.customer_id, s.channel, s.purpose, s.stated_at desc, s.granted asc, s.id desc;

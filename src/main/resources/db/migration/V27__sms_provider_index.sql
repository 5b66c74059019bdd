-- Messages are looked up by the provider's id only for SMS, when Twilio reports a delivery status.
-- An email's id from the relay (its Message-ID) is kept but never looked up: sent emails no
-- longer get an entry in this index, one index write fewer for each email settled.
drop index outbox_message_provider;
create index outbox_message_provider on outbox_message (provider_message_id)
    where provider_message_id is not null and channel = 'SMS';

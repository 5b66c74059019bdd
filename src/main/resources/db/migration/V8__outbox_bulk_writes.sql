-- A campaign writes its whole audience to the outbox in one statement (100,000 rows and more).
-- Per-row foreign-key checks were a third of that time: the outbox keeps customer and campaign
-- ids without them. Neither is ever deleted (an erased customer keeps its row), and the writers
-- take the ids from the rows they have just read.
alter table outbox_message drop constraint outbox_message_campaign_id_fkey;
alter table outbox_message drop constraint outbox_message_customer_id_fkey;
-- the frequency cap counts a customer's promos through outbox_message_customer
drop index outbox_message_sms_sent;

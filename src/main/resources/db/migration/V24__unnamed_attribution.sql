-- A record naming nobody (a kiosk answer giving only an email or a phone) that joined the one customer
-- holding that email or phone: one row per identifier it joined by. When a person the family rule tells
-- apart from the holder gives that email or phone too, it is a household's, the record does not say
-- which member answered, and unify takes it back from the customer. The customer may be one that the
-- same unify transaction writes after the row, hence the checks at commit.
create table unnamed_attribution (
    kind        text     not null,
    value       text     not null,
    event_id    text     not null,
    customer_id bigint   not null references customer (id) deferrable initially deferred,
    identifiers smallint not null,
    primary key (kind, value, event_id)
);
create index unnamed_attribution_customer on unnamed_attribution (customer_id);

-- a record taken back is logged in the customer's merge history (rule DETACH), possibly for a customer
-- the same transaction writes afterwards; found by its event
alter table merge_log alter constraint merge_log_survivor_id_fkey deferrable initially deferred;
alter table merge_log alter constraint merge_log_merged_id_fkey deferrable initially deferred;
create index merge_log_detached on merge_log (event_id) where rule = 'DETACH';

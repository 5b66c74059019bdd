-- A sale naming a last name and no first name (a box-office row, an online order) that joined the one
-- customer holding its email or phone is noted too: when a person the family rule tells apart from the
-- holder gives that email or phone later, the sale does not say which member bought, and unify takes it
-- back into a customer of its own, which it then makes with what the sale said (its last name, the
-- postcode and town of its household, its locale) and gives the tickets it sold. Null for a record naming nobody (a kiosk answer). Erased with
-- the customer, like the rest of the row.
alter table unnamed_attribution
    add column last_name   text,
    add column postcode    text,
    add column locality    text,
    add column locale      text,
    add column source      text,
    add column occurred_at timestamptz,
    add column tickets     text[];

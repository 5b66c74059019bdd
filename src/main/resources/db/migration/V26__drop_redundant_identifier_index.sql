-- An identifier's customer is found through customer_identifier_unique (customer_id, kind, value),
-- whose first column is the customer: the index on customer_id alone served no query the unique
-- one does not, and cost one more index entry for every identifier written or moved by a merge.
drop index customer_identifier_customer;

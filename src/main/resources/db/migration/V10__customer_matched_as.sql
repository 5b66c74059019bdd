-- A digest of the profile a customer was last compared with similar customers as (its match
-- record, blocking keys and thresholds). An event that leaves it unchanged has nothing new to
-- compare: the customers that arrived or changed since compared themselves with it then.
alter table customer add column matched_as text;

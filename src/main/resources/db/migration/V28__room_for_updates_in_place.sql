-- Rows updated as visitors come back: a loyalty card at each transaction (its balance and tier), a
-- customer at each record that adds to the profile. A full page sends the row's new version to another
-- page, and every index of the table takes an entry for it; with room left on its page the new version
-- stays there (a heap-only update) and no index takes anything. Tables keep this for the pages they
-- write from now on; pages already full keep their rows as they are.
alter table loyalty_card set (fillfactor = 80);
alter table customer set (fillfactor = 90);

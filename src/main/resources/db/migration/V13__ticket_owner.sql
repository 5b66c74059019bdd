-- Who may change a ticket: the source that created it, and the reseller it was sold by, if any
-- ('box-office', 'online', 'reseller:TOURS-A', 'online:TOURS-A'). A purchase record of another owner
-- (a reseller row cancelling a box-office ticket) changes nothing and is quarantined with the reason.
-- Null (rows written before this column, or by tools) means the ticket's source alone.
alter table ticket add column owner text;

update ticket t set owner = t.source || ':' || r.code
from reseller_sale s join reseller r on r.id = s.reseller_id
where s.ticket_number = t.ticket_number;

-- The rendered bodies of messages and their payloads are never filtered, joined or sorted on: the
-- planner needs no statistics of them, and sampling them made each analyze of the outbox read
-- tens of megabytes of text (PlannerStatistics analyzes it as it grows).
alter table outbox_message alter column subject set statistics 0;
alter table outbox_message alter column body_text set statistics 0;
alter table outbox_message alter column body_html set statistics 0;
alter table outbox_message alter column payload set statistics 0;
alter table outbox_message alter column last_error set statistics 0;

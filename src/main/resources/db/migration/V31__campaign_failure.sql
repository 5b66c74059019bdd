-- Why the hub could not start or run a campaign (its segment cannot be evaluated, stored before a
-- rule refused it): the campaign went back to DRAFT with this reason, for marketing to correct it
-- and launch it again. Cleared at its next launch.
alter table campaign add column failure text;

-- The prisoner list under load (issue 9). Every signed-in page writes its audit entry, and in WAL
-- mode every commit makes each reader connection drop its whole page cache, so a wing's page read
-- its 101 rows' table pages again each time: one descent of the table (keyed by prison number)
-- per row. The wing's index now also holds the other columns of a list's summary
-- (PrisonerQuery::summary: cell, legal status, security category, gone), so a wing's page reads
-- a few consecutive index pages and no table page (docs/performance.md, "A covering index for
-- the wing's page").
DROP INDEX prisoners_on_wing;
CREATE INDEX prisoners_on_wing ON prisoners (establishment, wing, last_name, first_name, prison_number,
    cell, legal_status, security_category, gone)
    WHERE NOT gone;

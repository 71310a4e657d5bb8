-- The prisoner list (issue 9). A wing's page is the establishment's prisoners on that wing who
-- are not gone, in name order: this partial index holds exactly those rows in that order, so a
-- page (first or later, by keyset) reads 101 index entries. It replaces prisoners_by_wing, whose
-- only use was counting a wing, so the import still keeps two secondary indexes.
DROP INDEX prisoners_by_wing;
CREATE INDEX prisoners_on_wing ON prisoners (establishment, wing, last_name, first_name, prison_number)
    WHERE NOT gone;

-- Each wing's count of prisoners not gone, kept by the prisoner import in the transaction that
-- changes them (storage/prisoner_counts), so that no page counts a wing.
ALTER TABLE locations ADD COLUMN prisoner_count INTEGER NOT NULL DEFAULT 0;
UPDATE locations SET prisoner_count = (
    SELECT count(*) FROM prisoners p
     WHERE p.establishment = locations.establishment AND p.wing = locations.code AND NOT p.gone);

-- Digital demand, joining up (issue 11 item 7; ADR 0030): a number that every committed change
-- to what a proposal's related proposals and catalogue matches are computed from advances, so
-- that a server keeps what it computed until that number moves. Advanced for a proposal added or
-- removed, a proposal changed that was or is submitted (a draft is never related to another
-- proposal, and its own probe is part of what the server keeps), a term count and a catalogue
-- entry. SQLite has one writer at a time, so plain triggers keep it.

CREATE TABLE demand_joining_up_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO demand_joining_up_version (id, version) VALUES (1, 0);

CREATE TRIGGER demand_proposals_joining_up_insert AFTER INSERT ON demand_proposals BEGIN
    UPDATE demand_joining_up_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER demand_proposals_joining_up_update AFTER UPDATE ON demand_proposals
WHEN OLD.submitted_at IS NOT NULL OR NEW.submitted_at IS NOT NULL BEGIN
    UPDATE demand_joining_up_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER demand_proposals_joining_up_delete AFTER DELETE ON demand_proposals BEGIN
    UPDATE demand_joining_up_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER demand_term_counts_joining_up_insert AFTER INSERT ON demand_term_counts BEGIN
    UPDATE demand_joining_up_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER demand_term_counts_joining_up_update AFTER UPDATE ON demand_term_counts BEGIN
    UPDATE demand_joining_up_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER demand_term_counts_joining_up_delete AFTER DELETE ON demand_term_counts BEGIN
    UPDATE demand_joining_up_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER demand_catalogue_joining_up_insert AFTER INSERT ON demand_catalogue BEGIN
    UPDATE demand_joining_up_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER demand_catalogue_joining_up_update AFTER UPDATE ON demand_catalogue BEGIN
    UPDATE demand_joining_up_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER demand_catalogue_joining_up_delete AFTER DELETE ON demand_catalogue BEGIN
    UPDATE demand_joining_up_version SET version = version + 1 WHERE id = 1;
END;

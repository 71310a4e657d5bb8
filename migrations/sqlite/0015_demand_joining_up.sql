-- Digital demand, joining up (issue 11 item 4; ADR 0014): the search terms and supplier key of
-- each proposal, both computed by the domain (src/domain/demand/similarity.cpp), an FTS5 index of
-- the terms, and the catalogue of assured national services with its own index. The database only
-- finds candidates; the domain ranks them, so SQLite and PostgreSQL agree.
-- Proposals stored before this migration get their terms when the store is next migrated
-- (storage fills every row whose search_terms is NULL).

ALTER TABLE demand_proposals ADD COLUMN search_terms TEXT;
ALTER TABLE demand_proposals ADD COLUMN supplier_key TEXT NOT NULL DEFAULT '';
CREATE INDEX demand_proposals_by_supplier ON demand_proposals (supplier_key, id);
CREATE INDEX demand_proposals_by_category ON demand_proposals (category, id);

-- The terms are lower-case letters and digits separated by single spaces, so unicode61 yields
-- exactly them.
CREATE VIRTUAL TABLE demand_proposal_search USING fts5 (
    search_terms, content = 'demand_proposals', content_rowid = 'id', tokenize = 'unicode61'
);
CREATE TRIGGER demand_proposals_search_insert AFTER INSERT ON demand_proposals
WHEN new.search_terms IS NOT NULL
BEGIN
    INSERT INTO demand_proposal_search (rowid, search_terms) VALUES (new.id, new.search_terms);
END;
CREATE TRIGGER demand_proposals_search_update AFTER UPDATE OF search_terms ON demand_proposals
BEGIN
    INSERT INTO demand_proposal_search (demand_proposal_search, rowid, search_terms)
        SELECT 'delete', old.id, old.search_terms WHERE old.search_terms IS NOT NULL;
    INSERT INTO demand_proposal_search (rowid, search_terms)
        SELECT new.id, new.search_terms WHERE new.search_terms IS NOT NULL;
END;

CREATE TABLE demand_catalogue (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    category     TEXT NOT NULL,
    supplier     TEXT NOT NULL,
    supplier_key TEXT NOT NULL,
    description  TEXT NOT NULL,
    contact      TEXT NOT NULL,
    search_terms TEXT NOT NULL,
    added_by     TEXT NOT NULL,
    added_at     TEXT NOT NULL
);
CREATE INDEX demand_catalogue_by_supplier ON demand_catalogue (supplier_key, id);
CREATE INDEX demand_catalogue_by_category ON demand_catalogue (category, id);
CREATE VIRTUAL TABLE demand_catalogue_search USING fts5 (
    search_terms, content = 'demand_catalogue', content_rowid = 'id', tokenize = 'unicode61'
);
CREATE TRIGGER demand_catalogue_search_insert AFTER INSERT ON demand_catalogue
BEGIN
    INSERT INTO demand_catalogue_search (rowid, search_terms) VALUES (new.id, new.search_terms);
END;

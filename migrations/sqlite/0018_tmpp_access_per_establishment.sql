-- Each establishment keeps its own TMPP access record and risk decision for a prisoner (issue 8).
-- With the prison number alone as the key, a prisoner transferred from MDI to LEI had MDI's ENDED
-- record and MDI's decision (with its reason) replaced by LEI's first write: MDI's history was
-- lost. The key is now (prison number, establishment); reads name the establishment in scope.
-- SQLite cannot change a primary key, so both tables are rebuilt with their rows and indexes.
CREATE TABLE tmpp_access_new (
    prison_number TEXT NOT NULL,
    establishment TEXT NOT NULL,
    state         TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    ended_need_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (prison_number, establishment)
) WITHOUT ROWID;
INSERT INTO tmpp_access_new (prison_number, establishment, state, updated_at, ended_need_id)
    SELECT prison_number, establishment, state, updated_at, ended_need_id FROM tmpp_access;
DROP TABLE tmpp_access;
ALTER TABLE tmpp_access_new RENAME TO tmpp_access;
CREATE INDEX tmpp_access_by_establishment ON tmpp_access (establishment, state);

CREATE TABLE tmpp_decisions_new (
    prison_number    TEXT NOT NULL,
    establishment    TEXT NOT NULL,
    band             TEXT NOT NULL,
    recommended_band TEXT,
    is_override      INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    decided_by       TEXT NOT NULL,
    decided_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    needs_review     INTEGER NOT NULL,
    review_reason    TEXT NOT NULL,
    inputs           TEXT NOT NULL,
    PRIMARY KEY (prison_number, establishment)
) WITHOUT ROWID;
INSERT INTO tmpp_decisions_new
    SELECT prison_number, establishment, band, recommended_band, is_override, reason, decided_by,
           decided_at, expires_at, needs_review, review_reason, inputs FROM tmpp_decisions;
DROP TABLE tmpp_decisions;
ALTER TABLE tmpp_decisions_new RENAME TO tmpp_decisions;
CREATE INDEX tmpp_decisions_by_establishment ON tmpp_decisions (establishment);
CREATE INDEX tmpp_decisions_by_expiry ON tmpp_decisions (expires_at);

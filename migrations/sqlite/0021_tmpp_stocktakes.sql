-- TMPP handset stocktakes (issue 10 item 3): when, where and by whom each was taken, and what it
-- found about each handset (sqlite). Times are RFC 3339 UTC text. Stocktakes are never changed
-- or deleted.

CREATE TABLE stocktakes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    establishment TEXT NOT NULL REFERENCES establishments (code),
    taken_at      TEXT NOT NULL,
    taken_by      TEXT NOT NULL,
    seen_count    INTEGER NOT NULL CHECK (seen_count >= 0)
);
CREATE INDEX stocktakes_by_establishment ON stocktakes (establishment, id);

-- One row a handset: MISSING, UNKNOWN (the tag is not in the register, so no reference to
-- handsets), SEAL_MISMATCH, OUT (issued to a prisoner) or SEEN; `incident` names the draft the
-- stocktake opened, if any.
CREATE TABLE stocktake_items (
    stocktake_id  INTEGER NOT NULL REFERENCES stocktakes (id),
    position      INTEGER NOT NULL,
    finding       TEXT NOT NULL CHECK (finding IN ('MISSING', 'UNKNOWN', 'SEAL_MISMATCH', 'OUT',
                                                   'SEEN')),
    tag           TEXT NOT NULL,
    status_before TEXT NOT NULL,
    seal_recorded TEXT NOT NULL,
    seal_seen     TEXT NOT NULL,
    prison_number TEXT NOT NULL,
    issued_at     TEXT,
    incident      TEXT NOT NULL,
    PRIMARY KEY (stocktake_id, position)
) WITHOUT ROWID;

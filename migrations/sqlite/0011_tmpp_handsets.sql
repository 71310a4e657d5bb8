-- TMPP handsets: the register, each handset's timeline, issues and returns, and each
-- establishment's overdue limit (sqlite). Times are RFC 3339 UTC text.

CREATE TABLE handsets (
    tag           TEXT PRIMARY KEY,
    imei          TEXT NOT NULL UNIQUE,
    model         TEXT NOT NULL,
    iccid         TEXT NOT NULL UNIQUE,
    phone_number  TEXT NOT NULL,
    seal          TEXT NOT NULL,
    establishment TEXT NOT NULL REFERENCES establishments (code),
    home_wing     TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('AVAILABLE', 'ISSUED', 'QUARANTINED',
                                                    'DAMAGED', 'LOST', 'RETIRED')),
    updated_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX handsets_by_establishment ON handsets (establishment, status, tag);

CREATE TABLE handset_events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    tag     TEXT NOT NULL REFERENCES handsets (tag),
    at      TEXT NOT NULL,
    by_user TEXT NOT NULL,
    what    TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX handset_events_by_handset ON handset_events (tag, id);

-- An issue is open until returned_at is set. The two partial unique indexes are the rule "a
-- handset is never issued twice at once and a prisoner never holds two", whatever the concurrency.
CREATE TABLE handset_issues (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    tag           TEXT NOT NULL REFERENCES handsets (tag),
    establishment TEXT NOT NULL,
    prison_number TEXT NOT NULL,
    seal_out      TEXT NOT NULL,
    issued_by     TEXT NOT NULL,
    issued_at     TEXT NOT NULL,
    returned_at   TEXT,
    returned_by   TEXT NOT NULL DEFAULT '',
    seal_seen     TEXT NOT NULL DEFAULT '',
    sim_present   INTEGER NOT NULL DEFAULT 1,
    condition     TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX handset_issues_open_handset ON handset_issues (tag) WHERE returned_at IS NULL;
CREATE UNIQUE INDEX handset_issues_open_prisoner ON handset_issues (prison_number)
    WHERE returned_at IS NULL;
CREATE INDEX handset_issues_by_establishment ON handset_issues (establishment, returned_at);

CREATE TABLE handset_settings (
    establishment   TEXT PRIMARY KEY REFERENCES establishments (code),
    overdue_minutes INTEGER NOT NULL CHECK (overdue_minutes BETWEEN 1 AND 1440)
) WITHOUT ROWID;

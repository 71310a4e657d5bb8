-- TMPP incident reports, their numbering per establishment and year, and their timelines
-- (sqlite). Times are RFC 3339 UTC text. Incidents are never deleted, so a reference, unique
-- here, is never reused; incident_numbers hands out each establishment's next number.

CREATE TABLE incident_numbers (
    establishment TEXT NOT NULL REFERENCES establishments (code),
    year          INTEGER NOT NULL,
    last_number   INTEGER NOT NULL,
    PRIMARY KEY (establishment, year)
) WITHOUT ROWID;

CREATE TABLE incidents (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    reference       TEXT NOT NULL UNIQUE,
    establishment   TEXT NOT NULL REFERENCES establishments (code),
    wing            TEXT NOT NULL,
    type            TEXT NOT NULL CHECK (type IN ('SEAL_TAMPERED', 'SIM_TAMPERED', 'DAMAGE', 'LOSS',
                                                  'MISUSE', 'NON_COMPLIANCE', 'OTHER')),
    status          TEXT NOT NULL CHECK (status IN ('DRAFT', 'REPORTED', 'RIU_NOTIFIED', 'CLOSED',
                                                    'NOT_REPORTABLE')),
    handset         TEXT NOT NULL,
    prisoners       TEXT NOT NULL,  -- prison numbers, comma-separated
    occurred_at     TEXT,
    discovered_at   TEXT NOT NULL,
    reporter        TEXT NOT NULL,
    description     TEXT NOT NULL,
    local_ir_number TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    reported_at     TEXT,
    riu_notified_at TEXT,
    closed_at       TEXT,
    outcome         TEXT NOT NULL,  -- why it closed
    no_prisoner_reason TEXT NOT NULL,  -- a tampering incident closed with no prisoner identified
    updated_at      TEXT NOT NULL
);
CREATE INDEX incidents_by_establishment ON incidents (establishment, status, id);

CREATE TABLE incident_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    what        TEXT NOT NULL,
    detail      TEXT NOT NULL,
    outbox_id   INTEGER  -- the email this step enqueued, if any
);
CREATE INDEX incident_events_by_incident ON incident_events (incident_id, id);

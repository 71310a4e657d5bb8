-- Organisation, people, prisoners and the audit log (SQLite).
-- Times are RFC 3339 UTC text ("2026-11-22T10:15:00Z"), which sorts in time order.

CREATE TABLE regions (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    riu_email TEXT NOT NULL
);

CREATE TABLE establishments (
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    spoc_email     TEXT NOT NULL,
    security_email TEXT NOT NULL,
    phase          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX establishments_region ON establishments (region_code);

CREATE TABLE locations (
    establishment TEXT NOT NULL REFERENCES establishments (code),
    code          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    PRIMARY KEY (establishment, code)
) WITHOUT ROWID;

-- roles: role names joined by ','; caseload: establishment codes joined by ','.
CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    username       TEXT NOT NULL UNIQUE,
    full_name      TEXT NOT NULL,
    email          TEXT NOT NULL,
    roles          TEXT NOT NULL,
    caseload       TEXT NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0,
    password_hash  TEXT NOT NULL,
    failed_signins INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT,
    created_at     TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- alerts: codes joined by ';'. name_search: lower-case "first_name last_name" for the text filter.
CREATE TABLE prisoners (
    prison_number           TEXT PRIMARY KEY,
    first_name              TEXT NOT NULL,
    last_name               TEXT NOT NULL,
    name_search             TEXT NOT NULL,
    date_of_birth           TEXT NOT NULL,
    establishment           TEXT NOT NULL REFERENCES establishments (code),
    wing                    TEXT NOT NULL,
    cell                    TEXT NOT NULL,
    legal_status            TEXT NOT NULL,
    security_category       TEXT NOT NULL,
    alerts                  TEXT NOT NULL,
    phone_finds_12m         INTEGER NOT NULL,
    phone_adjudications_12m INTEGER NOT NULL,
    phone_intel_12m         INTEGER NOT NULL,
    gone                    INTEGER NOT NULL DEFAULT 0,
    updated_at              TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX prisoners_by_name ON prisoners (establishment, last_name, first_name, prison_number);
CREATE INDEX prisoners_by_wing ON prisoners (establishment, wing, gone);

-- Append-only and hash-chained (see AuditEntryCanonical): `warden audit verify` finds an edited,
-- removed or re-chained entry.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    source    TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);


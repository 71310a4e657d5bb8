-- TMPP access: needs, compacts, risk recommendations and decisions, phases, grants, wing lists and
-- each prisoner's timeline (SQLite). Times are RFC 3339 UTC text; booleans are 0/1.

CREATE TABLE tmpp_access (
    prison_number TEXT PRIMARY KEY,
    establishment TEXT NOT NULL,
    state         TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    ended_need_id INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX tmpp_access_by_establishment ON tmpp_access (establishment, state);

CREATE TABLE tmpp_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    prison_number TEXT NOT NULL,
    at            TEXT NOT NULL,
    by_user       TEXT NOT NULL,
    what          TEXT NOT NULL,
    why           TEXT NOT NULL
);
CREATE INDEX tmpp_events_by_prisoner ON tmpp_events (prison_number, id);

CREATE TABLE tmpp_needs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    prison_number TEXT NOT NULL,
    establishment TEXT NOT NULL,
    kind          TEXT NOT NULL,
    detail        TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);
CREATE INDEX tmpp_needs_by_prisoner ON tmpp_needs (prison_number, id);

CREATE TABLE tmpp_compact_versions (
    establishment   TEXT NOT NULL REFERENCES establishments (code),
    version         INTEGER NOT NULL,
    text            TEXT NOT NULL,
    requires_resign INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (establishment, version)
);

CREATE TABLE tmpp_compact_signatures (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    prison_number TEXT NOT NULL,
    establishment TEXT NOT NULL,
    version       INTEGER NOT NULL,
    signed_on     TEXT NOT NULL,
    witnessed_by  TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    FOREIGN KEY (establishment, version) REFERENCES tmpp_compact_versions (establishment, version)
);
CREATE INDEX tmpp_signatures_by_prisoner ON tmpp_compact_signatures (prison_number, id);

-- Fired rules: one line per rule, "id<TAB>points<TAB>0|1<TAB>evidence" (EncodeFiredRules).
CREATE TABLE tmpp_recommendations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    prison_number TEXT NOT NULL,
    establishment TEXT NOT NULL,
    assessed_at   TEXT NOT NULL,
    assessed_by   TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    score         INTEGER NOT NULL,
    band          TEXT NOT NULL,
    fired         TEXT NOT NULL
);
CREATE INDEX tmpp_recommendations_by_prisoner ON tmpp_recommendations (prison_number, id);

CREATE TABLE tmpp_decisions (
    prison_number    TEXT PRIMARY KEY,
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
    inputs           TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX tmpp_decisions_by_establishment ON tmpp_decisions (establishment);

CREATE TABLE tmpp_phase_rules (
    establishment    TEXT NOT NULL REFERENCES establishments (code),
    phase            INTEGER NOT NULL,
    needs            TEXT NOT NULL,
    bands            TEXT NOT NULL,
    amber_conditions TEXT NOT NULL,
    PRIMARY KEY (establishment, phase)
);

CREATE TABLE tmpp_grants (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    prison_number TEXT NOT NULL,
    establishment TEXT NOT NULL,
    phase         INTEGER NOT NULL,
    band          TEXT NOT NULL,
    conditions    TEXT NOT NULL,
    review_on     TEXT NOT NULL,
    granted_by    TEXT NOT NULL,
    granted_at    TEXT NOT NULL,
    active        INTEGER NOT NULL,
    needs_review  INTEGER NOT NULL,
    review_reason TEXT NOT NULL,
    ended_at      TEXT,
    ended_by      TEXT NOT NULL,
    withdrawn     INTEGER NOT NULL,
    end_reason    TEXT NOT NULL,
    incident_ref  TEXT NOT NULL
);
CREATE INDEX tmpp_grants_by_prisoner ON tmpp_grants (prison_number, active);
CREATE INDEX tmpp_grants_by_establishment ON tmpp_grants (establishment, active);
-- At most one active grant per prisoner.
CREATE UNIQUE INDEX tmpp_grants_one_active ON tmpp_grants (prison_number) WHERE active;

CREATE TABLE tmpp_wing_lists (
    establishment TEXT NOT NULL,
    wing          TEXT NOT NULL,
    version       INTEGER NOT NULL,
    published_by  TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    added         TEXT NOT NULL,
    removed       TEXT NOT NULL,
    PRIMARY KEY (establishment, wing, version)
);

CREATE TABLE tmpp_wing_list_entries (
    establishment TEXT NOT NULL,
    wing          TEXT NOT NULL,
    version       INTEGER NOT NULL,
    prison_number TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    cell          TEXT NOT NULL,
    band          TEXT NOT NULL,
    conditions    TEXT NOT NULL,
    review_on     TEXT NOT NULL,
    PRIMARY KEY (establishment, wing, version, prison_number),
    FOREIGN KEY (establishment, wing, version)
        REFERENCES tmpp_wing_lists (establishment, wing, version)
);

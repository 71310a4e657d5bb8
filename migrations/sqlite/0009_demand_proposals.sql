-- Digital demand: proposals and their timelines (SQLite). Times are RFC 3339 UTC text; booleans
-- are 0/1; costs are whole pence; users is a comma-separated list of codes.

CREATE TABLE demand_proposals (
    id                              INTEGER PRIMARY KEY AUTOINCREMENT,
    establishment                   TEXT NOT NULL REFERENCES establishments (code),
    proposer                        TEXT NOT NULL,
    title                           TEXT NOT NULL,
    summary                         TEXT NOT NULL,
    need                            TEXT NOT NULL,
    category                        TEXT NOT NULL,
    users                           TEXT NOT NULL,
    supplier                        TEXT NOT NULL,
    assured                         INTEGER NOT NULL,
    free_offer                      INTEGER NOT NULL,
    personal_data                   INTEGER NOT NULL,
    hmpps_network                   INTEGER NOT NULL,
    central_funding_assumed         INTEGER NOT NULL,
    wanted_start                    TEXT NOT NULL,
    one_off_hardware_software_pence INTEGER NOT NULL CHECK (one_off_hardware_software_pence >= 0),
    one_off_labour_pence            INTEGER NOT NULL CHECK (one_off_labour_pence >= 0),
    internal_staff_pence            INTEGER NOT NULL CHECK (internal_staff_pence >= 0),
    yearly_support_pence            INTEGER NOT NULL CHECK (yearly_support_pence >= 0),
    yearly_live_service_pence       INTEGER NOT NULL CHECK (yearly_live_service_pence >= 0),
    contract_years                  INTEGER NOT NULL CHECK (contract_years BETWEEN 0 AND 10),
    state                           TEXT NOT NULL,
    created_at                      TEXT NOT NULL,
    updated_at                      TEXT NOT NULL,
    submitted_at                    TEXT,
    advice_outcome                  TEXT,
    advice_text                     TEXT,
    advice_by                       TEXT,
    advice_at                       TEXT
);
CREATE INDEX demand_proposals_by_establishment ON demand_proposals (establishment, id);
CREATE INDEX demand_proposals_by_state ON demand_proposals (state, id);

CREATE TABLE demand_proposal_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id INTEGER NOT NULL REFERENCES demand_proposals (id),
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    what        TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX demand_proposal_events_by_proposal ON demand_proposal_events (proposal_id, id);

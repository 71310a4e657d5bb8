-- TMPP risk rules replaced by an ADMIN (SQLite). The newest row is in force; the shipped defaults
-- are in force while there is none. Each text was validated by ParseRiskRules before it was stored.

CREATE TABLE tmpp_risk_rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    version     TEXT NOT NULL UNIQUE,
    text        TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);

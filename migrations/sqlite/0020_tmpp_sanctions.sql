-- Sanctions against the prisoners of a TMPP incident (issue 10 item 7), the prisoners of each
-- incident one row each (read by the 48-hour "placed on report" rule and, in bulk, by the risk
-- rule "a previous TMPP tampering incident"), and the recall of a handset whose holder's TMPP
-- access was withdrawn (sqlite). Times are RFC 3339 UTC text.

CREATE TABLE incident_sanctions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id   INTEGER NOT NULL REFERENCES incidents (id),
    prison_number TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('WITHDRAWAL', 'PLACED_ON_REPORT', 'OTHER')),
    reference     TEXT NOT NULL,  -- PLACED_ON_REPORT: the adjudication reference
    description   TEXT NOT NULL,  -- OTHER: what it is
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);
CREATE INDEX incident_sanctions_by_incident ON incident_sanctions (incident_id, id);
-- The minimum sanctions are recorded once per prisoner and incident.
CREATE UNIQUE INDEX incident_sanctions_minimum_once
    ON incident_sanctions (incident_id, prison_number, kind) WHERE kind <> 'OTHER';

CREATE TABLE incident_prisoners (
    incident_id   INTEGER NOT NULL REFERENCES incidents (id),
    prison_number TEXT NOT NULL,
    PRIMARY KEY (incident_id, prison_number)
) WITHOUT ROWID;
CREATE INDEX incident_prisoners_by_prisoner ON incident_prisoners (prison_number, incident_id);
INSERT INTO incident_prisoners (incident_id, prison_number)
    SELECT DISTINCT i.id, j.value
    FROM incidents i, json_each('["' || replace(i.prisoners, ',', '","') || '"]') j
    WHERE i.prisoners <> '';

ALTER TABLE handset_issues ADD COLUMN recall_requested_at TEXT;

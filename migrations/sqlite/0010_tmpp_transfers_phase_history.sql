-- Transfers between establishments and the history of phase changes (SQLite).
--
-- A timeline event belongs to the establishment where it happened: each TMPP row about a prisoner
-- is read in the scope of its own establishment, so an establishment never reads another's
-- timeline after a transfer. Events written before this migration get the establishment of the
-- prisoner's access record, else the prisoner's current establishment (what scoped them before).
ALTER TABLE tmpp_events ADD COLUMN establishment TEXT NOT NULL DEFAULT '';
UPDATE tmpp_events SET establishment = COALESCE(
    (SELECT a.establishment FROM tmpp_access AS a WHERE a.prison_number = tmpp_events.prison_number),
    (SELECT p.establishment FROM prisoners AS p WHERE p.prison_number = tmpp_events.prison_number),
    '');

-- Each change of an establishment's TMPP phase, with the reason given (the audit entry holds
-- only codes).
CREATE TABLE tmpp_phase_changes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    establishment TEXT NOT NULL REFERENCES establishments (code),
    changed_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL,
    from_phase    INTEGER NOT NULL,
    to_phase      INTEGER NOT NULL,
    reason        TEXT NOT NULL
);
CREATE INDEX tmpp_phase_changes_by_establishment ON tmpp_phase_changes (establishment, id);

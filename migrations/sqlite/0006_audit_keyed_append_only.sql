-- The audit log becomes append-only in the database itself and carries the establishment each
-- entry concerns (ADR 0007). Entries are sealed with HMAC-SHA-256 under a key kept outside the
-- database; entries written before this migration stay on the plain SHA-256 chain until
-- `warden audit rekey` seals them (docs/operations.md).

ALTER TABLE audit_log ADD COLUMN establishment TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_establishment ON audit_log (establishment, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

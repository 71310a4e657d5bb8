-- The audit log becomes append-only in the database itself and carries the establishment each
-- entry concerns (ADR 0007). Entries are sealed with HMAC-SHA-256 under a key kept outside the
-- database; entries written before this migration stay on the plain SHA-256 chain until
-- `warden audit rekey` seals them (docs/operations.md).

ALTER TABLE audit_log ADD COLUMN establishment TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX audit_log_establishment ON audit_log (establishment, seq);

-- The trigger is the guard that holds for every role, the table's owner and superusers included.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- And the privileges: neither the application's role (the one running migrations) nor PUBLIC
-- may update, delete or truncate. A superuser keeps every privilege, so the trigger above is
-- what holds there.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', current_user);
END;
$$;

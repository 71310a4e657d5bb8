-- The audit log has several hash chains on PostgreSQL (ADR 0019). SQLite has one writer, so it
-- keeps one chain: every entry here is on chain 0 and seq follows the last entry.

ALTER TABLE audit_log ADD COLUMN chain INTEGER NOT NULL DEFAULT 0;

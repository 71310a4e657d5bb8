-- The audit log has several hash chains (ADR 0019). A writer appends to the first chain whose
-- advisory lock is free, so concurrent transactions no longer queue behind one lock held through
-- each commit. Every entry written so far is on chain 0; seq comes from a sequence (a rolled-back
-- append leaves a gap, which the per-chain links make harmless).

ALTER TABLE audit_log ADD COLUMN chain SMALLINT NOT NULL DEFAULT 0;
CREATE INDEX audit_log_chain ON audit_log (chain, seq);
CREATE SEQUENCE audit_log_seq;
SELECT setval('audit_log_seq', COALESCE((SELECT max(seq) FROM audit_log), 0) + 1, false);

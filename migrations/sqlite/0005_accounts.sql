-- Accounts, sessions and tokens (SQLite, issue 8 item 5). Times are RFC 3339 UTC text.
-- Sessions get an idle limit, moved forward as the session is used; the background job deletes
-- sessions past either limit.
ALTER TABLE sessions ADD COLUMN idle_expires_at TEXT;
UPDATE sessions SET idle_expires_at = expires_at;
CREATE INDEX sessions_idle_expires ON sessions (idle_expires_at);

-- API tokens get an expiry, a revocation time (kept so the listing shows it) and when they
-- were last used. Tokens made before this migration expire 90 days after it.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days');

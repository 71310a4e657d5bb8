-- Accounts, sessions and tokens (PostgreSQL, issue 8 item 5). Times are RFC 3339 UTC text,
-- compared byte by byte (COLLATE "C").
-- Sessions get an idle limit, moved forward as the session is used; the background job deletes
-- sessions past either limit.
ALTER TABLE sessions ADD COLUMN idle_expires_at TEXT COLLATE "C";
UPDATE sessions SET idle_expires_at = expires_at;
CREATE INDEX sessions_idle_expires ON sessions (idle_expires_at);

-- API tokens get an expiry, a revocation time (kept so the listing shows it) and when they
-- were last used. Tokens made before this migration expire 90 days after it.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT COLLATE "C";
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT COLLATE "C";
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT COLLATE "C";
UPDATE api_tokens
   SET expires_at = to_char((now() AT TIME ZONE 'UTC') + interval '90 days',
                            'YYYY-MM-DD"T"HH24:MI:SS"Z"');

-- Background jobs (PostgreSQL, ADR 0004). One row per periodic job: a `warden serve` process runs
-- a job only after its UPDATE moved next_run_at from at-or-before now to now + period, so each
-- period runs once across every process sharing the database. Times are RFC 3339 UTC text,
-- compared byte by byte (COLLATE "C").

CREATE TABLE scheduled_jobs (
    name        TEXT COLLATE "C" PRIMARY KEY,
    next_run_at TEXT COLLATE "C" NOT NULL,
    last_run_at TEXT,
    last_owner  TEXT NOT NULL
);

-- The decision expiry job looks for decisions past their expiry.
CREATE INDEX tmpp_decisions_by_expiry ON tmpp_decisions (expires_at);

-- The transactional email outbox (SQLite, ADR 0006). A feature writes a row in the transaction of
-- the event that causes the email; the `outbox.send` job claims due rows with a lease
-- (lease_until), sends them over SMTP and marks them SENT, or retries them with a backoff until
-- dead_after, then marks them DEAD. Addresses are joined by ',' (an address never holds one).
-- Times are RFC 3339 UTC text.

CREATE TABLE outbox_messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id      TEXT NOT NULL UNIQUE,
    to_addresses    TEXT NOT NULL,
    cc_addresses    TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    reference       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('PENDING', 'SENT', 'DEAD')),
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT,
    dead_after      TEXT NOT NULL,
    last_error      TEXT NOT NULL,
    sent_at         TEXT
);

-- The sender's claim looks for PENDING rows by due time; the page lists each state newest first.
CREATE INDEX outbox_messages_due ON outbox_messages (next_attempt_at, id) WHERE state = 'PENDING';
CREATE INDEX outbox_messages_by_state ON outbox_messages (state, id);

-- Deliveries get a retry state: a send that failed for a reason that may pass (Discord
-- answered 5xx or 429, a timeout, the server not loaded yet) waits in 'retry' until
-- retry_at, for as long as it is useful (useful_until; NULL: always, e.g. a crisis
-- re-alert). 'failed' now means given up, with the reason in detail. claimed_by names
-- the run that claimed a send, so a claim left by a killed run is told apart from one
-- still on the wire in this run. SQLite cannot change a CHECK constraint in place: the
-- table is rebuilt with the same rows.

CREATE TABLE deliveries_new (
    key            TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    user_id        INTEGER REFERENCES members(user_id) ON DELETE CASCADE,
    due_at         TEXT NOT NULL,                -- ISO 8601 UTC
    claimed_at     TEXT,                         -- set just before the send
    sent_at        TEXT,                         -- set once Discord accepted it (or gave up)
    status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'sending', 'retry', 'sent', 'late',
                                     'skipped', 'failed')),
    detail         TEXT,
    message_id     INTEGER,
    attempts       INTEGER NOT NULL DEFAULT 0,   -- sends tried that failed
    retry_at       TEXT,                         -- when status = 'retry': the next try
    useful_until   TEXT,                         -- no try after this (NULL: always useful)
    claimed_by     TEXT                          -- the run that claimed it
);
INSERT INTO deliveries_new (key, kind, user_id, due_at, claimed_at, sent_at, status, detail,
                            message_id)
    SELECT key, kind, user_id, due_at, claimed_at, sent_at, status, detail, message_id
    FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
CREATE INDEX deliveries_user ON deliveries(user_id);
CREATE INDEX deliveries_due ON deliveries(status, due_at);

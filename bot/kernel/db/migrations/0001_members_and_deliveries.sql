-- Who the bot knows, and the record that guards every message it must send only once.

CREATE TABLE members (
    user_id        INTEGER PRIMARY KEY,          -- Discord user id
    display_name   TEXT NOT NULL,
    timezone       TEXT,                         -- IANA zone; NULL = the program's
    dm_channel_id  INTEGER,                      -- stored so a reminder costs one request
    dm_closed_at   TEXT,                         -- ISO 8601 UTC, set on Discord error 50007
    created_at     TEXT NOT NULL
);

-- One row per message the bot must deliver exactly once (a reminder for one occurrence
-- and lead time, an agenda post, ...). The key is the stable identity of that message.
CREATE TABLE deliveries (
    key            TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    user_id        INTEGER REFERENCES members(user_id) ON DELETE CASCADE,
    due_at         TEXT NOT NULL,                -- ISO 8601 UTC
    claimed_at     TEXT,                         -- set just before the send
    sent_at        TEXT,                         -- set once Discord accepted it
    status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'sending', 'sent', 'late', 'skipped', 'failed')),
    detail         TEXT,
    message_id     INTEGER
);
CREATE INDEX deliveries_user ON deliveries(user_id);
CREATE INDEX deliveries_due ON deliveries(status, due_at);

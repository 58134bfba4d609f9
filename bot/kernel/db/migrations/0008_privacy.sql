-- Consent and data rights: each member's answer to the privacy notice, and a record of
-- every erasure that names nobody (who asked for it is on the clinic's own chart).

-- The latest answer to the privacy notice. Until a member agrees, features that would
-- store something about them (check-in answers, RSVPs) refuse and offer the notice.
-- 'declined' is kept so /privacy can show "Not now" and the bot does not nag.
CREATE TABLE consents (
    user_id         INTEGER PRIMARY KEY,       -- Discord id
    choice          TEXT NOT NULL CHECK (choice IN ('agreed', 'declined')),
    notice_version  INTEGER NOT NULL,          -- the notice they answered
    decided_at      TEXT NOT NULL              -- ISO 8601 UTC
);

-- One row per erasure (self-service, facilitator on request, retention). It says how
-- many rows went, per kind of data, and who carried it out when that was a facilitator;
-- it never names the person erased, so the erasure itself leaves no trace of them.
CREATE TABLE erasures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('self', 'facilitator', 'retention')),
    actor_id    INTEGER,                        -- the facilitator; NULL for self/retention
    row_count   INTEGER NOT NULL,
    summary     TEXT NOT NULL                   -- JSON {"check-ins": 3, ...}
);

CREATE INDEX audit_log_at ON audit_log(at);

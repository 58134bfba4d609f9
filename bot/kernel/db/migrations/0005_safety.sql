-- Crisis alerts and the peer-channel moderator: what the bot noticed, who took it on,
-- what it did and the per-server rule changes facilitators made with /mod.

-- One alert per crisis (a /crisis, a message in a peer channel or a DM, a check-in note).
-- The excerpt is short on purpose: facilitators follow the jump link for context, the
-- database does not keep anyone's history.
CREATE TABLE crisis_alerts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL,
    source            TEXT NOT NULL CHECK (source IN ('command', 'coping', 'peer', 'dm', 'checkin')),
    channel_id        INTEGER,               -- where it was said (NULL: a check-in note)
    message_id        INTEGER,
    jump_url          TEXT,
    excerpt           TEXT NOT NULL DEFAULT '',
    categories        TEXT NOT NULL DEFAULT '',
    rule              TEXT,
    held              INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)),
    created_at        TEXT NOT NULL,         -- ISO 8601 UTC
    alert_channel_id  INTEGER,               -- the facilitators' channel message with the button
    alert_message_id  INTEGER,
    realerts          INTEGER NOT NULL DEFAULT 0,
    next_alert_at     TEXT,                  -- NULL once acknowledged
    acknowledged_by   INTEGER,
    acknowledged_at   TEXT
);
CREATE INDEX crisis_alerts_open ON crisis_alerts(acknowledged_at, next_alert_at);

-- Per-server safety settings: the program's crisis-resource region, how to reach the
-- program, and dry-run (the moderator only logs).
CREATE TABLE safety_settings (
    guild_id         INTEGER PRIMARY KEY,
    region           TEXT,                   -- NULL: the default (US)
    program_contact  TEXT,
    dry_run          INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
    updated_at       TEXT NOT NULL
);

-- A member's own crisis-resource region, overriding the program's.
CREATE TABLE crisis_regions (
    user_id     INTEGER PRIMARY KEY,
    region      TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Facilitators' changes to the shipped rules, per server.
--   kind 'harassment' / 'drug_sourcing': extra terms; 'allow': text that never triggers;
--   'exempt': channel names or ids the moderator leaves alone.
CREATE TABLE mod_rule_changes (
    guild_id    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('harassment', 'drug_sourcing', 'allow', 'exempt')),
    term        TEXT NOT NULL,
    added_by    INTEGER NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (guild_id, kind, term)
);

-- Every moderation action, with the rule that fired. `content` keeps the author's own
-- text so nothing they wrote is lost when a message is removed; it is for facilitators
-- only and is cleared after the retention period (see bot/db/safety_moderation.py).
CREATE TABLE mod_actions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,           -- whose message / who was acted on
    channel_id   INTEGER,
    message_id   INTEGER,
    categories   TEXT NOT NULL DEFAULT '',
    rule         TEXT NOT NULL,              -- the rule that fired, or 'manual.<what>'
    action       TEXT NOT NULL,              -- none/support/remove/hold/timeout/warn/lift...
    dry_run      INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
    content      TEXT,                       -- the author's text; NULL after retention
    dm_status    TEXT,                       -- sent / closed / failed / NULL (no DM owed)
    by_user_id   INTEGER,                    -- the facilitator, for manual actions
    created_at   TEXT NOT NULL
);
CREATE INDEX mod_actions_user ON mod_actions(guild_id, user_id, created_at);

-- Harassment warnings; lifted ones stop counting towards a timeout.
CREATE TABLE mod_warnings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    action_id    INTEGER REFERENCES mod_actions(id),
    created_at   TEXT NOT NULL,
    lifted_at    TEXT,
    lifted_by    INTEGER
);
CREATE INDEX mod_warnings_user ON mod_warnings(guild_id, user_id, lifted_at);

-- A person behind the bot (issue 15): one open alert per person, reach-out requests, and
-- the personal safety plan.

-- An alert is a crisis alert or a reach-out request ("kind"), open until a facilitator
-- presses Done. While it is open, whatever else the person writes that would alert
-- updates it (messages, last_message_at) instead of opening another one.
ALTER TABLE crisis_alerts ADD COLUMN kind TEXT NOT NULL DEFAULT 'crisis'
    CHECK (kind IN ('crisis', 'request'));
ALTER TABLE crisis_alerts ADD COLUMN messages INTEGER NOT NULL DEFAULT 1;
ALTER TABLE crisis_alerts ADD COLUMN last_message_at TEXT;
ALTER TABLE crisis_alerts ADD COLUMN closed_by INTEGER;
ALTER TABLE crisis_alerts ADD COLUMN closed_at TEXT;
ALTER TABLE crisis_alerts ADD COLUMN close_note TEXT;   -- for facilitators only

-- Before this version, "I'm on it" was the end of an alert.
UPDATE crisis_alerts SET closed_at = acknowledged_at, closed_by = acknowledged_by
    WHERE acknowledged_at IS NOT NULL;
-- Older versions opened an alert per message: keep the newest open one per person.
UPDATE crisis_alerts SET closed_at = created_at, next_alert_at = NULL,
    close_note = 'merged into the newer alert about the same person'
    WHERE closed_at IS NULL AND id < (
        SELECT MAX(b.id) FROM crisis_alerts AS b
        WHERE b.user_id = crisis_alerts.user_id AND b.closed_at IS NULL
    );
CREATE UNIQUE INDEX crisis_alerts_one_open ON crisis_alerts(user_id) WHERE closed_at IS NULL;

-- Every message that went into an alert: the first and each update (short excerpts and
-- links, as for the alert itself; never a whole conversation).
CREATE TABLE crisis_alert_messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id    INTEGER NOT NULL REFERENCES crisis_alerts(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('crisis', 'request')),
    said        TEXT NOT NULL,       -- how: "wrote words of crisis to the bot in a DM"
    excerpt     TEXT NOT NULL DEFAULT '',
    jump_url    TEXT
);
CREATE INDEX crisis_alert_messages_alert ON crisis_alert_messages(alert_id, id);
INSERT INTO crisis_alert_messages (alert_id, user_id, at, kind, said, excerpt, jump_url)
    SELECT id, user_id, created_at, 'crisis', source, excerpt, jump_url FROM crisis_alerts;

-- Reach-out requests as the participant made them: how (the DM button, /reach-out, the
-- check-in follow-up, their own words) and their note. The alert they went into is the
-- facilitators' side.
CREATE TABLE reach_out_requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL,
    alert_id    INTEGER,
    source      TEXT NOT NULL CHECK (source IN ('button', 'command', 'checkin', 'words')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX reach_out_requests_user ON reach_out_requests(user_id, id);

-- The personal safety plan (Stanley-Brown): one row per section the person wrote, kept
-- exactly as written. Health data: only its author sees it unless they share it.
CREATE TABLE safety_plan_sections (
    user_id     INTEGER NOT NULL,
    section     TEXT NOT NULL,
    text        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, section)
);

-- Whether the author shares their plan with the facilitators (revocable), and when a
-- facilitator last asked them to write one.
CREATE TABLE safety_plan_settings (
    user_id        INTEGER PRIMARY KEY,
    shared_at      TEXT,             -- NULL: not shared
    reminded_at    TEXT,
    reminded_by    INTEGER
);

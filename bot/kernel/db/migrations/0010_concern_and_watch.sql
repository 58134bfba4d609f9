-- The concern tier (issue 14) and the channels facilitators add to what the bot watches.

-- One row per message that showed concern (passive wishes, hopelessness, burden,
-- worrying use): what the bot did about it and how the person answered. The excerpt is
-- short, as for crisis alerts; facilitators follow the jump link for context.
CREATE TABLE concern_events (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL,
    source            TEXT NOT NULL CHECK (source IN ('dm', 'peer', 'checkin', 'coping')),
    channel_id        INTEGER,              -- where it was said (NULL: a check-in note)
    message_id        INTEGER,              -- NULL: not a message (a check-in note)
    jump_url          TEXT,
    excerpt           TEXT NOT NULL DEFAULT '',
    categories        TEXT NOT NULL DEFAULT '',
    rule              TEXT,
    created_at        TEXT NOT NULL,        -- ISO 8601 UTC
    -- 'dm': the gentle DM was sent; 'dm_closed': it could not be (closed DMs, or not in
    -- the server); 'quiet': noted only (a DM went out less than 12 hours before);
    -- 'escalated': a second concern within 24 hours went the crisis path.
    outcome           TEXT NOT NULL CHECK (outcome IN ('dm', 'dm_closed', 'quiet', 'escalated')),
    dm_message_id     INTEGER,
    note_channel_id   INTEGER,              -- the quiet note in the facilitators' channel
    note_message_id   INTEGER,
    -- The person's answer to the DM: 'ok' (I'm OK) or 'reach_out' (ask a facilitator).
    answer            TEXT CHECK (answer IN ('ok', 'reach_out')),
    answered_at       TEXT,
    alert_id          INTEGER               -- the crisis alert it escalated to, if any
);
CREATE INDEX concern_events_user ON concern_events(user_id, created_at);
CREATE INDEX concern_events_time ON concern_events(created_at);
-- An edited message is read again; it is still one concern.
CREATE UNIQUE INDEX concern_events_message ON concern_events(message_id)
    WHERE message_id IS NOT NULL;

-- Channels a facilitator added with /mod watch: the bot listens there (crisis help, the
-- concern tier and the moderator) and in every thread under them, as in the peer channels.
CREATE TABLE watched_channels (
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    name        TEXT NOT NULL,              -- the name when added, for the list
    added_by    INTEGER NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

-- Group agendas: what facilitators prepare for a session occurrence, their own
-- templates, and the program's agenda settings. Posting is guarded by a delivery
-- record ('agenda:post:<id>'), like every message the bot must send once.

CREATE TABLE agendas (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    occurrence   TEXT NOT NULL,         -- occurrence key '<session key>:<program-local date>'
    track        TEXT NOT NULL,         -- the track whose channel and pins it belongs to
    title        TEXT NOT NULL,
    items        TEXT NOT NULL,         -- JSON list of text
    homework     TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'draft'
                 CHECK (state IN ('draft', 'scheduled', 'posted', 'cancelled')),
    starts_at    TEXT NOT NULL,         -- ISO 8601 UTC start of the occurrence, kept current
    channel_id   INTEGER,               -- set once posted
    message_id   INTEGER,
    thread_id    INTEGER,
    pinned       INTEGER NOT NULL DEFAULT 0,
    created_by   INTEGER,
    created_at   TEXT NOT NULL,
    updated_by   INTEGER,
    updated_at   TEXT NOT NULL,
    posted_at    TEXT
);
-- One live agenda per occurrence; a cancelled one may be followed by a new one.
CREATE UNIQUE INDEX agendas_live ON agendas(occurrence) WHERE state != 'cancelled';
CREATE INDEX agendas_upcoming ON agendas(starts_at);
CREATE INDEX agendas_track_pins ON agendas(track, pinned);

-- Templates facilitators saved with /agenda template save (shipped ones stay in
-- data/agenda_templates.toml). The key is the name's lowercase slug.
CREATE TABLE agenda_templates (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    title        TEXT NOT NULL,
    items        TEXT NOT NULL,         -- JSON list of text
    homework     TEXT NOT NULL DEFAULT '',
    saved_by     INTEGER,
    saved_at     TEXT NOT NULL
);

-- Per-program settings: how long before a session its agenda is posted.
CREATE TABLE agenda_settings (
    guild_id     INTEGER PRIMARY KEY,
    lead_minutes INTEGER NOT NULL CHECK (lead_minutes > 0)
);

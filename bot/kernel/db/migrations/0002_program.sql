-- The program: the facilitators' program file as loaded, plus what changed since.

-- The validated program file (TOML) last imported for this server. Participants'
-- own settings and facilitators' one-off changes live in the tables below, so a
-- re-import of an exported file changes nothing.
CREATE TABLE program_documents (
    guild_id     INTEGER PRIMARY KEY,
    document     TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   INTEGER
);

-- A participant's own choices (/timezone, /reminders, /pause), keyed by the
-- participant key used in the program (their Discord id, or name until resolved).
CREATE TABLE participant_settings (
    participant  TEXT PRIMARY KEY,
    timezone     TEXT,
    reminders    TEXT,                  -- JSON list of lead seconds; [] = off; NULL = program's
    paused_until TEXT                   -- ISO date
);

-- Which Discord member a participant key belongs to (names resolved at enrolment).
ALTER TABLE members ADD COLUMN participant_key TEXT;
CREATE UNIQUE INDEX members_participant_key ON members(participant_key);

-- One occurrence cancelled or moved by a facilitator; closures for the whole program.
CREATE TABLE occurrence_changes (
    session_key  TEXT NOT NULL,
    day          TEXT NOT NULL,         -- program-local ISO date it was scheduled for
    moved_to     TEXT,                  -- program-local 'YYYY-MM-DDTHH:MM'; NULL = cancelled
    reason       TEXT NOT NULL DEFAULT '',
    changed_by   INTEGER,
    changed_at   TEXT NOT NULL,
    PRIMARY KEY (session_key, day)
);

CREATE TABLE closures (
    day          TEXT PRIMARY KEY,      -- program-local ISO date
    reason       TEXT NOT NULL DEFAULT '',
    added_by     INTEGER,
    added_at     TEXT NOT NULL
);

CREATE TABLE rsvps (
    occurrence   TEXT NOT NULL,         -- occurrence key
    participant  TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('yes', 'late', 'no')),
    reason       TEXT,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (occurrence, participant)
);

CREATE TABLE attendance (
    occurrence   TEXT NOT NULL,
    participant  TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('present', 'late', 'absent', 'excused')),
    marked_by    INTEGER,
    marked_at    TEXT NOT NULL,
    PRIMARY KEY (occurrence, participant)
);

-- Small facts the bot keeps between runs (e.g. when it last planned reminders).
CREATE TABLE bot_state (
    key          TEXT PRIMARY KEY,
    value        TEXT NOT NULL
);

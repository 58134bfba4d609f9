-- Daily check-ins, the weekly screens, what was shared, and who viewed whose data.

-- One check-in per participant per local day (the participant's own zone). Answers are
-- JSON keyed by the question ids of data/checkin.toml; a same-day answer updates the row.
CREATE TABLE checkins (
    participant        TEXT NOT NULL,         -- participant key (Discord id or name)
    day                TEXT NOT NULL,         -- participant-local ISO date
    answers            TEXT NOT NULL,         -- JSON object
    first_answered_at  TEXT NOT NULL,         -- ISO 8601 UTC
    updated_at         TEXT NOT NULL,
    finished_at        TEXT,                  -- set when "Done" was pressed
    PRIMARY KEY (participant, day)
);
CREATE INDEX checkins_day ON checkins(day);

-- A participant's own check-in choices. NULL time = the program's; enabled 0 = off.
CREATE TABLE checkin_settings (
    participant    TEXT PRIMARY KEY,
    checkin_time   TEXT,                      -- 'HH:MM' in the participant's zone
    enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    screen_weekday INTEGER CHECK (screen_weekday BETWEEN 0 AND 6)
);

-- Weekly screen answers item by item (a screen is scored only when every item is in).
CREATE TABLE screening_items (
    participant  TEXT NOT NULL,
    day          TEXT NOT NULL,
    item         TEXT NOT NULL,
    score        INTEGER NOT NULL CHECK (score >= 0),
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (participant, day, item)
);

CREATE TABLE screenings (
    participant  TEXT NOT NULL,
    day          TEXT NOT NULL,
    instrument   TEXT NOT NULL,               -- 'phq2', 'gad2'
    score        INTEGER NOT NULL,
    max_score    INTEGER NOT NULL,
    flagged      INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    scored_at    TEXT NOT NULL,
    PRIMARY KEY (participant, day, instrument)
);

-- What facilitators must see: a threshold that fired, a request to be contacted, a
-- flagged screen, a note that went through the crisis path.
CREATE TABLE checkin_flags (
    id           INTEGER PRIMARY KEY,
    participant  TEXT NOT NULL,
    day          TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('threshold', 'reach_out', 'screen', 'crisis')),
    detail       TEXT NOT NULL,
    at           TEXT NOT NULL,
    UNIQUE (participant, day, kind)
);
CREATE INDEX checkin_flags_at ON checkin_flags(at);

-- The bot's one thread per (program-local) day in the check-in channel.
CREATE TABLE checkin_threads (
    day          TEXT PRIMARY KEY,
    thread_id    INTEGER NOT NULL,
    created_at   TEXT NOT NULL
);

-- Shared summaries (mood and, if chosen, the note): one per participant per day.
CREATE TABLE checkin_shares (
    participant  TEXT NOT NULL,
    day          TEXT NOT NULL,
    thread_id    INTEGER NOT NULL,
    message_id   INTEGER NOT NULL UNIQUE,
    author_id    INTEGER NOT NULL,
    shared_at    TEXT NOT NULL,
    replied_at   TEXT,                        -- first peer reply
    PRIMARY KEY (participant, day)
);

-- Who viewed whose data (facilitators' reports), for the participant's data rights.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject);

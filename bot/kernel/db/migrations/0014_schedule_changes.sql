-- Schedule changes people can trust: who was told of each change, change notices as a
-- participant's own choice, and why an agenda stopped (withdrawn, or its session off).

-- Change notices are not reminders: they come with reminders off too, unless the
-- participant turned them off (/reminders notices:off). NULL = on (the default), 0 = off.
ALTER TABLE participant_settings ADD COLUMN notices INTEGER;

-- Every change to participants' sessions, as it was made. ``subject`` names what it is
-- about (an occurrence key, a closure's ISO day, a participant key); an undo (a closure
-- removed, a cancellation undone) finds the change it takes back by it.
CREATE TABLE schedule_changes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL CHECK (kind IN ('cancel', 'move', 'restore', 'closure',
                                               'reopen', 'import', 'pause', 'resume')),
    subject      TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    made_by      INTEGER,
    made_at      TEXT NOT NULL,
    undone_by    INTEGER REFERENCES schedule_changes(id)
);
CREATE INDEX schedule_changes_subject ON schedule_changes(kind, subject);

-- The notice each participant is owed for a change, then whether it reached them: an
-- undo tells exactly those told (status 'sent'), about those sessions. A notice is
-- written 'owed' (with its text) before it is sent, so a restart in the middle of
-- telling a group finishes the job; the delivery record 'notice:<change>:<participant>'
-- keeps it to once.
CREATE TABLE schedule_change_notices (
    change_id    INTEGER NOT NULL REFERENCES schedule_changes(id) ON DELETE CASCADE,
    participant  TEXT NOT NULL,
    user_id      INTEGER NOT NULL,      -- the member it goes to
    occurrences  TEXT NOT NULL,         -- JSON list of the occurrence keys it listed
    content      TEXT NOT NULL,         -- the notice as written to them
    status       TEXT NOT NULL CHECK (status IN ('owed', 'sent', 'failed')),
    message_id   INTEGER,
    at           TEXT NOT NULL,         -- when it was owed, then when it was settled
    PRIMARY KEY (change_id, participant)
);
CREATE INDEX schedule_change_notices_owed ON schedule_change_notices(status)
    WHERE status = 'owed';
CREATE INDEX schedule_change_notices_participant ON schedule_change_notices(participant);

-- Why an agenda is no longer live: 'withdrawn' by a facilitator (its session still
-- takes place), or 'session' (its session was cancelled or closed), in which case
-- ``state_before`` is what it goes back to if the session is restored.
ALTER TABLE agendas ADD COLUMN stopped_because TEXT
    CHECK (stopped_because IS NULL OR stopped_because IN ('withdrawn', 'session'));
ALTER TABLE agendas ADD COLUMN state_before TEXT;

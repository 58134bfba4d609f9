-- Continuity of care (issue 11): medication reminders, the alumni track, family members
-- linked to family sessions, and the topics people want a content warning for.

-- Daily medication reminder times in the participant's own zone. The label (the drug's
-- name) is optional and is only ever shown in the owner's own DMs.
CREATE TABLE medication_schedules (
    id           INTEGER PRIMARY KEY,
    participant  TEXT NOT NULL,                -- participant key
    at_time      TEXT NOT NULL,                -- 'HH:MM', participant-local
    label        TEXT,
    created_by   INTEGER NOT NULL,             -- the participant, or the facilitator for them
    created_at   TEXT NOT NULL,                -- ISO 8601 UTC
    UNIQUE (participant, at_time)
);

-- One row per reminded dose (schedule, local day); kept when a schedule is removed, so
-- the adherence history stays.
CREATE TABLE medication_doses (
    schedule_id    INTEGER NOT NULL,
    participant    TEXT NOT NULL,
    day            TEXT NOT NULL,              -- participant-local ISO date
    status         TEXT NOT NULL CHECK (status IN ('due', 'snoozed', 'taken', 'skipped')),
    snoozes        INTEGER NOT NULL DEFAULT 0,
    snoozed_until  TEXT,
    reminded_at    TEXT NOT NULL,
    answered_at    TEXT,
    PRIMARY KEY (schedule_id, day)
);
CREATE INDEX medication_doses_participant ON medication_doses(participant, day);

-- The participant's consent to show facilitators missed doses (never the drug's name).
CREATE TABLE medication_consent (
    participant  TEXT PRIMARY KEY,
    share_missed INTEGER NOT NULL CHECK (share_missed IN (0, 1)),
    changed_at   TEXT NOT NULL
);

-- Participants who stepped down to the alumni track. Retention of their data counts
-- from ended_at (the end of alumni participation), not from graduation.
CREATE TABLE alumni (
    participant   TEXT PRIMARY KEY,
    user_id       INTEGER,
    started_on    TEXT NOT NULL,               -- program start (milestones count from it)
    graduated_on  TEXT NOT NULL,               -- participant-local date
    graduated_by  INTEGER,                     -- the facilitator; NULL when the program ended
    graduated_at  TEXT NOT NULL,
    ended_at      TEXT
);

CREATE TABLE alumni_checkins (
    participant  TEXT NOT NULL,
    day          TEXT NOT NULL,                -- the week's check-in day, participant-local
    feeling      TEXT NOT NULL CHECK (feeling IN ('good', 'okay', 'struggling')),
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (participant, day)
);

-- A family member linked to one participant's family sessions, with the participant's
-- recorded consent (consent_at, and the DM they answered).
CREATE TABLE family_links (
    id              INTEGER PRIMARY KEY,
    participant     TEXT NOT NULL,
    family_user_id  INTEGER NOT NULL,
    family_name     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('asked', 'active', 'declined', 'ended')),
    requested_by    INTEGER NOT NULL,
    requested_at    TEXT NOT NULL,
    consent_at      TEXT,
    ended_by        INTEGER,
    ended_at        TEXT
);
CREATE UNIQUE INDEX family_links_open
    ON family_links(participant, family_user_id) WHERE status IN ('asked', 'active');

-- Topics a member wants a content warning for in the peer channel. Never shown to
-- anyone else: the moderator's nudge names the topic, not who listed it.
CREATE TABLE content_warnings (
    user_id   INTEGER NOT NULL,
    topic     TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, topic)
);

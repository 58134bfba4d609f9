-- Measurement-based care (issue 20): every questionnaire offered to a participant, how
-- it was answered, and its scores. Replaces the check-in's weekly screens, whose rows are
-- carried over (their answers and scores) before those tables go.

CREATE TABLE measure_responses (
    id            INTEGER PRIMARY KEY,
    participant   TEXT NOT NULL,          -- participant key
    instrument    TEXT NOT NULL,          -- an id of data/instruments.toml ('phq9')
    week          INTEGER,                -- program week it counts for (NULL: carried over)
    day           TEXT NOT NULL,          -- participant-local ISO date it was offered
    reason        TEXT NOT NULL
                  CHECK (reason IN ('intake', 'scheduled', 'discharge', 'follow_up', 'asked')),
    status        TEXT NOT NULL CHECK (status IN ('offered', 'completed', 'skipped')),
    answers       TEXT NOT NULL DEFAULT '{}',   -- JSON {item id: answer score}
    score         INTEGER,                -- the main score, once completed
    band          TEXT,                   -- its band's label
    scores        TEXT,                   -- JSON {score id: value}, every score
    safety_alert  INTEGER,                -- the crisis alert its safety item raised
    follows       INTEGER REFERENCES measure_responses(id) ON DELETE SET NULL,
    offered_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    completed_at  TEXT
);
-- Offered at most once a week: a skipped questionnaire is not offered again that week.
CREATE UNIQUE INDEX measure_responses_once_a_week
    ON measure_responses(participant, instrument, week) WHERE week IS NOT NULL;
CREATE INDEX measure_responses_participant ON measure_responses(participant, day);

INSERT INTO measure_responses
    (participant, instrument, week, day, reason, status, answers, score, band, scores,
     offered_at, updated_at, completed_at)
SELECT s.participant, s.instrument, NULL, s.day, 'scheduled', 'completed',
       COALESCE((SELECT json_group_object(
                    CASE WHEN i.item IN ('phq2_interest', 'gad2_nervous') THEN 'q1'
                         WHEN i.item IN ('phq2_down', 'gad2_worry') THEN 'q2'
                         ELSE i.item END, i.score)
                 FROM screening_items AS i
                 WHERE i.participant = s.participant AND i.day = s.day
                   AND i.item LIKE s.instrument || '%'), '{}'),
       s.score,
       CASE WHEN s.score >= 3 THEN 'at or above the screening cut-off'
            ELSE 'below the screening cut-off' END,
       json_object('total', s.score), s.scored_at, s.scored_at, s.scored_at
FROM screenings AS s;

DROP TABLE screening_items;
DROP TABLE screenings;

-- Coping skills: each participant's verdicts, what they were shown lately, and the
-- skills facilitators added or withdrew. The shipped library itself stays in
-- data/coping_tips.toml; rows here refer to its skills by their stable ids.

-- "This helped" / "Not for me", one verdict per participant and skill (the latest wins).
CREATE TABLE coping_feedback (
    participant  TEXT NOT NULL,         -- participant key (or Discord id if not enrolled)
    skill_id     TEXT NOT NULL,
    verdict      TEXT NOT NULL CHECK (verdict IN ('helped', 'not_for_me')),
    updated_at   TEXT NOT NULL,         -- ISO 8601 UTC
    PRIMARY KEY (participant, skill_id)
);

-- When each skill was last shown to a participant, so "Another one" moves on.
CREATE TABLE coping_shown (
    participant  TEXT NOT NULL,
    skill_id     TEXT NOT NULL,
    shown_at     TEXT NOT NULL,         -- ISO 8601 UTC
    PRIMARY KEY (participant, skill_id)
);
CREATE INDEX coping_shown_recent ON coping_shown(participant, shown_at);

-- Skills facilitators added with /skills add; the id is 'program:<number>'.
CREATE TABLE coping_program_skills (
    number       INTEGER PRIMARY KEY AUTOINCREMENT,
    title        TEXT NOT NULL,
    steps        TEXT NOT NULL,         -- JSON list of text
    minutes      INTEGER NOT NULL,
    situations   TEXT NOT NULL,         -- JSON list of situation keys
    source       TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    caution      TEXT NOT NULL DEFAULT '',
    added_by     INTEGER,
    added_at     TEXT NOT NULL
);

-- Skills withdrawn with /skills retire (shipped or program ones). Kept, not deleted, so
-- /myskills can still name a retired skill that helped someone.
CREATE TABLE coping_retired (
    skill_id     TEXT PRIMARY KEY,
    retired_by   INTEGER,
    retired_at   TEXT NOT NULL
);

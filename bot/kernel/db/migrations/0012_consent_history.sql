-- Every answer a member gave to the privacy notice, with its time (issue 18). `consents`
-- keeps the latest answer, which the consent gate reads; this keeps them all, so an
-- earlier "I agree" is not lost when someone later says "Not now", and the export shows
-- the whole history.
CREATE TABLE consent_history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL,          -- Discord id
    choice          TEXT NOT NULL CHECK (choice IN ('agreed', 'declined')),
    notice_version  INTEGER NOT NULL,
    decided_at      TEXT NOT NULL              -- ISO 8601 UTC
);
CREATE INDEX consent_history_user ON consent_history(user_id, id);

-- The answers given before this table existed: the latest one is all that was kept.
INSERT INTO consent_history (user_id, choice, notice_version, decided_at)
    SELECT user_id, choice, notice_version, decided_at FROM consents ORDER BY decided_at;

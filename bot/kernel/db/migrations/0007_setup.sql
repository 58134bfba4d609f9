-- What /setup chose for each part of the server layout: which role or channel plays it,
-- and whether /setup created it or adopted one that was already there.
CREATE TABLE server_layout (
    guild_id       INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('role', 'channel')),
    purpose        TEXT NOT NULL,                -- facilitator, participant, peer, agendas, ...
    discord_id     INTEGER NOT NULL,
    name           TEXT NOT NULL,                -- its name when it was chosen
    origin         TEXT NOT NULL CHECK (origin IN ('created', 'adopted')),
    chosen_by      INTEGER,                      -- the administrator who ran /setup
    chosen_at      TEXT NOT NULL,                -- ISO 8601 UTC
    PRIMARY KEY (guild_id, kind, purpose)
);

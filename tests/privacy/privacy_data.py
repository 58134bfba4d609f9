"""Shared data for the privacy tests (a helper, not a test module; its own test is in
tests/privacy/test_privacy_scan.py): a program, a row naming each participant in every
table that can name a person, and an independent scan for rows naming someone.

The scan does not use the providers: it reads every table the schema has and looks for
the person's Discord id or participant key in any column, so a table that names people
but no provider declares shows up as a failure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.kernel.db.connection import Database
from tests.builders import participant, program_file

PROGRAM = program_file(
    participant("alex", "America/Chicago", start=date(2026, 1, 5), weeks=4),
    participant("sam", "America/New_York", start=date(2026, 9, 7), weeks=12),
    reminders=["1h"],
    minutes=120,
    location="#group-room",
)

FACILITATOR_ID = 880001
NOW = datetime(2026, 1, 9, 15, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Person:
    key: str
    user_id: int
    secret: str  # appears in their check-in note, crisis excerpt and mod content


ALEX = Person("alex", 710001, "ALEX-NOTE-7f3a")
SAM = Person("sam", 720002, "SAM-NOTE-91bc")


async def seed(db: Database, who: Person, now: datetime, number: int) -> None:
    """One or more rows in every table that can name ``who``. ``number`` keeps ids of
    different people apart (message ids, alert ids)."""
    at = now.isoformat()
    k, u = who.key, who.user_id
    msg = 5_000_000 + number
    async with db.transaction() as c:
        await c.execute(
            "INSERT INTO members (user_id, display_name, dm_channel_id, created_at, "
            "participant_key) VALUES (?, ?, ?, ?, ?)",
            (u, k, 6_000_000 + number, at, k),
        )
        for key, kind in (
            (f"welcome:{k}", "welcome"),
            (f"privacy-notice:{k}", "privacy_notice"),
            (f"reminder:{k}:evening.process-group:2026-01-07:1h", "reminder"),
            (f"checkin:{k}:2026-01-07", "checkin_prompt"),
        ):
            await c.execute(
                "INSERT INTO deliveries (key, kind, user_id, due_at, status) "
                "VALUES (?, ?, ?, ?, 'sent')",
                (key, kind, u, at),
            )
        # A record keyed by participant but addressed to no one (e.g. a missed nudge).
        await c.execute(
            "INSERT INTO deliveries (key, kind, user_id, due_at, status) "
            "VALUES (?, 'checkin_missed', NULL, ?, 'sent')",
            (f"checkin_missed:{k}:2026-01-08", at),
        )
        await c.execute(
            "INSERT INTO participant_settings (participant, timezone, reminders) "
            "VALUES (?, 'America/Chicago', '[3600]')",
            (k,),
        )
        await c.execute(
            "INSERT INTO rsvps VALUES ('evening.process-group:2026-01-07', ?, 'no', ?, ?)",
            (k, f"reason {who.secret}", at),
        )
        await c.execute(
            "INSERT INTO attendance VALUES "
            "('evening.process-group:2026-01-07', ?, 'present', ?, ?)",
            (k, FACILITATOR_ID, at),
        )
        answers = json.dumps({"mood": 6, "note": f"note {who.secret}"})
        await c.execute(
            "INSERT INTO checkins VALUES (?, '2026-01-07', ?, ?, ?, ?)", (k, answers, at, at, at)
        )
        await c.execute("INSERT INTO checkin_settings VALUES (?, '19:00', 1, 2)", (k,))
        await c.execute(
            "INSERT INTO screening_items VALUES (?, '2026-01-07', 'phq2.1', 1, ?)", (k, at)
        )
        await c.execute(
            "INSERT INTO screenings VALUES (?, '2026-01-07', 'phq2', 1, 6, 0, ?)", (k, at)
        )
        await c.execute(
            "INSERT INTO checkin_flags (participant, day, kind, detail, at) "
            "VALUES (?, '2026-01-07', 'reach_out', 'asked', ?)",
            (k, at),
        )
        await c.execute(
            "INSERT INTO checkin_shares VALUES (?, '2026-01-07', 42, ?, ?, ?, NULL)",
            (k, msg, u, at),
        )
        await c.execute("INSERT INTO coping_feedback VALUES (?, 'breathing', 'helped', ?)", (k, at))
        # Coping rows from before enrolment carry the Discord id instead of the key.
        await c.execute("INSERT INTO coping_shown VALUES (?, 'grounding', ?)", (str(u), at))
        await c.execute(
            "INSERT INTO crisis_alerts (user_id, source, excerpt, created_at, acknowledged_by, "
            "acknowledged_at) VALUES (?, 'dm', ?, ?, ?, ?)",
            (u, f"excerpt {who.secret}", at, FACILITATOR_ID, at),
        )
        await c.execute("INSERT INTO crisis_regions VALUES (?, 'US', ?)", (u, at))
        cursor = await c.execute(
            "INSERT INTO mod_actions (guild_id, user_id, rule, action, content, created_at) "
            "VALUES (1, ?, 'harassment.insult', 'warn', ?, ?)",
            (u, f"content {who.secret}", at),
        )
        await c.execute(
            "INSERT INTO mod_warnings (guild_id, user_id, action_id, created_at) "
            "VALUES (1, ?, ?, ?)",
            (u, cursor.lastrowid, at),
        )
        await c.execute(
            "INSERT INTO audit_log (at, actor_id, action, subject) "
            "VALUES (?, ?, 'report.participant', ?)",
            (at, FACILITATOR_ID, k),
        )
        await c.execute("INSERT INTO consents VALUES (?, 'agreed', 1, ?)", (u, at))
        await c.execute(
            "INSERT INTO consent_history (user_id, choice, notice_version, decided_at) "
            "VALUES (?, 'agreed', 1, ?)",
            (u, at),
        )
        cursor = await c.execute(
            "INSERT INTO schedule_changes (kind, subject, made_by, made_at) "
            "VALUES ('pause', ?, ?, ?)",
            (k, u, at),
        )
        await c.execute(
            "INSERT INTO schedule_change_notices VALUES (?, ?, ?, ?, ?, 'sent', ?, ?)",
            (
                cursor.lastrowid, k, u, '["evening.process-group:2026-01-07"]',
                f"Cancelled: {who.secret}", msg + 100, at,
            ),
        )  # fmt: skip


def _names(value: object, who: Person) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return value == who.user_id
    if isinstance(value, str):
        keys = {who.key, str(who.user_id)}
        if value in keys or any(part in keys for part in value.split(":")):
            return True
        # A program document names people as `name = "alex"` / `id = 710001`.
        return f'"{who.key}"' in value or who.secret in value
    return False


async def rows_naming(db: Database, who: Person) -> dict[str, int]:
    """Per table, how many rows name ``who`` anywhere in any column."""
    tables = [
        r[0]
        for r in await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    found: dict[str, int] = {}
    for table in tables:
        count = 0
        for row in await db.fetchall(f"SELECT * FROM {table}"):
            if any(_names(value, who) for value in tuple(row)):
                count += 1
        if count:
            found[table] = count
    return found


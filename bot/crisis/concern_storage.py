"""The concern tier's SQL: one row per message that showed concern (``concern_events``).

The decision for a new concern reads the person's recent ones and records the new one in
the same transaction, so two messages a second apart cannot both get the first DM.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.crisis.domain.concern_response import ESCALATE_WITHIN, PastConcern, Step
from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class ConcernRow:
    id: int
    user_id: int
    source: str
    channel_id: int | None
    message_id: int | None
    jump_url: str | None
    excerpt: str
    categories: str
    rule: str | None
    created_at: datetime
    outcome: str
    dm_message_id: int | None
    note_channel_id: int | None
    note_message_id: int | None
    answer: str | None
    answered_at: datetime | None
    alert_id: int | None


_COLUMNS = (
    "id, user_id, source, channel_id, message_id, jump_url, excerpt, categories, rule, "
    "created_at, outcome, dm_message_id, note_channel_id, note_message_id, answer, "
    "answered_at, alert_id"
)


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _row(row: Any) -> ConcernRow:
    r = tuple(row)
    return ConcernRow(
        id=r[0], user_id=r[1], source=r[2], channel_id=r[3], message_id=r[4], jump_url=r[5],
        excerpt=r[6], categories=r[7], rule=r[8], created_at=datetime.fromisoformat(r[9]),
        outcome=r[10], dm_message_id=r[11], note_channel_id=r[12], note_message_id=r[13],
        answer=r[14], answered_at=_when(r[15]), alert_id=r[16],
    )


def past(row: ConcernRow) -> PastConcern:
    return PastConcern(row.created_at, row.outcome, row.answer, row.answered_at)


@dataclass(frozen=True)
class NewConcern:
    user_id: int
    source: str
    created_at: datetime
    channel_id: int | None = None
    message_id: int | None = None
    jump_url: str | None = None
    excerpt: str = ""
    categories: str = ""
    rule: str | None = None


async def record(
    db: Database, new: NewConcern, decide: Callable[[list[PastConcern]], Step]
) -> tuple[int, Step] | None:
    """Decide the step from the person's concerns of the last day and record the new one;
    None when this message was recorded before (an edit, a repeat delivery)."""
    since = (new.created_at - 2 * ESCALATE_WITHIN).isoformat()
    async with db.transaction() as conn:
        if new.message_id is not None:
            cursor = await conn.execute(
                "SELECT 1 FROM concern_events WHERE message_id = ?", (new.message_id,)
            )
            if await cursor.fetchone() is not None:
                return None
        cursor = await conn.execute(
            f"SELECT {_COLUMNS} FROM concern_events WHERE user_id = ? AND "
            "(created_at >= ? OR answered_at >= ?) ORDER BY id",
            (new.user_id, since, since),
        )
        earlier = [past(_row(r)) for r in await cursor.fetchall()]
        step = decide(earlier)
        outcome = {Step.DM: "dm", Step.QUIET: "quiet", Step.ESCALATE: "escalated"}[step]
        cursor = await conn.execute(
            "INSERT INTO concern_events (user_id, source, channel_id, message_id, jump_url, "
            "excerpt, categories, rule, created_at, outcome) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                new.user_id, new.source, new.channel_id, new.message_id, new.jump_url,
                new.excerpt, new.categories, new.rule, new.created_at.isoformat(), outcome,
            ),
        )
        inserted = await cursor.fetchone()
    assert inserted is not None
    return int(inserted[0]), step


async def get(db: Database, concern_id: int) -> ConcernRow | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM concern_events WHERE id = ?", (concern_id,))
    return None if row is None else _row(row)


async def set_dm(db: Database, concern_id: int, *, sent: bool, message_id: int | None) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE concern_events SET outcome = ?, dm_message_id = ? WHERE id = ?",
            ("dm" if sent else "dm_closed", message_id, concern_id),
        )


async def set_note(db: Database, concern_id: int, channel_id: int, message_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE concern_events SET note_channel_id = ?, note_message_id = ? WHERE id = ?",
            (channel_id, message_id, concern_id),
        )


async def set_alert(db: Database, concern_id: int, alert_id: int | None) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE concern_events SET alert_id = ? WHERE id = ?", (alert_id, concern_id)
        )


async def answer(db: Database, concern_id: int, value: str, now: datetime) -> bool:
    """Record the person's first answer; False when they had answered already."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE concern_events SET answer = ?, answered_at = ? "
            "WHERE id = ? AND answer IS NULL",
            (value, now.isoformat(), concern_id),
        )
        return cursor.rowcount == 1


async def answer_again(db: Database, concern_id: int, value: str, now: datetime) -> None:
    """A later answer that replaces the first ("I'm OK", then asking for a facilitator)."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE concern_events SET answer = ?, answered_at = ? WHERE id = ?",
            (value, now.isoformat(), concern_id),
        )


async def since(db: Database, start: datetime) -> list[ConcernRow]:
    """Every concern from ``start`` on, oldest first (the morning digest's list)."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM concern_events WHERE created_at >= ? ORDER BY id",
        (start.isoformat(),),
    )
    return [_row(r) for r in rows]


async def escalation_after(
    db: Database, user_id: int, after_id: int, until: datetime
) -> ConcernRow | None:
    """The person's first concern after ``after_id`` (until ``until``) that escalated."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM concern_events WHERE user_id = ? AND id > ? "
        "AND outcome = 'escalated' AND created_at < ? ORDER BY id LIMIT 1",
        (user_id, after_id, until.isoformat()),
    )
    return None if row is None else _row(row)


async def latest_note(db: Database, user_id: int, before_id: int) -> ConcernRow | None:
    """The person's newest earlier concern with a note in the facilitators' channel."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM concern_events WHERE user_id = ? AND id < ? "
        "AND note_message_id IS NOT NULL ORDER BY id DESC LIMIT 1",
        (user_id, before_id),
    )
    return None if row is None else _row(row)

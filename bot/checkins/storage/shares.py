"""The check-in channel: the bot's thread per day and the summaries shared in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.kernel.db.connection import Database


async def thread_for(db: Database, day: date) -> int | None:
    value = await db.fetchval(
        "SELECT thread_id FROM checkin_threads WHERE day = ?", (day.isoformat(),)
    )
    return None if value is None else int(value)


async def save_thread(db: Database, day: date, thread_id: int, now: datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO checkin_threads (day, thread_id, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT(day) DO UPDATE SET thread_id = excluded.thread_id",
            (day.isoformat(), thread_id, now.isoformat()),
        )


async def is_checkin_thread(db: Database, thread_id: int) -> bool:
    found = await db.fetchval("SELECT 1 FROM checkin_threads WHERE thread_id = ?", (thread_id,))
    return found is not None


@dataclass(frozen=True)
class Share:
    participant: str
    day: date
    thread_id: int
    message_id: int
    author_id: int
    shared_at: datetime
    replied_at: datetime | None


_COLUMNS = "participant, day, thread_id, message_id, author_id, shared_at, replied_at"


def _share(row: Any) -> Share:
    p, d, t, m, a, s, r = row
    return Share(
        p,
        date.fromisoformat(d),
        t,
        m,
        a,
        datetime.fromisoformat(s),
        datetime.fromisoformat(r) if r else None,
    )


async def get(db: Database, participant: str, day: date) -> Share | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM checkin_shares WHERE participant = ? AND day = ?",
        (participant, day.isoformat()),
    )
    return None if row is None else _share(row)


async def by_message(db: Database, message_id: int) -> Share | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM checkin_shares WHERE message_id = ?", (message_id,)
    )
    return None if row is None else _share(row)


async def save(db: Database, share: Share) -> None:
    """One share per participant per day: sharing again replaces the stored message."""
    async with db.transaction() as conn:
        await conn.execute(
            f"INSERT INTO checkin_shares ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL) "
            "ON CONFLICT(participant, day) DO UPDATE SET thread_id = excluded.thread_id, "
            "message_id = excluded.message_id, shared_at = excluded.shared_at",
            (
                share.participant,
                share.day.isoformat(),
                share.thread_id,
                share.message_id,
                share.author_id,
                share.shared_at.isoformat(),
            ),
        )


async def message_ids_of(db: Database, participants: tuple[str, ...]) -> list[int]:
    """The shared summaries' message ids of these participant keys (their nudge jobs)."""
    if not participants:
        return []
    marks = ", ".join("?" for _ in participants)
    rows = await db.fetchall(
        f"SELECT message_id FROM checkin_shares WHERE participant IN ({marks})", participants
    )
    return [int(row[0]) for row in rows]


async def unreplied(db: Database) -> list[Share]:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM checkin_shares WHERE replied_at IS NULL ORDER BY shared_at"
    )
    return [_share(r) for r in rows]


async def latest_unreplied_in(
    db: Database, thread_id: int, not_by: int, before: datetime
) -> Share | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM checkin_shares WHERE thread_id = ? AND author_id != ? "
        "AND replied_at IS NULL AND shared_at <= ? ORDER BY shared_at DESC LIMIT 1",
        (thread_id, not_by, before.isoformat()),
    )
    return None if row is None else _share(row)


async def mark_replied(db: Database, message_id: int, now: datetime) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE checkin_shares SET replied_at = ? WHERE message_id = ? AND replied_at IS NULL",
            (now.isoformat(), message_id),
        )
        return cursor.rowcount == 1

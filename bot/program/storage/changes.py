"""Changes to participants' sessions and who was told of each (schedule_changes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from bot.kernel.db.connection import Database
from bot.program.domain.changes import ScheduleChange


async def record(db: Database, change: ScheduleChange, now: datetime) -> int:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO schedule_changes (kind, subject, reason, made_by, made_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (change.kind.value, change.subject, change.reason, change.by, now.isoformat()),
        )
        row = await cursor.fetchone()
        assert row is not None
        return int(row[0])


async def latest_not_undone(db: Database, kind: str, subject: str) -> int | None:
    """The newest change of ``kind`` about ``subject`` that nothing has undone yet."""
    value = await db.fetchval(
        "SELECT id FROM schedule_changes WHERE kind = ? AND subject = ? AND undone_by IS NULL "
        "ORDER BY id DESC LIMIT 1",
        (kind, subject),
    )
    return None if value is None else int(value)


async def mark_undone(db: Database, change_id: int, undone_by: int) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE schedule_changes SET undone_by = ? WHERE id = ?", (undone_by, change_id)
        )


@dataclass(frozen=True)
class Told:
    participant: str
    occurrences: tuple[str, ...]


async def told_of(db: Database, change_id: int) -> dict[str, Told]:
    """Those a change's notice reached (sent, not failed), and the sessions it listed."""
    rows = await db.fetchall(
        "SELECT participant, occurrences FROM schedule_change_notices "
        "WHERE change_id = ? AND status = 'sent'",
        (change_id,),
    )
    return {row[0]: Told(row[0], tuple(json.loads(row[1]))) for row in rows}


@dataclass(frozen=True)
class OwedNotice:
    change_id: int
    participant: str
    user_id: int
    occurrences: tuple[str, ...]
    content: str


async def owe(db: Database, notices: list[OwedNotice], now: datetime) -> None:
    """Write down every notice a change calls for, before any is sent (one transaction)."""
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO schedule_change_notices (change_id, participant, user_id, occurrences, "
            "content, status, at) VALUES (?, ?, ?, ?, ?, 'owed', ?) "
            "ON CONFLICT(change_id, participant) DO NOTHING",
            [
                (
                    n.change_id,
                    n.participant,
                    n.user_id,
                    json.dumps(list(n.occurrences)),
                    n.content,
                    now.isoformat(),
                )
                for n in notices
            ],
        )


async def owed(db: Database) -> list[OwedNotice]:
    """Notices written down but not yet settled (a restart cut the sending short)."""
    rows = await db.fetchall(
        "SELECT change_id, participant, user_id, occurrences, content "
        "FROM schedule_change_notices WHERE status = 'owed' ORDER BY change_id, participant"
    )
    return [OwedNotice(row[0], row[1], row[2], tuple(json.loads(row[3])), row[4]) for row in rows]


async def owed_one(db: Database, change_id: int, participant: str) -> OwedNotice | None:
    """One notice still owed (its retry is due), or None once it is settled."""
    row = await db.fetchone(
        "SELECT change_id, participant, user_id, occurrences, content "
        "FROM schedule_change_notices WHERE change_id = ? AND participant = ? "
        "AND status = 'owed'",
        (change_id, participant),
    )
    if row is None:
        return None
    return OwedNotice(row[0], row[1], row[2], tuple(json.loads(row[3])), row[4])


async def settle_notice(
    db: Database,
    change_id: int,
    participant: str,
    status: str,
    message_id: int | None,
    now: datetime,
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE schedule_change_notices SET status = ?, message_id = ?, at = ? "
            "WHERE change_id = ? AND participant = ?",
            (status, message_id, now.isoformat(), change_id, participant),
        )

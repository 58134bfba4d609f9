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


async def record_notice(
    db: Database,
    change_id: int,
    participant: str,
    occurrences: tuple[str, ...],
    status: str,
    message_id: int | None,
    now: datetime,
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO schedule_change_notices (change_id, participant, occurrences, status, "
            "message_id, sent_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(change_id, participant) DO UPDATE SET status = excluded.status, "
            "message_id = excluded.message_id, sent_at = excluded.sent_at",
            (
                change_id,
                participant,
                json.dumps(list(occurrences)),
                status,
                message_id,
                now.isoformat(),
            ),
        )

"""RSVPs from reminder buttons and attendance marked by facilitators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.kernel.db.connection import Database

RSVP_STATUSES = ("yes", "late", "no")
ATTENDANCE_STATUSES = ("present", "late", "absent", "excused")


async def set_rsvp(
    db: Database, occurrence: str, participant: str, status: str, reason: str | None, now: datetime
) -> None:
    if status not in RSVP_STATUSES:
        raise ValueError(f"unknown RSVP status {status!r}")
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO rsvps (occurrence, participant, status, reason, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(occurrence, participant) DO UPDATE SET "
            "status = excluded.status, reason = excluded.reason, updated_at = excluded.updated_at",
            (occurrence, participant, status, reason, now.isoformat()),
        )


async def rsvps_for(db: Database, occurrence: str) -> dict[str, tuple[str, str | None]]:
    rows = await db.fetchall(
        "SELECT participant, status, reason FROM rsvps WHERE occurrence = ?", (occurrence,)
    )
    return {row[0]: (row[1], row[2]) for row in rows}


async def set_attendance(
    db: Database, occurrence: str, participant: str, status: str, by: int, now: datetime
) -> None:
    if status not in ATTENDANCE_STATUSES:
        raise ValueError(f"unknown attendance status {status!r}")
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO attendance (occurrence, participant, status, marked_by, marked_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(occurrence, participant) DO UPDATE SET "
            "status = excluded.status, marked_by = excluded.marked_by, "
            "marked_at = excluded.marked_at",
            (occurrence, participant, status, by, now.isoformat()),
        )


@dataclass(frozen=True)
class Mark:
    """Attendance marked for one participant at one occurrence, and by whom and when."""

    occurrence: str
    participant: str
    status: str
    marked_by: int | None
    marked_at: str


async def set_attendance_many(
    db: Database, occurrence: str, statuses: dict[str, str], by: int, now: datetime
) -> None:
    """Several participants' attendance at once (a roster), all or nothing."""
    unknown = set(statuses.values()) - set(ATTENDANCE_STATUSES)
    if unknown:
        raise ValueError(f"unknown attendance status {sorted(unknown)!r}")
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO attendance (occurrence, participant, status, marked_by, marked_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(occurrence, participant) DO UPDATE SET "
            "status = excluded.status, marked_by = excluded.marked_by, "
            "marked_at = excluded.marked_at",
            [(occurrence, key, status, by, now.isoformat()) for key, status in statuses.items()],
        )


async def attendance_for(db: Database, occurrence: str) -> dict[str, Mark]:
    rows = await db.fetchall(
        "SELECT occurrence, participant, status, marked_by, marked_at FROM attendance "
        "WHERE occurrence = ?",
        (occurrence,),
    )
    return {row[1]: Mark(*row) for row in rows}


async def attendance_between(db: Database, first_day: str, last_day: str) -> list[Mark]:
    """Marks for occurrences scheduled in [first, last] days.

    Occurrence keys end in their ISO date, so the day is the key's last 10 characters.
    """
    rows = await db.fetchall(
        "SELECT occurrence, participant, status, marked_by, marked_at FROM attendance "
        "WHERE substr(occurrence, -10) BETWEEN ? AND ? ORDER BY occurrence, participant",
        (first_day, last_day),
    )
    return [Mark(*row) for row in rows]

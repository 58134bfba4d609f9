"""Alumni: who stepped down to the alumni track, when, and their weekly check-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class Alum:
    participant: str
    user_id: int | None
    started_on: date
    graduated_on: date
    graduated_by: int | None
    ended_at: datetime | None

    @property
    def active(self) -> bool:
        return self.ended_at is None


_C = "participant, user_id, started_on, graduated_on, graduated_by, ended_at"


def _alum(row: Any) -> Alum:
    key, uid, started, graduated, by, ended = row
    return Alum(
        key, uid, date.fromisoformat(started), date.fromisoformat(graduated), by,
        datetime.fromisoformat(ended) if ended else None,
    )


async def graduate(
    db: Database,
    participant: str,
    user_id: int | None,
    started_on: date,
    graduated_on: date,
    by: int | None,
    now: datetime,
) -> bool:
    """Record the step down; False when the participant already graduated."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO alumni (participant, user_id, started_on, graduated_on, graduated_by, "
            "graduated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(participant) DO NOTHING",
            (participant, user_id, started_on.isoformat(), graduated_on.isoformat(), by,
             now.isoformat()),
        )
        return cursor.rowcount == 1


async def get(db: Database, participant: str) -> Alum | None:
    row = await db.fetchone(f"SELECT {_C} FROM alumni WHERE participant = ?", (participant,))
    return None if row is None else _alum(row)


async def active(db: Database) -> list[Alum]:
    rows = await db.fetchall(f"SELECT {_C} FROM alumni WHERE ended_at IS NULL ORDER BY participant")
    return [_alum(r) for r in rows]


async def keys(db: Database) -> set[str]:
    return {r[0] for r in await db.fetchall("SELECT participant FROM alumni")}


async def end(db: Database, participant: str, now: datetime) -> bool:
    """End alumni participation; the retention clock of their data starts here."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE alumni SET ended_at = ? WHERE participant = ? AND ended_at IS NULL",
            (now.isoformat(), participant),
        )
        return cursor.rowcount == 1


async def ended_before(db: Database, cutoff: datetime) -> list[str]:
    """Alumni whose participation ended before ``cutoff`` (for retention)."""
    rows = await db.fetchall(
        "SELECT participant FROM alumni WHERE ended_at IS NOT NULL AND ended_at < ?",
        (cutoff.isoformat(),),
    )
    return [r[0] for r in rows]


async def record_checkin(
    db: Database, participant: str, day: date, feeling: str, now: datetime
) -> bool:
    """False when the week was already answered (the first answer stands)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO alumni_checkins (participant, day, feeling, answered_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(participant, day) DO NOTHING",
            (participant, day.isoformat(), feeling, now.isoformat()),
        )
        return cursor.rowcount == 1


async def checkins(db: Database, participant: str) -> list[tuple[date, str]]:
    rows = await db.fetchall(
        "SELECT day, feeling FROM alumni_checkins WHERE participant = ? ORDER BY day",
        (participant,),
    )
    return [(date.fromisoformat(d), f) for d, f in rows]


async def retention_holds(db: Database, cutoff: datetime) -> set[str]:
    """Alumni whose data retention has not begun at ``cutoff``: still on the track, or
    left it after ``cutoff``. Retention counts from the end of alumni participation,
    not from graduation (the privacy service's retention should skip these keys)."""
    rows = await db.fetchall(
        "SELECT participant FROM alumni WHERE ended_at IS NULL OR ended_at >= ?",
        (cutoff.isoformat(),),
    )
    return {r[0] for r in rows}

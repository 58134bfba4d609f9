"""Medication reminder times, reminded doses and the consent to share missed doses.

The label (the drug's name) is read only by the code that renders the owner's DM; no
query here logs anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import aiosqlite

from bot.continuity.domain.medication import Dose
from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class Schedule:
    id: int
    participant: str
    at: time
    label: str | None
    created_by: int


@dataclass(frozen=True)
class DoseRow:
    schedule_id: int
    participant: str
    day: date
    status: str
    snoozes: int
    snoozed_until: datetime | None

    def dose(self) -> Dose:
        return Dose(self.schedule_id, self.day, self.status)


def _schedule(row: Any) -> Schedule:
    sid, participant, at, label, by = row
    return Schedule(int(sid), participant, time.fromisoformat(at), label, int(by))


def _dose(row: Any) -> DoseRow:
    sid, participant, day, status, snoozes, until = row
    return DoseRow(
        int(sid), participant, date.fromisoformat(day), status, int(snoozes),
        datetime.fromisoformat(until) if until else None,
    )


_S = "id, participant, at_time, label, created_by"
_D = "schedule_id, participant, day, status, snoozes, snoozed_until"


async def add_schedule(
    db: Database, participant: str, at: time, label: str | None, by: int, now: datetime
) -> Schedule:
    """Add a time, or update the label of an existing one (the same time twice is one)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO medication_schedules (participant, at_time, label, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(participant, at_time) DO UPDATE "
            "SET label = COALESCE(excluded.label, medication_schedules.label) "
            f"RETURNING {_S}",
            (participant, at.strftime("%H:%M"), label, by, now.isoformat()),
        )
        row = await cursor.fetchone()
    assert row is not None
    return _schedule(row)


async def remove_schedule(db: Database, participant: str, at: time) -> Schedule | None:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "DELETE FROM medication_schedules WHERE participant = ? AND at_time = ? "
            f"RETURNING {_S}",
            (participant, at.strftime("%H:%M")),
        )
        row = await cursor.fetchone()
    return None if row is None else _schedule(row)


async def schedules_for(db: Database, participant: str) -> list[Schedule]:
    rows = await db.fetchall(
        f"SELECT {_S} FROM medication_schedules WHERE participant = ? ORDER BY at_time",
        (participant,),
    )
    return [_schedule(r) for r in rows]


async def all_schedules(db: Database) -> list[Schedule]:
    rows = await db.fetchall(f"SELECT {_S} FROM medication_schedules ORDER BY participant, id")
    return [_schedule(r) for r in rows]


async def schedule(db: Database, schedule_id: int) -> Schedule | None:
    row = await db.fetchone(f"SELECT {_S} FROM medication_schedules WHERE id = ?", (schedule_id,))
    return None if row is None else _schedule(row)


async def dose(db: Database, schedule_id: int, day: date) -> DoseRow | None:
    row = await db.fetchone(
        f"SELECT {_D} FROM medication_doses WHERE schedule_id = ? AND day = ?",
        (schedule_id, day.isoformat()),
    )
    return None if row is None else _dose(row)


async def doses_since(db: Database, participant: str, since: date) -> list[DoseRow]:
    rows = await db.fetchall(
        f"SELECT {_D} FROM medication_doses WHERE participant = ? AND day >= ? ORDER BY day",
        (participant, since.isoformat()),
    )
    return [_dose(r) for r in rows]


async def snoozed(db: Database) -> list[DoseRow]:
    rows = await db.fetchall(f"SELECT {_D} FROM medication_doses WHERE status = 'snoozed'")
    return [_dose(r) for r in rows]


async def reminded(
    db: Database, schedule_id: int, participant: str, day: date, now: datetime
) -> None:
    """A reminder went out: the dose is due (a snoozed dose is due again)."""
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO medication_doses (schedule_id, participant, day, status, reminded_at) "
            "VALUES (?, ?, ?, 'due', ?) ON CONFLICT(schedule_id, day) DO UPDATE SET "
            "status = 'due', snoozed_until = NULL WHERE medication_doses.status = 'snoozed'",
            (schedule_id, participant, day.isoformat(), now.isoformat()),
        )


async def answer(
    db: Database, schedule_id: int, participant: str, day: date, status: str, now: datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO medication_doses (schedule_id, participant, day, status, reminded_at, "
            "answered_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(schedule_id, day) DO UPDATE "
            "SET status = excluded.status, answered_at = excluded.answered_at, "
            "snoozed_until = NULL",
            (schedule_id, participant, day.isoformat(), status, now.isoformat(), now.isoformat()),
        )


async def snooze(
    db: Database, schedule_id: int, participant: str, day: date, until: datetime, now: datetime
) -> int:
    """Snooze the dose; returns how many times it has been snoozed now."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO medication_doses (schedule_id, participant, day, status, snoozes, "
            "snoozed_until, reminded_at) VALUES (?, ?, ?, 'snoozed', 1, ?, ?) "
            "ON CONFLICT(schedule_id, day) DO UPDATE SET status = 'snoozed', "
            "snoozes = medication_doses.snoozes + 1, snoozed_until = excluded.snoozed_until "
            "RETURNING snoozes",
            (schedule_id, participant, day.isoformat(), until.isoformat(), now.isoformat()),
        )
        row = await cursor.fetchone()
    return int(row[0]) if row is not None else 1


async def set_consent(db: Database, participant: str, share: bool, now: datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO medication_consent (participant, share_missed, changed_at) "
            "VALUES (?, ?, ?) ON CONFLICT(participant) DO UPDATE SET "
            "share_missed = excluded.share_missed, changed_at = excluded.changed_at",
            (participant, int(share), now.isoformat()),
        )


async def consenting(db: Database) -> set[str]:
    rows = await db.fetchall("SELECT participant FROM medication_consent WHERE share_missed = 1")
    return {r[0] for r in rows}


async def shares(db: Database, participant: str) -> bool:
    value = await db.fetchval(
        "SELECT share_missed FROM medication_consent WHERE participant = ?", (participant,)
    )
    return bool(value)


# ---- data rights (bot/continuity/personal_data.py) ----------------------------------------

TABLES = ("medication_schedules", "medication_doses", "medication_consent")


async def export_for(db: Database, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every medication row of the person, the label included: it is their own data."""
    if not keys:
        return []
    marks = ", ".join("?" for _ in keys)
    out: list[dict[str, Any]] = []
    for table in TABLES:  # fixed names from this module, never input
        rows = await db.fetchall(
            f"SELECT * FROM {table} WHERE participant IN ({marks}) ORDER BY rowid", keys
        )
        out.extend({"table": table, **{k: r[k] for k in r.keys()}} for r in rows)
    return out


async def erase_for(conn: aiosqlite.Connection, keys: tuple[str, ...]) -> int:
    if not keys:
        return 0
    marks = ", ".join("?" for _ in keys)
    deleted = 0
    for table in TABLES:
        cursor = await conn.execute(f"DELETE FROM {table} WHERE participant IN ({marks})", keys)
        deleted += max(int(cursor.rowcount), 0)
    return deleted

"""The stored program: the imported file, participants' own settings, one-off changes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import aiosqlite

from bot.kernel.db.connection import Database


async def get_document(db: Database, guild_id: int) -> str | None:
    value = await db.fetchval(
        "SELECT document FROM program_documents WHERE guild_id = ?", (guild_id,)
    )
    return None if value is None else str(value)


async def save_document(
    db: Database, guild_id: int, document: str, now: datetime, by: int | None
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO program_documents (guild_id, document, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(guild_id) DO UPDATE SET "
            "document = excluded.document, updated_at = excluded.updated_at, "
            "updated_by = excluded.updated_by",
            (guild_id, document, now.isoformat(), by),
        )


async def all_documents(db: Database) -> list[str]:
    """Every stored program document (one per server)."""
    return [str(row[0]) for row in await db.fetchall("SELECT document FROM program_documents")]


async def documents_in(conn: aiosqlite.Connection) -> list[tuple[int, str]]:
    """(guild id, document) of every stored program, inside the caller's transaction."""
    async with conn.execute("SELECT guild_id, document FROM program_documents") as cursor:
        return [(int(g), str(d)) for g, d in await cursor.fetchall()]


async def replace_document_in(conn: aiosqlite.Connection, guild_id: int, document: str) -> None:
    """Inside the caller's transaction (an erasure trims a person's entry)."""
    await conn.execute(
        "UPDATE program_documents SET document = ? WHERE guild_id = ?", (document, guild_id)
    )


@dataclass(frozen=True)
class ParticipantSettings:
    timezone: str | None = None
    reminders: tuple[timedelta, ...] | None = None  # () = off, None = program's
    paused_until: date | None = None


async def all_settings(db: Database) -> dict[str, ParticipantSettings]:
    rows = await db.fetchall(
        "SELECT participant, timezone, reminders, paused_until FROM participant_settings"
    )
    found: dict[str, ParticipantSettings] = {}
    for participant, timezone, reminders, paused in rows:
        leads = (
            None
            if reminders is None
            else tuple(timedelta(seconds=s) for s in json.loads(reminders))
        )
        found[participant] = ParticipantSettings(
            timezone, leads, date.fromisoformat(paused) if paused else None
        )
    return found


async def _set(db: Database, participant: str, column: str, value: object) -> None:
    # ``column`` is one of four literals chosen by the callers below, never user input.
    assert column in ("timezone", "reminders", "paused_until", "notices")
    async with db.transaction() as conn:
        await conn.execute(
            f"INSERT INTO participant_settings (participant, {column}) VALUES (?, ?) "
            f"ON CONFLICT(participant) DO UPDATE SET {column} = excluded.{column}",
            (participant, value),
        )


async def set_timezone(db: Database, participant: str, zone: str) -> None:
    await _set(db, participant, "timezone", zone)


async def set_reminders(
    db: Database, participant: str, leads: tuple[timedelta, ...] | None
) -> None:
    value = None if leads is None else json.dumps([int(lead.total_seconds()) for lead in leads])
    await _set(db, participant, "reminders", value)


async def set_paused_until(db: Database, participant: str, until: date | None) -> None:
    await _set(db, participant, "paused_until", until.isoformat() if until else None)


async def set_notices(db: Database, participant: str, on: bool) -> None:
    await _set(db, participant, "notices", None if on else 0)


async def notices_off(db: Database) -> set[str]:
    """Participants who turned change notices off."""
    rows = await db.fetchall("SELECT participant FROM participant_settings WHERE notices = 0")
    return {row[0] for row in rows}


@dataclass(frozen=True)
class ChangeRow:
    session_key: str
    day: date
    moved_to: datetime | None
    reason: str


async def all_changes(db: Database) -> list[ChangeRow]:
    rows = await db.fetchall(
        "SELECT session_key, day, moved_to, reason FROM occurrence_changes ORDER BY day"
    )
    return [
        ChangeRow(
            key, date.fromisoformat(day), datetime.fromisoformat(moved) if moved else None, why
        )
        for key, day, moved, why in rows
    ]


async def save_change(db: Database, change: ChangeRow, by: int | None, now: datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO occurrence_changes (session_key, day, moved_to, reason, changed_by, "
            "changed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(session_key, day) DO UPDATE SET "
            "moved_to = excluded.moved_to, reason = excluded.reason, "
            "changed_by = excluded.changed_by, changed_at = excluded.changed_at",
            (
                change.session_key,
                change.day.isoformat(),
                change.moved_to.isoformat(timespec="minutes") if change.moved_to else None,
                change.reason,
                by,
                now.isoformat(),
            ),
        )


async def delete_change(db: Database, session_key: str, day: date) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "DELETE FROM occurrence_changes WHERE session_key = ? AND day = ?",
            (session_key, day.isoformat()),
        )
        return cursor.rowcount == 1


async def closures(db: Database) -> dict[date, str]:
    rows = await db.fetchall("SELECT day, reason FROM closures ORDER BY day")
    return {date.fromisoformat(day): reason for day, reason in rows}


async def add_closure(db: Database, day: date, reason: str, by: int | None, now: datetime) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO closures (day, reason, added_by, added_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(day) DO NOTHING",
            (day.isoformat(), reason, by, now.isoformat()),
        )
        return cursor.rowcount == 1


async def remove_closure(db: Database, day: date) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute("DELETE FROM closures WHERE day = ?", (day.isoformat(),))
        return cursor.rowcount == 1

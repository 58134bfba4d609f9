"""Members the bot knows: their DM channel (one request per reminder) and program key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class MemberRow:
    user_id: int
    display_name: str
    timezone: str | None
    dm_channel_id: int | None
    dm_closed_at: str | None
    participant_key: str | None


_COLUMNS = "user_id, display_name, timezone, dm_channel_id, dm_closed_at, participant_key"


def _row(row: object) -> MemberRow:
    return MemberRow(*row)  # type: ignore[misc]


async def get(db: Database, user_id: int) -> MemberRow | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM members WHERE user_id = ?", (user_id,))
    return None if row is None else _row(row)


async def by_participant(db: Database, participant_key: str) -> MemberRow | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM members WHERE participant_key = ?", (participant_key,)
    )
    return None if row is None else _row(row)


async def all_linked(db: Database) -> dict[str, MemberRow]:
    rows = await db.fetchall(f"SELECT {_COLUMNS} FROM members WHERE participant_key IS NOT NULL")
    return {r.participant_key: r for r in map(_row, rows) if r.participant_key}


async def upsert(
    db: Database,
    user_id: int,
    display_name: str,
    now: datetime,
    *,
    participant_key: str | None = None,
) -> None:
    async with db.transaction() as conn:
        if participant_key is not None:
            # A key belongs to one member: a re-linked name moves to its new owner.
            await conn.execute(
                "UPDATE members SET participant_key = NULL "
                "WHERE participant_key = ? AND user_id != ?",
                (participant_key, user_id),
            )
        await conn.execute(
            "INSERT INTO members (user_id, display_name, created_at, participant_key) "
            "VALUES (?, ?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET display_name = excluded.display_name, "
            "participant_key = COALESCE(excluded.participant_key, members.participant_key)",
            (user_id, display_name, now.isoformat(), participant_key),
        )


async def set_dm_channel(db: Database, user_id: int, channel_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE members SET dm_channel_id = ? WHERE user_id = ?", (channel_id, user_id)
        )


async def mark_dm_closed(db: Database, user_id: int, now: datetime) -> bool:
    """Record a refused DM (the latest refusal); True only when DMs were open before,
    so people are told once however often a retry is refused."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "SELECT dm_closed_at FROM members WHERE user_id = ?", (user_id,)
        )
        row = await cursor.fetchone()
        await conn.execute(
            "UPDATE members SET dm_closed_at = ? WHERE user_id = ?", (now.isoformat(), user_id)
        )
        return row is not None and row[0] is None


async def mark_dm_open(db: Database, user_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE members SET dm_closed_at = NULL WHERE user_id = ?", (user_id,))

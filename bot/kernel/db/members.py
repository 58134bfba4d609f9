"""Members the bot knows: their DM channel (one request per reminder) and program key."""

from __future__ import annotations

from collections.abc import Iterable
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


# A key belongs to one member: a re-linked name moves to its new owner.
_UNLINK_OTHERS = (
    "UPDATE members SET participant_key = NULL WHERE participant_key = ? AND user_id != ?"
)
_UPSERT = (
    "INSERT INTO members (user_id, display_name, created_at, participant_key) "
    "VALUES (?, ?, ?, ?) "
    "ON CONFLICT(user_id) DO UPDATE SET display_name = excluded.display_name, "
    "participant_key = COALESCE(excluded.participant_key, members.participant_key)"
)


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
            await conn.execute(_UNLINK_OTHERS, (participant_key, user_id))
        await conn.execute(_UPSERT, (user_id, display_name, now.isoformat(), participant_key))


async def link_many(db: Database, links: Iterable[tuple[int, str, str]], now: datetime) -> None:
    """``upsert`` with a participant key for each ``(user_id, display name, key)``, in
    one transaction: enrolling a program of thousands is one commit, not thousands.

    The keys are distinct (one per participant). All the unlinks then all the upserts
    leave the same rows as one ``upsert`` per link in order: no upsert gives a member
    a key another link unlinks, and a member named twice ends with their last key."""
    rows = list(links)
    if not rows:
        return
    stamp = now.isoformat()
    async with db.transaction() as conn:
        await conn.executemany(_UNLINK_OTHERS, [(key, user_id) for user_id, _, key in rows])
        await conn.executemany(_UPSERT, [(uid, name, stamp, key) for uid, name, key in rows])


async def set_dm_channel(db: Database, user_id: int, channel_id: int) -> None:
    await db.write("UPDATE members SET dm_channel_id = ? WHERE user_id = ?", (channel_id, user_id))


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

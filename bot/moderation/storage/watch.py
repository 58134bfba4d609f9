"""The channels facilitators added with /mod watch (``watched_channels``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class WatchedChannel:
    channel_id: int
    name: str
    added_by: int
    added_at: datetime


async def watched(db: Database, guild_id: int) -> list[WatchedChannel]:
    rows = await db.fetchall(
        "SELECT channel_id, name, added_by, added_at FROM watched_channels "
        "WHERE guild_id = ? ORDER BY added_at, channel_id",
        (guild_id,),
    )
    return [
        WatchedChannel(int(r[0]), str(r[1]), int(r[2]), datetime.fromisoformat(r[3])) for r in rows
    ]


async def add(
    db: Database, guild_id: int, channel_id: int, name: str, by: int, now: datetime
) -> bool:
    """False when the channel was watched already."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT OR IGNORE INTO watched_channels (guild_id, channel_id, name, added_by, "
            "added_at) VALUES (?, ?, ?, ?, ?)",
            (guild_id, channel_id, name, by, now.isoformat()),
        )
        return cursor.rowcount == 1


async def remove(db: Database, guild_id: int, channel_id: int) -> bool:
    """False when the channel was not on the list."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "DELETE FROM watched_channels WHERE guild_id = ? AND channel_id = ?",
            (guild_id, channel_id),
        )
        return cursor.rowcount == 1

"""Topics members want a content warning for in the peer channel (by Discord id)."""

from __future__ import annotations

from datetime import datetime

from bot.kernel.db.connection import Database


async def add(db: Database, user_id: int, topic: str, now: datetime) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO content_warnings (user_id, topic, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (user_id, topic, now.isoformat()),
        )
        return cursor.rowcount == 1


async def remove(db: Database, user_id: int, topic: str) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "DELETE FROM content_warnings WHERE user_id = ? AND topic = ?", (user_id, topic)
        )
        return cursor.rowcount == 1


async def topics_of(db: Database, user_id: int) -> list[str]:
    rows = await db.fetchall(
        "SELECT topic FROM content_warnings WHERE user_id = ? ORDER BY topic", (user_id,)
    )
    return [r[0] for r in rows]


async def listed_by_others(db: Database, author_id: int) -> set[str]:
    """Every topic someone other than the author listed (who listed it is not returned)."""
    rows = await db.fetchall(
        "SELECT DISTINCT topic FROM content_warnings WHERE user_id != ?", (author_id,)
    )
    return {r[0] for r in rows}

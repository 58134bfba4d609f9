"""Small named values the bot keeps between runs (``bot_state``): when reminders were
last planned, the fingerprint of the last global command sync, settings facilitators
changed. Every capability may keep its own keys here, prefixed with its name."""

from __future__ import annotations

from bot.kernel.db.connection import Database


async def get_state(db: Database, key: str) -> str | None:
    value = await db.fetchval("SELECT value FROM bot_state WHERE key = ?", (key,))
    return None if value is None else str(value)


async def set_state(db: Database, key: str, value: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO bot_state (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

"""The server layout /setup chose: one row per role or channel and the part it plays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class LayoutRow:
    kind: str  # 'role' or 'channel'
    purpose: str
    discord_id: int
    name: str
    origin: str  # 'created' or 'adopted'
    chosen_by: int | None
    chosen_at: str


async def layout(db: Database, guild_id: int) -> dict[tuple[str, str], LayoutRow]:
    """Every stored choice for the server, keyed by (kind, purpose)."""
    rows = await db.fetchall(
        "SELECT kind, purpose, discord_id, name, origin, chosen_by, chosen_at "
        "FROM server_layout WHERE guild_id = ? ORDER BY kind, purpose",
        (guild_id,),
    )
    return {(row[0], row[1]): LayoutRow(*row) for row in rows}


async def store(
    db: Database,
    guild_id: int,
    choices: list[tuple[str, str, int, str, str]],
    chosen_by: int | None,
    now: datetime,
) -> int:
    """Store (kind, purpose, discord_id, name, origin) choices in one transaction.

    A choice equal to the stored one (same id and name) is left as it was, so running
    /setup again on a finished server writes nothing. Returns how many rows changed.
    """
    changed = 0
    async with db.transaction() as conn:
        for kind, purpose, discord_id, name, origin in choices:
            cursor = await conn.execute(
                "INSERT INTO server_layout "
                "(guild_id, kind, purpose, discord_id, name, origin, chosen_by, chosen_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(guild_id, kind, purpose) DO UPDATE SET "
                "discord_id = excluded.discord_id, name = excluded.name, "
                "origin = excluded.origin, chosen_by = excluded.chosen_by, "
                "chosen_at = excluded.chosen_at "
                "WHERE server_layout.discord_id != excluded.discord_id "
                "OR server_layout.name != excluded.name",
                (guild_id, kind, purpose, discord_id, name, origin, chosen_by, now.isoformat()),
            )
            changed += cursor.rowcount
    return changed

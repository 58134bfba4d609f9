"""The moderation log, harassment warnings and facilitators' per-server rule changes.

Retention: ``mod_actions.content`` keeps a removed message's text so the author and the
facilitators never lose it. It is personal data, so ``forget_old_content`` clears it
after ``CONTENT_RETENTION`` (the row, the rule and the action stay for the record).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.kernel.db.connection import Database

CONTENT_RETENTION = timedelta(days=90)
RULE_KINDS = ("harassment", "drug_sourcing", "allow", "exempt")


@dataclass(frozen=True)
class ModAction:
    id: int
    user_id: int
    channel_id: int | None
    message_id: int | None
    categories: str
    rule: str
    action: str
    dry_run: bool
    content: str | None
    dm_status: str | None
    by_user_id: int | None
    created_at: datetime


_ACTION_COLUMNS = (
    "id, user_id, channel_id, message_id, categories, rule, action, dry_run, content, "
    "dm_status, by_user_id, created_at"
)


def _action(row: Any) -> ModAction:
    r = tuple(row)
    return ModAction(
        id=r[0],
        user_id=r[1],
        channel_id=r[2],
        message_id=r[3],
        categories=r[4],
        rule=r[5],
        action=r[6],
        dry_run=bool(r[7]),
        content=r[8],
        dm_status=r[9],
        by_user_id=r[10],
        created_at=datetime.fromisoformat(r[11]),
    )


async def log_action(
    db: Database,
    *,
    guild_id: int,
    user_id: int,
    rule: str,
    action: str,
    now: datetime,
    categories: Sequence[str] = (),
    channel_id: int | None = None,
    message_id: int | None = None,
    dry_run: bool = False,
    content: str | None = None,
    by_user_id: int | None = None,
    warning: str | None = None,
) -> int:
    """One row in the moderation log (and a warning for the category ``warning`` with
    it, when given); its id."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO mod_actions (guild_id, user_id, channel_id, message_id, categories, "
            "rule, action, dry_run, content, by_user_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                guild_id,
                user_id,
                channel_id,
                message_id,
                ",".join(categories),
                rule,
                action,
                int(dry_run),
                content,
                by_user_id,
                now.isoformat(),
            ),
        )
        row = await cursor.fetchone()
        assert row is not None
        action_id = int(row[0])
        if warning is not None:
            await conn.execute(
                "INSERT INTO mod_warnings (guild_id, user_id, action_id, category, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (guild_id, user_id, action_id, warning, now.isoformat()),
            )
    return action_id


async def set_dm_status(db: Database, action_id: int, status: str) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE mod_actions SET dm_status = ? WHERE id = ?", (status, action_id))


async def actions_for(db: Database, guild_id: int, user_id: int | None = None) -> list[ModAction]:
    if user_id is None:
        rows = await db.fetchall(
            f"SELECT {_ACTION_COLUMNS} FROM mod_actions WHERE guild_id = ? ORDER BY id",
            (guild_id,),
        )
    else:
        rows = await db.fetchall(
            f"SELECT {_ACTION_COLUMNS} FROM mod_actions WHERE guild_id = ? AND user_id = ? "
            "ORDER BY id",
            (guild_id, user_id),
        )
    return [_action(r) for r in rows]


async def action_for_message(db: Database, message_id: int) -> int | None:
    """The id of the first action taken on a message, if any."""
    value = await db.fetchval("SELECT min(id) FROM mod_actions WHERE message_id = ?", (message_id,))
    return None if value is None else int(value)


async def forget_old_content(db: Database, now: datetime) -> int:
    """Clear kept message text older than the retention period; how many rows."""
    cutoff = (now - CONTENT_RETENTION).isoformat()
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE mod_actions SET content = NULL WHERE content IS NOT NULL AND created_at < ?",
            (cutoff,),
        )
        return cursor.rowcount


# --- warnings ---------------------------------------------------------------------------


async def active_warnings(db: Database, guild_id: int, user_id: int) -> list[tuple[datetime, str]]:
    """When each unlifted warning was given and for what (harassment, flooding,
    mass_mention); the domain decides which are in the window."""
    rows = await db.fetchall(
        "SELECT created_at, category FROM mod_warnings WHERE guild_id = ? AND user_id = ? "
        "AND lifted_at IS NULL ORDER BY id",
        (guild_id, user_id),
    )
    return [(datetime.fromisoformat(r[0]), str(r[1])) for r in rows]


async def lift_warnings(db: Database, guild_id: int, user_id: int, by: int, now: datetime) -> int:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE mod_warnings SET lifted_at = ?, lifted_by = ? "
            "WHERE guild_id = ? AND user_id = ? AND lifted_at IS NULL",
            (now.isoformat(), by, guild_id, user_id),
        )
        return cursor.rowcount


# --- per-server rule changes -------------------------------------------------------------


async def rule_changes(db: Database, guild_id: int) -> dict[str, list[str]]:
    """Every change for the server, by kind, in the order they were made."""
    rows = await db.fetchall(
        "SELECT kind, term FROM mod_rule_changes WHERE guild_id = ? ORDER BY added_at, term",
        (guild_id,),
    )
    found: dict[str, list[str]] = {kind: [] for kind in RULE_KINDS}
    for kind, term in rows:
        found[kind].append(term)
    return found


async def add_rule_change(
    db: Database, guild_id: int, kind: str, term: str, by: int, now: datetime
) -> bool:
    """False when the server already has it."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO mod_rule_changes (guild_id, kind, term, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (guild_id, kind, term, by, now.isoformat()),
        )
        return cursor.rowcount == 1


async def remove_rule_change(db: Database, guild_id: int, kind: str, term: str) -> bool:
    """False when the server did not have it."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "DELETE FROM mod_rule_changes WHERE guild_id = ? AND kind = ? AND term = ?",
            (guild_id, kind, term),
        )
        return cursor.rowcount == 1

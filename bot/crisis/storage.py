"""Crisis alerts, who acknowledged them, and the per-server / per-member safety settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class AlertRow:
    id: int
    user_id: int
    source: str
    channel_id: int | None
    message_id: int | None
    jump_url: str | None
    excerpt: str
    categories: str
    rule: str | None
    held: bool
    created_at: datetime
    alert_channel_id: int | None
    alert_message_id: int | None
    realerts: int
    next_alert_at: datetime | None
    acknowledged_by: int | None
    acknowledged_at: datetime | None


_COLUMNS = (
    "id, user_id, source, channel_id, message_id, jump_url, excerpt, categories, rule, held, "
    "created_at, alert_channel_id, alert_message_id, realerts, next_alert_at, "
    "acknowledged_by, acknowledged_at"
)


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _alert(row: Any) -> AlertRow:
    r = tuple(row)
    return AlertRow(
        id=r[0],
        user_id=r[1],
        source=r[2],
        channel_id=r[3],
        message_id=r[4],
        jump_url=r[5],
        excerpt=r[6],
        categories=r[7],
        rule=r[8],
        held=bool(r[9]),
        created_at=datetime.fromisoformat(r[10]),
        alert_channel_id=r[11],
        alert_message_id=r[12],
        realerts=r[13],
        next_alert_at=_when(r[14]),
        acknowledged_by=r[15],
        acknowledged_at=_when(r[16]),
    )


async def add_alert(
    db: Database,
    *,
    user_id: int,
    source: str,
    now: datetime,
    next_alert_at: datetime,
    channel_id: int | None = None,
    message_id: int | None = None,
    jump_url: str | None = None,
    excerpt: str = "",
    categories: str = "",
    rule: str | None = None,
    held: bool = False,
) -> int:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO crisis_alerts (user_id, source, channel_id, message_id, jump_url, "
            "excerpt, categories, rule, held, created_at, next_alert_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                user_id,
                source,
                channel_id,
                message_id,
                jump_url,
                excerpt,
                categories,
                rule,
                int(held),
                now.isoformat(),
                next_alert_at.isoformat(),
            ),
        )
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def get_alert(db: Database, alert_id: int) -> AlertRow | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM crisis_alerts WHERE id = ?", (alert_id,))
    return None if row is None else _alert(row)


async def set_alert_message(db: Database, alert_id: int, channel_id: int, message_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE crisis_alerts SET alert_channel_id = ?, alert_message_id = ? WHERE id = ?",
            (channel_id, message_id, alert_id),
        )


async def open_alerts(db: Database) -> list[AlertRow]:
    """Alerts nobody has acknowledged yet, oldest first (rebuilt into jobs at start)."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM crisis_alerts WHERE acknowledged_at IS NULL "
        "AND next_alert_at IS NOT NULL ORDER BY id"
    )
    return [_alert(r) for r in rows]


async def alert_ids_of(db: Database, user_id: int) -> list[int]:
    """Every alert about the member (their re-alert jobs carry these ids)."""
    rows = await db.fetchall("SELECT id FROM crisis_alerts WHERE user_id = ?", (user_id,))
    return [int(row[0]) for row in rows]


async def count_unacknowledged(db: Database, user_id: int) -> int:
    """Alerts about the member that no facilitator has answered yet."""
    return int(
        await db.fetchval(
            "SELECT COUNT(*) FROM crisis_alerts WHERE user_id = ? AND acknowledged_at IS NULL",
            (user_id,),
        )
    )


async def record_realert(db: Database, alert_id: int, count: int, next_at: datetime) -> bool:
    """Count re-alert number ``count`` and set the next one; False when it was counted
    already or the alert was acknowledged meanwhile (so it is never sent twice)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE crisis_alerts SET realerts = ?, next_alert_at = ? "
            "WHERE id = ? AND realerts = ? AND acknowledged_at IS NULL",
            (count, next_at.isoformat(), alert_id, count - 1),
        )
        return cursor.rowcount == 1


async def acknowledge(db: Database, alert_id: int, user_id: int, now: datetime) -> bool:
    """Record who is on it; False when someone acknowledged it first (the first one wins)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE crisis_alerts SET acknowledged_by = ?, acknowledged_at = ?, "
            "next_alert_at = NULL WHERE id = ? AND acknowledged_at IS NULL",
            (user_id, now.isoformat(), alert_id),
        )
        return cursor.rowcount == 1


# --- settings ------------------------------------------------------------------------


@dataclass(frozen=True)
class SafetySettings:
    region: str | None = None
    program_contact: str | None = None
    dry_run: bool = False


async def settings(db: Database, guild_id: int) -> SafetySettings:
    row = await db.fetchone(
        "SELECT region, program_contact, dry_run FROM safety_settings WHERE guild_id = ?",
        (guild_id,),
    )
    if row is None:
        return SafetySettings()
    return SafetySettings(region=row[0], program_contact=row[1], dry_run=bool(row[2]))


_SETTING_COLUMNS = frozenset({"region", "program_contact", "dry_run"})


async def set_setting(
    db: Database, guild_id: int, column: str, value: str | int | None, now: datetime
) -> None:
    if column not in _SETTING_COLUMNS:
        raise ValueError(f"not a safety setting: {column}")
    # The column name comes from the fixed set above, never from user input.
    async with db.transaction() as conn:
        await conn.execute(
            f"INSERT INTO safety_settings (guild_id, {column}, updated_at) VALUES (?, ?, ?) "
            f"ON CONFLICT(guild_id) DO UPDATE SET {column} = excluded.{column}, "
            "updated_at = excluded.updated_at",
            (guild_id, value, now.isoformat()),
        )


async def member_region(db: Database, user_id: int) -> str | None:
    value = await db.fetchval("SELECT region FROM crisis_regions WHERE user_id = ?", (user_id,))
    return None if value is None else str(value)


async def set_member_region(db: Database, user_id: int, region: str | None, now: datetime) -> None:
    """A member's own region; None goes back to the program's."""
    async with db.transaction() as conn:
        if region is None:
            await conn.execute("DELETE FROM crisis_regions WHERE user_id = ?", (user_id,))
            return
        await conn.execute(
            "INSERT INTO crisis_regions (user_id, region, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET region = excluded.region, "
            "updated_at = excluded.updated_at",
            (user_id, region, now.isoformat()),
        )

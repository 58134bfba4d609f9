"""Alerts to facilitators (crisis alerts and reach-out requests), the messages that went
into each, and the per-server / per-member safety settings.

One open alert per person: the unique index ``crisis_alerts_one_open`` allows a single
row per member whose ``closed_at`` is NULL, and ``record`` finds or opens it in one
``BEGIN IMMEDIATE`` transaction, so messages racing in from the same person land in
the same alert however they interleave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.kernel.db.connection import Database

CRISIS = "crisis"
REQUEST = "request"


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
    kind: str = CRISIS
    messages: int = 1
    last_message_at: datetime | None = None
    closed_by: int | None = None
    closed_at: datetime | None = None
    close_note: str | None = None

    @property
    def is_open(self) -> bool:
        """Nobody has pressed Done yet."""
        return self.closed_at is None

    @property
    def taken(self) -> bool:
        return self.acknowledged_at is not None and self.closed_at is None

    @property
    def latest(self) -> datetime:
        return self.last_message_at or self.created_at


_COLUMNS = (
    "id, user_id, source, channel_id, message_id, jump_url, excerpt, categories, rule, held, "
    "created_at, alert_channel_id, alert_message_id, realerts, next_alert_at, "
    "acknowledged_by, acknowledged_at, kind, messages, last_message_at, closed_by, "
    "closed_at, close_note"
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
        kind=r[17],
        messages=r[18],
        last_message_at=_when(r[19]),
        closed_by=r[20],
        closed_at=_when(r[21]),
        close_note=r[22],
    )


@dataclass(frozen=True)
class AlertMessage:
    at: datetime
    kind: str
    said: str  # how: "wrote words of crisis to the bot in a DM", "asked with /reach-out"
    excerpt: str
    jump_url: str | None


@dataclass(frozen=True)
class Incoming:
    """One message that should alert the facilitators."""

    user_id: int
    kind: str  # CRISIS or REQUEST
    source: str  # crisis_alerts.source: command, coping, peer, dm, checkin
    said: str
    excerpt: str = ""
    channel_id: int | None = None
    message_id: int | None = None
    jump_url: str | None = None
    categories: str = ""
    rule: str | None = None
    held: bool = False


@dataclass(frozen=True)
class Recorded:
    """What ``record`` did: opened an alert, or updated the person's open one."""

    alert: AlertRow
    created: bool
    upgraded: bool  # a reach-out request became a crisis alert
    reopened: bool  # a taken alert is unacknowledged again (a new crisis message)
    rescheduled: bool  # next_alert_at changed: the re-alert job must follow


async def record(db: Database, incoming: Incoming, now: datetime, due: datetime) -> Recorded:
    """Open an alert for the person, or update the one they have open.

    ``due`` is when the first repeat of an alert of this kind would fall. An update keeps
    the open alert's repeat clock, except that a crisis message brings the repeat of a
    reach-out request forward to ``due`` (at the latest), and puts a taken alert back in
    the unacknowledged state with its repeats resuming at ``due``: a crisis is never left
    with a facilitator who may not see it.
    """
    async with db.transaction() as conn:
        cursor = await conn.execute(
            f"SELECT {_COLUMNS} FROM crisis_alerts WHERE user_id = ? AND closed_at IS NULL",
            (incoming.user_id,),
        )
        found = await cursor.fetchone()
        created = upgraded = reopened = rescheduled = False
        if found is None:
            cursor = await conn.execute(
                "INSERT INTO crisis_alerts (user_id, source, channel_id, message_id, jump_url, "
                "excerpt, categories, rule, held, created_at, next_alert_at, kind, "
                "last_message_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    incoming.user_id, incoming.source, incoming.channel_id,
                    incoming.message_id, incoming.jump_url, incoming.excerpt,
                    incoming.categories, incoming.rule, int(incoming.held), now.isoformat(),
                    due.isoformat(), incoming.kind, now.isoformat(),
                ),
            )
            inserted = await cursor.fetchone()
            assert inserted is not None
            alert_id = int(inserted[0])
            created = rescheduled = True
        else:
            current = _alert(found)
            alert_id = current.id
            kind, next_at = current.kind, current.next_alert_at
            acknowledged_by, acknowledged_at = current.acknowledged_by, current.acknowledged_at
            if incoming.kind == CRISIS and current.kind == REQUEST:
                kind, upgraded = CRISIS, True
            if incoming.kind == CRISIS and current.taken:
                acknowledged_by = acknowledged_at = None
                next_at, reopened = due, True
            elif incoming.kind == CRISIS and (next_at is None or next_at > due):
                next_at = due
            rescheduled = next_at != current.next_alert_at
            crisis_detail = incoming.kind == CRISIS
            await conn.execute(
                "UPDATE crisis_alerts SET kind = ?, messages = messages + 1, "
                "last_message_at = ?, next_alert_at = ?, acknowledged_by = ?, "
                "acknowledged_at = ?, "
                "excerpt = CASE WHEN ? <> '' THEN ? ELSE excerpt END, "
                "jump_url = COALESCE(?, jump_url), "
                "categories = CASE WHEN ? AND ? <> '' THEN ? ELSE categories END, "
                "rule = CASE WHEN ? THEN COALESCE(?, rule) ELSE rule END, "
                "held = MAX(held, ?) WHERE id = ?",
                (
                    kind, now.isoformat(), next_at.isoformat() if next_at else None,
                    acknowledged_by,
                    acknowledged_at.isoformat() if acknowledged_at else None,
                    incoming.excerpt, incoming.excerpt, incoming.jump_url,
                    int(crisis_detail), incoming.categories, incoming.categories,
                    int(crisis_detail), incoming.rule, int(incoming.held), alert_id,
                ),
            )
        await conn.execute(
            "INSERT INTO crisis_alert_messages (alert_id, user_id, at, kind, said, excerpt, "
            "jump_url) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                alert_id, incoming.user_id, now.isoformat(), incoming.kind, incoming.said,
                incoming.excerpt, incoming.jump_url,
            ),
        )
        cursor = await conn.execute(
            f"SELECT {_COLUMNS} FROM crisis_alerts WHERE id = ?", (alert_id,)
        )
        row = await cursor.fetchone()
    assert row is not None
    return Recorded(_alert(row), created, upgraded, reopened, rescheduled)


async def messages_of(db: Database, alert_id: int) -> list[AlertMessage]:
    """What went into the alert, oldest first."""
    rows = await db.fetchall(
        "SELECT at, kind, said, excerpt, jump_url FROM crisis_alert_messages "
        "WHERE alert_id = ? ORDER BY id",
        (alert_id,),
    )
    return [AlertMessage(datetime.fromisoformat(r[0]), r[1], r[2], r[3], r[4]) for r in rows]


async def get_alert(db: Database, alert_id: int) -> AlertRow | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM crisis_alerts WHERE id = ?", (alert_id,))
    return None if row is None else _alert(row)


async def open_alert_of(db: Database, user_id: int) -> AlertRow | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM crisis_alerts WHERE user_id = ? AND closed_at IS NULL",
        (user_id,),
    )
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
        "AND closed_at IS NULL AND next_alert_at IS NOT NULL ORDER BY id"
    )
    return [_alert(r) for r in rows]


async def listing(db: Database, closed_since: datetime) -> list[AlertRow]:
    """Every alert not closed, and those closed since ``closed_since``; oldest first."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM crisis_alerts WHERE closed_at IS NULL OR closed_at >= ? "
        "ORDER BY id",
        (closed_since.isoformat(),),
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
            "SELECT COUNT(*) FROM crisis_alerts WHERE user_id = ? AND acknowledged_at IS NULL "
            "AND closed_at IS NULL",
            (user_id,),
        )
    )


async def record_realert(
    db: Database, alert_id: int, count: int, next_at: datetime, due: datetime
) -> bool:
    """Count re-alert number ``count`` (the one due at ``due``) and set the next one;
    False when it was counted already, the alert was acknowledged or closed meanwhile,
    or an update moved its clock (so it is never sent twice)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE crisis_alerts SET realerts = ?, next_alert_at = ? "
            "WHERE id = ? AND realerts = ? AND acknowledged_at IS NULL AND closed_at IS NULL "
            "AND next_alert_at = ?",
            (count, next_at.isoformat(), alert_id, count - 1, due.isoformat()),
        )
        return cursor.rowcount == 1


async def acknowledge(db: Database, alert_id: int, user_id: int, now: datetime) -> bool:
    """Record who is on it; False when someone acknowledged it first (the first one wins)
    or it was closed."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE crisis_alerts SET acknowledged_by = ?, acknowledged_at = ?, "
            "next_alert_at = NULL WHERE id = ? AND acknowledged_at IS NULL "
            "AND closed_at IS NULL",
            (user_id, now.isoformat(), alert_id),
        )
        return cursor.rowcount == 1


async def close(db: Database, alert_id: int, user_id: int, note: str, now: datetime) -> bool:
    """Done: close the alert with the facilitator's note; False when it was closed already.
    Whoever closes it without having pressed I'm on it is recorded as having taken it."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE crisis_alerts SET closed_by = ?, closed_at = ?, close_note = ?, "
            "next_alert_at = NULL, acknowledged_by = COALESCE(acknowledged_by, ?), "
            "acknowledged_at = COALESCE(acknowledged_at, ?) "
            "WHERE id = ? AND closed_at IS NULL",
            (user_id, now.isoformat(), note or None, user_id, now.isoformat(), alert_id),
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

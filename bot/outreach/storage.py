"""Outreach's tables: reach-out requests as participants made them, and the personal
safety plan (its sections, whether it is shared, who suggested writing one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.kernel.db.connection import Database

# ---- reach-out requests -------------------------------------------------------------------


async def add_request(
    db: Database, user_id: int, alert_id: int | None, source: str, note: str, now: datetime
) -> int:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO reach_out_requests (user_id, alert_id, source, note, created_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (user_id, alert_id, source, note, now.isoformat()),
        )
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def requests_of(db: Database, user_id: int) -> list[tuple[str, str, datetime]]:
    """(source, note, when) of each request the member made, oldest first."""
    rows = await db.fetchall(
        "SELECT source, note, created_at FROM reach_out_requests WHERE user_id = ? ORDER BY id",
        (user_id,),
    )
    return [(r[0], r[1], datetime.fromisoformat(r[2])) for r in rows]


# ---- the safety plan ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSettings:
    shared_at: datetime | None = None
    reminded_at: datetime | None = None
    reminded_by: int | None = None


async def sections(db: Database, user_id: int) -> dict[str, str]:
    rows = await db.fetchall(
        "SELECT section, text FROM safety_plan_sections WHERE user_id = ?", (user_id,)
    )
    return {str(r[0]): str(r[1]) for r in rows}


async def has_plan(db: Database, user_id: int) -> bool:
    value = await db.fetchval(
        "SELECT 1 FROM safety_plan_sections WHERE user_id = ? LIMIT 1", (user_id,)
    )
    return value is not None


async def save_section(
    db: Database, user_id: int, section: str, text: str | None, now: datetime
) -> None:
    """Keep ``text`` exactly as written; None removes the section."""
    async with db.transaction() as conn:
        if text is None:
            await conn.execute(
                "DELETE FROM safety_plan_sections WHERE user_id = ? AND section = ?",
                (user_id, section),
            )
            return
        await conn.execute(
            "INSERT INTO safety_plan_sections (user_id, section, text, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(user_id, section) DO UPDATE SET "
            "text = excluded.text, updated_at = excluded.updated_at",
            (user_id, section, text, now.isoformat()),
        )


async def plan_settings(db: Database, user_id: int) -> PlanSettings:
    row = await db.fetchone(
        "SELECT shared_at, reminded_at, reminded_by FROM safety_plan_settings WHERE user_id = ?",
        (user_id,),
    )
    if row is None:
        return PlanSettings()
    return PlanSettings(
        shared_at=datetime.fromisoformat(row[0]) if row[0] else None,
        reminded_at=datetime.fromisoformat(row[1]) if row[1] else None,
        reminded_by=row[2],
    )


async def set_shared(db: Database, user_id: int, shared_at: datetime | None) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO safety_plan_settings (user_id, shared_at) VALUES (?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET shared_at = excluded.shared_at",
            (user_id, shared_at.isoformat() if shared_at else None),
        )


async def set_reminded(db: Database, user_id: int, by: int, now: datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO safety_plan_settings (user_id, reminded_at, reminded_by) "
            "VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET "
            "reminded_at = excluded.reminded_at, reminded_by = excluded.reminded_by",
            (user_id, now.isoformat(), by),
        )

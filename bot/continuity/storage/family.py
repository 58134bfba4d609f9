"""Family members linked to a participant's family sessions, with recorded consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class Link:
    id: int
    participant: str
    family_user_id: int
    family_name: str
    status: str  # asked, active, declined, ended
    requested_by: int
    consent_at: datetime | None


_C = "id, participant, family_user_id, family_name, status, requested_by, consent_at"


def _link(row: Any) -> Link:
    lid, participant, uid, name, status, by, consent = row
    return Link(
        int(lid), participant, int(uid), name, status, int(by),
        datetime.fromisoformat(consent) if consent else None,
    )


async def ask(
    db: Database, participant: str, family_user_id: int, family_name: str, by: int,
    now: datetime,
) -> Link | None:
    """A facilitator's request; None when the same link is already asked or active."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO family_links (participant, family_user_id, family_name, status, "
            "requested_by, requested_at) VALUES (?, ?, ?, 'asked', ?, ?) "
            f"ON CONFLICT DO NOTHING RETURNING {_C}",
            (participant, family_user_id, family_name, by, now.isoformat()),
        )
        row = await cursor.fetchone()
    return None if row is None else _link(row)


async def get(db: Database, link_id: int) -> Link | None:
    row = await db.fetchone(f"SELECT {_C} FROM family_links WHERE id = ?", (link_id,))
    return None if row is None else _link(row)


async def decide(db: Database, link_id: int, agreed: bool, now: datetime) -> bool:
    """The participant's answer; False when the request was no longer open."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE family_links SET status = ?, consent_at = ? WHERE id = ? AND status = 'asked'",
            ("active" if agreed else "declined", now.isoformat() if agreed else None, link_id),
        )
        return cursor.rowcount == 1


async def end(db: Database, link_id: int, by: int, now: datetime) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE family_links SET status = 'ended', ended_by = ?, ended_at = ? "
            "WHERE id = ? AND status IN ('asked', 'active')",
            (by, now.isoformat(), link_id),
        )
        return cursor.rowcount == 1


async def open_for_participant(db: Database, participant: str) -> list[Link]:
    rows = await db.fetchall(
        f"SELECT {_C} FROM family_links WHERE participant = ? AND status IN ('asked', 'active') "
        "ORDER BY id",
        (participant,),
    )
    return [_link(r) for r in rows]


async def open_for_family(db: Database, family_user_id: int) -> list[Link]:
    rows = await db.fetchall(
        f"SELECT {_C} FROM family_links WHERE family_user_id = ? "
        "AND status IN ('asked', 'active') ORDER BY id",
        (family_user_id,),
    )
    return [_link(r) for r in rows]


async def active(db: Database) -> list[Link]:
    rows = await db.fetchall(f"SELECT {_C} FROM family_links WHERE status = 'active' ORDER BY id")
    return [_link(r) for r in rows]


# ---- data rights: a link is about both people, so it is in both exports -----------------


async def export_for(
    db: Database, keys: tuple[str, ...], user_ids: tuple[int, ...]
) -> list[dict[str, Any]]:
    key_marks = ", ".join("?" for _ in keys) or "NULL"
    uid_marks = ", ".join("?" for _ in user_ids) or "NULL"
    rows = await db.fetchall(
        f"SELECT * FROM family_links WHERE participant IN ({key_marks}) "
        f"OR family_user_id IN ({uid_marks}) ORDER BY id",
        (*keys, *user_ids),
    )
    return [{k: r[k] for k in r.keys()} for r in rows]


async def erase_for(
    conn: aiosqlite.Connection, keys: tuple[str, ...], user_ids: tuple[int, ...]
) -> int:
    key_marks = ", ".join("?" for _ in keys) or "NULL"
    uid_marks = ", ".join("?" for _ in user_ids) or "NULL"
    cursor = await conn.execute(
        f"DELETE FROM family_links WHERE participant IN ({key_marks}) "
        f"OR family_user_id IN ({uid_marks})",
        (*keys, *user_ids),
    )
    return max(int(cursor.rowcount), 0)

"""Delivery records: the guard that makes every owed message go out exactly once.

A send is *claimed* (status 'sending') before the request and *settled* after it. A
crash between the two leaves a claim, which the next run treats as not yet sent: at
most one more send, never none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import aiosqlite

from bot.kernel.db.connection import Database

SETTLED = ("sent", "late", "skipped", "failed")


async def settled_keys(db: Database, kind: str) -> set[str]:
    rows = await db.fetchall(
        "SELECT key FROM deliveries WHERE kind = ? AND status IN (?, ?, ?, ?)", (kind, *SETTLED)
    )
    return {row[0] for row in rows}


async def claimed_keys(db: Database, kind: str) -> set[str]:
    """Sends that were started and never settled (a crash or an error mid-send)."""
    rows = await db.fetchall(
        "SELECT key FROM deliveries WHERE kind = ? AND status = 'sending'", (kind,)
    )
    return {row[0] for row in rows}


async def is_settled(db: Database, key: str) -> bool:
    status = await db.fetchval("SELECT status FROM deliveries WHERE key = ?", (key,))
    return status in SETTLED


async def claim(
    db: Database, key: str, kind: str, user_id: int | None, due: datetime, now: datetime
) -> bool:
    """Claim a send; False when it was already settled (sent, skipped...)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO deliveries (key, kind, user_id, due_at, claimed_at, status) "
            "VALUES (?, ?, ?, ?, ?, 'sending') "
            "ON CONFLICT(key) DO UPDATE SET claimed_at = excluded.claimed_at, "
            "status = 'sending' WHERE deliveries.status IN ('pending', 'sending')",
            (key, kind, user_id, due.isoformat(), now.isoformat()),
        )
        return cursor.rowcount == 1


async def settle(
    db: Database,
    key: str,
    status: str,
    now: datetime,
    *,
    message_id: int | None = None,
    detail: str | None = None,
) -> None:
    if status not in SETTLED:
        raise ValueError(f"not a settled status: {status}")
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET status = ?, sent_at = ?, message_id = ?, detail = ? "
            "WHERE key = ?",
            (status, now.isoformat(), message_id, detail, key),
        )


async def record_skipped(
    db: Database, key: str, kind: str, user_id: int | None, due: datetime, now: datetime, why: str
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO deliveries (key, kind, user_id, due_at, sent_at, status, detail) "
            "VALUES (?, ?, ?, ?, ?, 'skipped', ?) ON CONFLICT(key) DO NOTHING",
            (key, kind, user_id, due.isoformat(), now.isoformat(), why),
        )


async def count_by_status(db: Database, kind: str) -> dict[str, int]:
    rows = await db.fetchall(
        "SELECT status, count(*) FROM deliveries WHERE kind = ? GROUP BY status", (kind,)
    )
    return {row[0]: row[1] for row in rows}


async def last_sent_at(db: Database, kind: str) -> str | None:
    value = await db.fetchval(
        "SELECT max(sent_at) FROM deliveries WHERE kind = ? AND status IN ('sent', 'late')",
        (kind,),
    )
    return None if value is None else str(value)


# ---- personal data (export and erasure, bot/kernel/personal_data.py) --------------------------


def _names(key: str, user_id: int | None, keys: tuple[str, ...], user_ids: tuple[int, ...]) -> bool:
    """A delivery names the person when it was addressed to them, or when its stable key
    carries their participant key (``welcome:<key>``, ``checkin:<key>:<day>``,
    ``reminder:<key>:...``): the same segments the services build their keys from."""
    if user_id is not None and user_id in user_ids:
        return True
    segments = key.split(":")
    return len(segments) > 1 and segments[1] in keys


async def naming(
    db: Database, keys: tuple[str, ...], user_ids: tuple[int, ...]
) -> list[dict[str, Any]]:
    """Every delivery record naming the person, oldest first."""
    rows = await db.fetchall("SELECT * FROM deliveries ORDER BY due_at, key")
    return [
        {k: row[k] for k in row.keys()}
        for row in rows
        if _names(row["key"], row["user_id"], keys, user_ids)
    ]


async def erase_naming(
    conn: aiosqlite.Connection, keys: tuple[str, ...], user_ids: tuple[int, ...]
) -> int:
    """Inside the caller's transaction; returns the records deleted."""
    async with conn.execute("SELECT key, user_id FROM deliveries") as cursor:
        found = [k for k, uid in await cursor.fetchall() if _names(k, uid, keys, user_ids)]
    for key in found:
        await conn.execute("DELETE FROM deliveries WHERE key = ?", (key,))
    return len(found)

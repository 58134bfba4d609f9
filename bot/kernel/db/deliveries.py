"""Delivery records: the guard that makes every owed message go out exactly once.

A send is *claimed* (status 'sending') before the request and *settled* after it. A
crash between the two leaves a claim, which the next run treats as not yet sent: at
most one more send, never none.
"""

from __future__ import annotations

from datetime import datetime

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

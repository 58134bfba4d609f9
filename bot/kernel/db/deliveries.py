"""Delivery records: the guard that makes every owed message go out exactly once, and
the state machine that keeps a failed send from being lost.

States: ``pending`` (owed), ``sending`` (claimed just before the request), then one of
``sent`` / ``late`` (Discord accepted it), ``retry`` (failed for a reason that may pass;
tried again at ``retry_at``), ``failed`` (given up, the reason in ``detail``: DMs closed,
not in the server, or no longer useful) and ``skipped`` (not owed after all).

A crash between claim and settle leaves a claim, which the next run treats as not yet
sent: at most one more send, never none (and the message's nonce lets Discord drop that
one too). A claim names the run that made it (``Database.run_id``), for diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.kernel.db.connection import Database

SETTLED = ("sent", "late", "skipped", "failed")
# What a planner leaves alone: settled, or waiting for its retry (the delivery desk,
# bot.kernel.delivery, owns those and sends them at their time).
HANDLED = (*SETTLED, "retry")


async def settled_keys(db: Database, kind: str, prefix: str | None = None) -> set[str]:
    """Keys a planner must not plan again: settled, or waiting for their retry; with
    ``prefix``, only the keys that start with it (one participant's, by the key index)."""
    marks = ", ".join("?" for _ in HANDLED)
    sql = f"SELECT key FROM deliveries WHERE kind = ? AND status IN ({marks})"
    params: tuple[str, ...] = (kind, *HANDLED)
    if prefix:
        # A range on the key (text compares by code point): the index finds it at once.
        sql += " AND key >= ? AND key < ?"
        params += (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1))
    rows = await db.fetchall(sql, params)
    return {row[0] for row in rows}


async def claimed_keys(db: Database, kind: str) -> set[str]:
    """Sends that were started and never settled (a crash or an error mid-send)."""
    rows = await db.fetchall(
        "SELECT key FROM deliveries WHERE kind = ? AND status = 'sending'", (kind,)
    )
    return {row[0] for row in rows}


async def is_settled(db: Database, key: str) -> bool:
    """True when settled or waiting for its retry (nothing for a planner to do)."""
    status = await db.fetchval("SELECT status FROM deliveries WHERE key = ?", (key,))
    return status in HANDLED


async def statuses(db: Database, kind: str) -> dict[str, str]:
    """The status of every delivery of ``kind``, by key (one read for a whole pass)."""
    rows = await db.fetchall("SELECT key, status FROM deliveries WHERE kind = ?", (kind,))
    return {row[0]: str(row[1]) for row in rows}


async def status_of(db: Database, key: str) -> str | None:
    value = await db.fetchval("SELECT status FROM deliveries WHERE key = ?", (key,))
    return None if value is None else str(value)


async def claim(
    db: Database,
    key: str,
    kind: str,
    user_id: int | None,
    due: datetime,
    now: datetime,
    *,
    useful_until: datetime | None = None,
) -> bool:
    """Claim a send; False when it was already settled. A claim that was never settled
    (a crash, or an error mid-send) may be claimed again; the delivery desk also keeps
    two sends of one key in this run from overlapping."""
    # One statement, so ``db.write`` (atomic on its own, one trip to the database).
    changed = await db.write(
        "INSERT INTO deliveries (key, kind, user_id, due_at, claimed_at, status, "
        "useful_until, claimed_by) VALUES (?, ?, ?, ?, ?, 'sending', ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET claimed_at = excluded.claimed_at, "
        "status = 'sending', claimed_by = excluded.claimed_by, "
        "useful_until = coalesce(excluded.useful_until, deliveries.useful_until), "
        "user_id = coalesce(deliveries.user_id, excluded.user_id) "
        "WHERE deliveries.status IN ('pending', 'sending', 'retry')",
        (
            key, kind, user_id, due.isoformat(), now.isoformat(),
            None if useful_until is None else useful_until.isoformat(), db.run_id,
        ),
    )
    return changed == 1


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
    await db.write(
        "UPDATE deliveries SET status = ?, sent_at = ?, message_id = ?, detail = ?, "
        "retry_at = NULL WHERE key = ?",
        (status, now.isoformat(), message_id, detail, key),
    )


async def note(db: Database, key: str, detail: str) -> None:
    """Keep a detail with a settled delivery (the daily skill keeps which skill it was)."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE deliveries SET detail = ? WHERE key = ?", (detail, key))


async def defer(db: Database, key: str, retry_at: datetime, why: str) -> int:
    """Failed for a reason that may pass: try again at ``retry_at``. Returns the number
    of failed attempts so far."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET status = 'retry', retry_at = ?, detail = ?, "
            "attempts = attempts + 1 WHERE key = ?",
            (retry_at.isoformat(), why, key),
        )
    return int(await db.fetchval("SELECT attempts FROM deliveries WHERE key = ?", (key,)) or 0)


async def attempts(db: Database, key: str) -> int:
    value = await db.fetchval("SELECT attempts FROM deliveries WHERE key = ?", (key,))
    return int(value or 0)


@dataclass(frozen=True)
class Waiting:
    """A delivery in 'retry' (or claimed by a run that was cut off)."""

    key: str
    kind: str
    user_id: int | None
    retry_at: datetime | None
    useful_until: datetime | None
    attempts: int


def _instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


_WAITING = (
    "SELECT key, kind, user_id, retry_at, useful_until, attempts FROM deliveries "
    "WHERE status = 'retry'"
)


def _waiting(r: Any) -> Waiting:
    return Waiting(r[0], r[1], r[2], _instant(r[3]), _instant(r[4]), int(r[5]))


async def waiting(db: Database) -> list[Waiting]:
    """Every delivery waiting for its retry, earliest first."""
    return [_waiting(r) for r in await db.fetchall(_WAITING + " ORDER BY retry_at, key")]


async def waiting_one(db: Database, key: str) -> Waiting | None:
    row = await db.fetchone(_WAITING + " AND key = ?", (key,))
    return None if row is None else _waiting(row)


@dataclass(frozen=True)
class Problem:
    """A delivery that did not (yet) reach its person or channel, for facilitators."""

    key: str
    kind: str
    user_id: int | None
    status: str  # retry or failed
    detail: str
    at: datetime | None
    attempts: int


async def problems(db: Database, since: datetime, limit: int = 50) -> list[Problem]:
    """Given up (since ``since``) or waiting for a retry: newest first."""
    rows = await db.fetchall(
        "SELECT key, kind, user_id, status, coalesce(detail, ''), "
        "coalesce(retry_at, sent_at, claimed_at, due_at), attempts FROM deliveries "
        "WHERE status = 'retry' OR (status = 'failed' AND coalesce(sent_at, due_at) >= ?) "
        "ORDER BY coalesce(sent_at, claimed_at, due_at) DESC LIMIT ?",
        (since.isoformat(), limit),
    )
    return [Problem(r[0], r[1], r[2], r[3], r[4], _instant(r[5]), int(r[6])) for r in rows]


_SKIP = (
    "INSERT INTO deliveries (key, kind, user_id, due_at, sent_at, status, detail) "
    "VALUES (?, ?, ?, ?, ?, 'skipped', ?) ON CONFLICT(key) DO NOTHING"
)


async def record_skipped(
    db: Database, key: str, kind: str, user_id: int | None, due: datetime, now: datetime, why: str
) -> None:
    await db.write(_SKIP, (key, kind, user_id, due.isoformat(), now.isoformat(), why))


@dataclass(frozen=True)
class Skip:
    """One delivery not owed after all (``record_skipped_many``)."""

    key: str
    kind: str
    user_id: int | None
    due: datetime
    why: str


async def record_skipped_many(db: Database, skips: list[Skip], now: datetime) -> None:
    """``record_skipped`` for each, in one transaction (a plan skips thousands at once)."""
    if not skips:
        return
    stamp = now.isoformat()
    rows = [(s.key, s.kind, s.user_id, s.due.isoformat(), stamp, s.why) for s in skips]
    async with db.transaction() as conn:
        await conn.executemany(_SKIP, rows)


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

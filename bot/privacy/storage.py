"""Consent answers, erasure records and reading the audit log (for /audit)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.kernel.db.connection import Database

AGREED = "agreed"
DECLINED = "declined"


@dataclass(frozen=True)
class Consent:
    user_id: int
    choice: str  # AGREED / DECLINED
    notice_version: int
    decided_at: datetime

    @property
    def agreed(self) -> bool:
        return self.choice == AGREED


async def get_consent(db: Database, user_id: int) -> Consent | None:
    row = await db.fetchone(
        "SELECT user_id, choice, notice_version, decided_at FROM consents WHERE user_id = ?",
        (user_id,),
    )
    if row is None:
        return None
    return Consent(row[0], row[1], row[2], datetime.fromisoformat(row[3]))


async def has_agreed(db: Database, user_id: int) -> bool:
    return (
        await db.fetchval(
            "SELECT 1 FROM consents WHERE user_id = ? AND choice = ?", (user_id, AGREED)
        )
        is not None
    )


async def set_consent(
    db: Database, user_id: int, choice: str, notice_version: int, now: datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO consents (user_id, choice, notice_version, decided_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET "
            "choice = excluded.choice, notice_version = excluded.notice_version, "
            "decided_at = excluded.decided_at",
            (user_id, choice, notice_version, now.isoformat()),
        )
        # Every answer is kept with its time, in the same transaction as the latest.
        await conn.execute(
            "INSERT INTO consent_history (user_id, choice, notice_version, decided_at) "
            "VALUES (?, ?, ?, ?)",
            (user_id, choice, notice_version, now.isoformat()),
        )


async def consent_history(db: Database, user_id: int) -> list[Consent]:
    """Every answer the member gave to the notice, oldest first."""
    rows = await db.fetchall(
        "SELECT user_id, choice, notice_version, decided_at FROM consent_history "
        "WHERE user_id = ? ORDER BY id",
        (user_id,),
    )
    return [Consent(r[0], r[1], r[2], datetime.fromisoformat(r[3])) for r in rows]


# ---- erasures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureRow:
    id: int
    at: datetime
    reason: str
    actor_id: int | None
    row_count: int
    summary: dict[str, int]


async def record_erasure(
    conn: aiosqlite.Connection,
    reason: str,
    actor_id: int | None,
    summary: dict[str, int],
    now: datetime,
) -> int:
    """Inside the erasure's own transaction, so the record and the deletion are one."""
    cursor = await conn.execute(
        "INSERT INTO erasures (at, reason, actor_id, row_count, summary) VALUES (?, ?, ?, ?, ?)",
        (now.isoformat(), reason, actor_id, sum(summary.values()), json.dumps(summary)),
    )
    return int(cursor.lastrowid or 0)


async def erasures(db: Database, limit: int = 50) -> list[ErasureRow]:
    rows = await db.fetchall(
        "SELECT id, at, reason, actor_id, row_count, summary FROM erasures "
        "ORDER BY id DESC LIMIT ?",
        (limit,),
    )
    return [
        ErasureRow(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4], json.loads(r[5]))
        for r in rows
    ]


# ---- the audit log (table from 0003; bot/kernel/db/audit.py writes report views) --------------


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor_id: int
    action: str
    subject: str


async def record_audit(
    conn: aiosqlite.Connection, actor_id: int, action: str, subject: str, now: datetime
) -> None:
    """Inside a caller's transaction (an audited erasure records itself atomically)."""
    await conn.execute(
        "INSERT INTO audit_log (at, actor_id, action, subject) VALUES (?, ?, ?, ?)",
        (now.isoformat(), actor_id, action, subject),
    )


async def audit_entries(
    db: Database, *, subject: str | None = None, actor_id: int | None = None, limit: int = 25
) -> list[AuditRow]:
    """The latest entries first, optionally about one subject or by one facilitator."""
    where: list[str] = []
    params: list[object] = []
    if subject is not None:
        where.append("subject = ?")
        params.append(subject)
    if actor_id is not None:
        where.append("actor_id = ?")
        params.append(actor_id)
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    rows = await db.fetchall(
        f"SELECT id, at, actor_id, action, subject FROM audit_log {clause}ORDER BY id DESC LIMIT ?",
        (*params, limit),
    )
    return [AuditRow(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4]) for r in rows]

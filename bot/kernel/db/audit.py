"""The audit log: who viewed whose data (check-in reports, RSVPs, attendance, medication
adherence), and when. Shared by every capability that shows a person's data to facilitators;
privacy's /audit reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor_id: int
    action: str
    subject: str


async def record(db: Database, actor_id: int, action: str, subject: str, now: datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO audit_log (at, actor_id, action, subject) VALUES (?, ?, ?, ?)",
            (now.isoformat(), actor_id, action, subject),
        )


async def entries_about(db: Database, subject: str) -> list[AuditEntry]:
    rows = await db.fetchall(
        "SELECT at, actor_id, action, subject FROM audit_log WHERE subject = ? ORDER BY id",
        (subject,),
    )
    return [AuditEntry(datetime.fromisoformat(a), b, c, d) for a, b, c, d in rows]

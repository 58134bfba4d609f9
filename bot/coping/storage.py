"""Coping-skill queries: feedback, what was shown lately, program skills, retirements."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from bot.coping.domain.coping import Feedback
from bot.coping.domain.library import PROGRAM_PREFIX, Skill, skill_from_entry, validate_entry
from bot.kernel.db.connection import Database

log = logging.getLogger(__name__)

DAILY_KIND = "coping_daily"


async def feedback_of(db: Database, participant: str) -> dict[str, Feedback]:
    rows = await db.fetchall(
        "SELECT skill_id, verdict FROM coping_feedback WHERE participant = ?", (participant,)
    )
    return {row["skill_id"]: Feedback(row["verdict"]) for row in rows}


async def set_feedback(
    db: Database, participant: str, skill_id: str, verdict: Feedback, now: datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO coping_feedback (participant, skill_id, verdict, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(participant, skill_id) "
            "DO UPDATE SET verdict = excluded.verdict, updated_at = excluded.updated_at",
            (participant, skill_id, verdict.value, now.isoformat()),
        )


async def record_shown(db: Database, participant: str, skill_id: str, now: datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO coping_shown (participant, skill_id, shown_at) VALUES (?, ?, ?) "
            "ON CONFLICT(participant, skill_id) DO UPDATE SET shown_at = excluded.shown_at",
            (participant, skill_id, now.isoformat()),
        )


async def shown_since(db: Database, participant: str, since: datetime) -> list[str]:
    """Skill ids shown to ``participant`` at or after ``since``, oldest first."""
    rows = await db.fetchall(
        "SELECT skill_id FROM coping_shown WHERE participant = ? AND shown_at >= ? "
        "ORDER BY shown_at, skill_id",
        (participant, since.isoformat()),
    )
    return [row[0] for row in rows]


async def add_program_skill(db: Database, skill: Skill, by: int | None, now: datetime) -> int:
    """Store a validated program skill; returns its number (the id is ``program:<n>``)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO coping_program_skills (title, steps, minutes, situations, source, "
            "summary, caution, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING number",
            (
                skill.title,
                json.dumps(list(skill.steps)),
                skill.minutes,
                json.dumps(list(skill.situations)),
                skill.source,
                skill.summary,
                skill.caution,
                by,
                now.isoformat(),
            ),
        )
        row = await cursor.fetchone()
        assert row is not None
        return int(row[0])


async def program_skills(db: Database) -> list[Skill]:
    """Every stored program skill; a row that no longer validates is logged and left out."""
    rows = await db.fetchall("SELECT * FROM coping_program_skills ORDER BY number")
    skills: list[Skill] = []
    for row in rows:
        entry = {
            "id": f"{PROGRAM_PREFIX}{row['number']}",
            "title": row["title"],
            "steps": json.loads(row["steps"]),
            "minutes": row["minutes"],
            "situations": json.loads(row["situations"]),
            "source": row["source"],
            "summary": row["summary"],
            "caution": row["caution"],
        }
        problems = validate_entry(entry, shipped=False)
        if problems:
            log.error("program skill %s left out: %s", entry["id"], "; ".join(problems))
            continue
        skills.append(skill_from_entry(entry))
    return skills


async def retire(db: Database, skill_id: str, by: int | None, now: datetime) -> bool:
    """Withdraw a skill; False if it was already retired."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO coping_retired (skill_id, retired_by, retired_at) VALUES (?, ?, ?) "
            "ON CONFLICT(skill_id) DO NOTHING",
            (skill_id, by, now.isoformat()),
        )
        return cursor.rowcount == 1


async def retired_ids(db: Database) -> set[str]:
    rows = await db.fetchall("SELECT skill_id FROM coping_retired")
    return {row[0] for row in rows}


async def recent_daily_skills(db: Database, limit: int) -> list[str]:
    """Skill ids of the last ``limit`` daily posts, oldest first (stored as the detail)."""
    rows = await db.fetchall(
        "SELECT detail FROM deliveries WHERE kind = ? AND status IN ('sent', 'late') "
        "AND detail IS NOT NULL ORDER BY due_at DESC LIMIT ?",
        (DAILY_KIND, limit),
    )
    return [row[0] for row in reversed(rows)]


async def export_participant(db: Database, participant: str) -> dict[str, object]:
    """Everything stored about one participant's coping skills (for a data export)."""
    feedback = await db.fetchall(
        "SELECT skill_id, verdict, updated_at FROM coping_feedback WHERE participant = ? "
        "ORDER BY updated_at",
        (participant,),
    )
    shown = await db.fetchall(
        "SELECT skill_id, shown_at FROM coping_shown WHERE participant = ? ORDER BY shown_at",
        (participant,),
    )
    return {
        "feedback": [dict(row) for row in feedback],
        "shown": [dict(row) for row in shown],
    }


async def delete_participant(db: Database, participant: str) -> int:
    """Forget one participant's coping data; returns how many rows went."""
    async with db.transaction() as conn:
        first = await conn.execute(
            "DELETE FROM coping_feedback WHERE participant = ?", (participant,)
        )
        second = await conn.execute(
            "DELETE FROM coping_shown WHERE participant = ?", (participant,)
        )
        return int(first.rowcount) + int(second.rowcount)

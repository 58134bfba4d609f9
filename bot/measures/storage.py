"""Questionnaires offered, answered and scored (table ``measure_responses``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.kernel.db.connection import Database

_COLUMNS = (
    "id, participant, instrument, week, day, reason, status, answers, score, band, scores, "
    "safety_alert, follows, completed_at"
)


@dataclass(frozen=True)
class Response:
    id: int
    participant: str
    instrument: str
    week: int | None
    day: date
    reason: str
    status: str  # "offered", "completed" or "skipped"
    answers: dict[str, int]
    score: int | None
    band: str | None
    scores: dict[str, int]
    safety_alert: int | None
    follows: int | None
    completed_at: datetime | None


def _row(row: Any) -> Response:
    r = tuple(row)
    return Response(
        id=r[0], participant=r[1], instrument=r[2], week=r[3], day=date.fromisoformat(r[4]),
        reason=r[5], status=r[6], answers=json.loads(r[7]), score=r[8], band=r[9],
        scores=json.loads(r[10]) if r[10] else {}, safety_alert=r[11], follows=r[12],
        completed_at=datetime.fromisoformat(r[13]) if r[13] else None,
    )  # fmt: skip


async def offer(
    db: Database,
    participant: str,
    instrument: str,
    week: int,
    day: date,
    reason: str,
    now: datetime,
    follows: int | None = None,
) -> int | None:
    """Record an offer; None when this instrument was already offered that week."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT OR IGNORE INTO measure_responses (participant, instrument, week, day, "
            "reason, status, follows, offered_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 'offered', ?, ?, ?)",
            (participant, instrument, week, day.isoformat(), reason, follows,
             now.isoformat(), now.isoformat()),
        )  # fmt: skip
        return cursor.lastrowid if cursor.rowcount else None


async def get(db: Database, response_id: int) -> Response | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM measure_responses WHERE id = ?", (response_id,)
    )
    return None if row is None else _row(row)


async def in_week(db: Database, participant: str, week: int) -> list[Response]:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM measure_responses WHERE participant = ? AND week = ? "
        "ORDER BY id",
        (participant, week),
    )
    return [_row(r) for r in rows]


async def for_participant(db: Database, participant: str) -> list[Response]:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM measure_responses WHERE participant = ? ORDER BY day, id",
        (participant,),
    )
    return [_row(r) for r in rows]


async def completed(db: Database) -> list[Response]:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM measure_responses WHERE status = 'completed' "
        "ORDER BY day, id"
    )
    return [_row(r) for r in rows]


async def save_answer(
    db: Database, response_id: int, item: str, value: int, now: datetime
) -> bool:
    """One answer into an open questionnaire; False when it is no longer open."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE measure_responses SET answers = json_set(answers, '$.' || ?, ?), "
            "updated_at = ? WHERE id = ? AND status = 'offered'",
            (item, value, now.isoformat(), response_id),
        )
        return cursor.rowcount > 0


async def complete(
    db: Database,
    response_id: int,
    score: int,
    band: str,
    scores: Mapping[str, int],
    now: datetime,
) -> bool:
    """Scored once: False when it was completed or skipped already (a double click)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE measure_responses SET status = 'completed', score = ?, band = ?, "
            "scores = ?, completed_at = ?, updated_at = ? WHERE id = ? AND status = 'offered'",
            (score, band, json.dumps(dict(scores)), now.isoformat(), now.isoformat(),
             response_id),
        )  # fmt: skip
        return cursor.rowcount > 0


async def skip(db: Database, response_id: int, now: datetime) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE measure_responses SET status = 'skipped', updated_at = ? "
            "WHERE id = ? AND status = 'offered'",
            (now.isoformat(), response_id),
        )
        return cursor.rowcount > 0


async def mark_safety_alert(db: Database, response_id: int, alert_id: int) -> bool:
    """Once per questionnaire: False when its safety item has raised an alert already."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE measure_responses SET safety_alert = ? "
            "WHERE id = ? AND safety_alert IS NULL",
            (alert_id, response_id),
        )
        return cursor.rowcount > 0


async def claim_safety(db: Database, response_id: int) -> bool:
    """Claim the safety alert before raising it (0 marks "being raised"), so two quick
    answers to the safety item raise one alert, not two."""
    return await mark_safety_alert(db, response_id, 0)

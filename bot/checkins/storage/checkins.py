"""Check-in rows, participants' check-in settings and facilitator flags.

Every write takes its own transaction; ``upsert_merged`` reads and writes inside one, so
two answers from the same participant arriving together cannot lose each other.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from bot.checkins.domain.checkin import DayCheckin, decode_answers, encode_answers
from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class StoredCheckin:
    participant: str
    checkin: DayCheckin
    finished_at: datetime | None

    @property
    def day(self) -> date:
        return self.checkin.day


def _stored(row: Any) -> StoredCheckin:
    participant, day, answers, first, updated, finished = row
    return StoredCheckin(
        participant,
        DayCheckin(
            day=date.fromisoformat(day),
            answers=decode_answers(json.loads(answers)),
            first_answered_at=datetime.fromisoformat(first),
            updated_at=datetime.fromisoformat(updated),
        ),
        datetime.fromisoformat(finished) if finished else None,
    )


_COLUMNS = "participant, day, answers, first_answered_at, updated_at, finished_at"


async def get(db: Database, participant: str, day: date) -> StoredCheckin | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM checkins WHERE participant = ? AND day = ?",
        (participant, day.isoformat()),
    )
    return None if row is None else _stored(row)


async def for_participant(db: Database, participant: str) -> list[StoredCheckin]:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM checkins WHERE participant = ? ORDER BY day", (participant,)
    )
    return [_stored(r) for r in rows]


async def on_day(db: Database, day: date) -> dict[str, StoredCheckin]:
    rows = await db.fetchall(f"SELECT {_COLUMNS} FROM checkins WHERE day = ?", (day.isoformat(),))
    return {r[0]: _stored(r) for r in rows}


async def days_by_participant(
    db: Database, since: date, participant: str | None = None
) -> dict[str, set[date]]:
    sql = "SELECT participant, day FROM checkins WHERE day >= ?"
    params: tuple[str, ...] = (since.isoformat(),)
    if participant is not None:
        sql += " AND participant = ?"
        params += (participant,)
    rows = await db.fetchall(sql, params)
    found: dict[str, set[date]] = {}
    for participant, day in rows:
        found.setdefault(participant, set()).add(date.fromisoformat(day))
    return found


# The delivery records of prompts (bot/checkins/prompts.py keys them
# ``checkin-prompt:<participant>:<local day>``). A prompt that was sent, sent late, failed
# at Discord (DMs closed) or claimed before a crash was a prompt the bot had the chance
# to send; "skipped" (too late after downtime, not linked, declined the notice) was not.
PROMPT_KIND = "checkin-prompt"


async def prompted_days(
    db: Database, since: date, participant: str | None = None
) -> dict[str, set[date]]:
    """The local days each participant (or the one given) was prompted for, from
    ``since`` on."""
    sql = "SELECT key FROM deliveries WHERE kind = ? AND status NOT IN ('pending', 'skipped')"
    params: tuple[str, ...] = (PROMPT_KIND,)
    if participant is not None:
        # The keys that start with the participant's own prefix, as a range on the key
        # (text compares by code point, ';' follows ':'): the key's index finds them,
        # where a LIKE would read every delivery record for each prompt.
        sql += " AND key >= ? AND key < ?"
        params += (f"{PROMPT_KIND}:{participant}:", f"{PROMPT_KIND}:{participant};")
    rows = await db.fetchall(sql, params)
    found: dict[str, set[date]] = {}
    for (key,) in rows:
        owner, _, day_text = key.removeprefix(f"{PROMPT_KIND}:").rpartition(":")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            continue
        if owner and day >= since and participant in (None, owner):
            found.setdefault(owner, set()).add(day)
    return found


async def upsert_merged(
    db: Database,
    participant: str,
    day: date,
    merge: Callable[[DayCheckin | None], DayCheckin],
    *,
    finished_at: datetime | None = None,
) -> DayCheckin:
    """Read the day's check-in, apply ``merge`` (which validates; if it raises, nothing is
    written) and store the result, all in one transaction."""
    async with db.transaction() as conn:
        async with conn.execute(
            f"SELECT {_COLUMNS} FROM checkins WHERE participant = ? AND day = ?",
            (participant, day.isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        existing = None if row is None else _stored(row).checkin
        merged = merge(existing)
        await conn.execute(
            "INSERT INTO checkins (participant, day, answers, first_answered_at, updated_at, "
            "finished_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(participant, day) DO UPDATE SET "
            "answers = excluded.answers, updated_at = excluded.updated_at, "
            "finished_at = COALESCE(excluded.finished_at, checkins.finished_at)",
            (
                participant,
                day.isoformat(),
                json.dumps(encode_answers(merged.answers), sort_keys=True),
                merged.first_answered_at.isoformat(),
                merged.updated_at.isoformat(),
                None if finished_at is None else finished_at.isoformat(),
            ),
        )
        return merged


async def mark_finished(db: Database, participant: str, day: date, now: datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE checkins SET finished_at = ? WHERE participant = ? AND day = ?",
            (now.isoformat(), participant, day.isoformat()),
        )


# ---- settings ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckinSettings:
    at: time | None = None  # None: the program's check-in time
    enabled: bool = True
    screen_weekday: int | None = None  # None: the weekday the participant started


async def all_settings(db: Database) -> dict[str, CheckinSettings]:
    rows = await db.fetchall(
        "SELECT participant, checkin_time, enabled, screen_weekday FROM checkin_settings"
    )
    return {
        p: CheckinSettings(time.fromisoformat(t) if t else None, bool(e), w) for p, t, e, w in rows
    }


async def get_settings(db: Database, participant: str) -> CheckinSettings:
    row = await db.fetchone(
        "SELECT checkin_time, enabled, screen_weekday FROM checkin_settings "
        "WHERE participant = ?",
        (participant,),
    )
    if row is None:
        return CheckinSettings()
    at, enabled, weekday = row
    return CheckinSettings(time.fromisoformat(at) if at else None, bool(enabled), weekday)


async def all_settings_for(db: Database, keys: Iterable[str]) -> dict[str, CheckinSettings]:
    wanted = set(keys)
    return {k: v for k, v in (await all_settings(db)).items() if k in wanted}


async def save_settings(db: Database, participant: str, settings: CheckinSettings) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO checkin_settings (participant, checkin_time, enabled, screen_weekday) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(participant) DO UPDATE SET "
            "checkin_time = excluded.checkin_time, enabled = excluded.enabled, "
            "screen_weekday = excluded.screen_weekday",
            (
                participant,
                None if settings.at is None else settings.at.strftime("%H:%M"),
                int(settings.enabled),
                settings.screen_weekday,
            ),
        )


# ---- flags ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    participant: str
    day: date
    kind: str
    detail: str
    at: datetime


async def add_flag(
    db: Database, participant: str, day: date, kind: str, detail: str, now: datetime
) -> bool:
    """Record a flag; False when the same kind was already flagged for that day (a second
    "Done" or a resubmitted screen does not alert facilitators twice)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO checkin_flags (participant, day, kind, detail, at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(participant, day, kind) DO UPDATE SET "
            "detail = excluded.detail WHERE checkin_flags.detail != excluded.detail",
            (participant, day.isoformat(), kind, detail, now.isoformat()),
        )
        return cursor.rowcount == 1


def _flag(row: Any) -> Flag:
    p, d, k, detail, at = row
    return Flag(p, date.fromisoformat(d), k, detail, datetime.fromisoformat(at))


async def flags_on(db: Database, day: date) -> list[Flag]:
    rows = await db.fetchall(
        "SELECT participant, day, kind, detail, at FROM checkin_flags WHERE day = ? ORDER BY id",
        (day.isoformat(),),
    )
    return [_flag(r) for r in rows]


async def flags_since(db: Database, since: datetime) -> list[Flag]:
    rows = await db.fetchall(
        "SELECT participant, day, kind, detail, at FROM checkin_flags WHERE at >= ? ORDER BY id",
        (since.isoformat(),),
    )
    return [_flag(r) for r in rows]


async def flags_for(db: Database, participant: str) -> list[Flag]:
    rows = await db.fetchall(
        "SELECT participant, day, kind, detail, at FROM checkin_flags WHERE participant = ? "
        "ORDER BY id",
        (participant,),
    )
    return [_flag(r) for r in rows]

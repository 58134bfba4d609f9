"""Attendance and RSVPs per occurrence, and the CSV export for a date range."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta

from bot.kernel.db.connection import Database
from bot.program.domain.occurrences import Occurrence, program_occurrences
from bot.program.domain.schedule import Program
from bot.program.storage import attendance

CSV_COLUMNS = (
    "date",
    "start_utc",
    "session",
    "title",
    "participant",
    "rsvp",
    "reason",
    "attendance",
)


def occurrences_between(program: Program, first: date, last: date) -> list[Occurrence]:
    zone = program.zone
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    return program_occurrences(program, start, end)


async def attendance_csv(db: Database, program: Program, first: date, last: date) -> str:
    found = occurrences_between(program, first, last)
    marked = {
        (occurrence, participant): status
        for occurrence, participant, status in await attendance.attendance_between(
            db, first.isoformat(), last.isoformat()
        )
    }
    rsvp_cache: dict[str, dict[str, tuple[str, str | None]]] = {}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for occurrence in found:
        if occurrence.key not in rsvp_cache:
            rsvp_cache[occurrence.key] = await attendance.rsvps_for(db, occurrence.key)
        rsvp, reason = rsvp_cache[occurrence.key].get(occurrence.participant, ("", None))
        who = program.participant(occurrence.participant)
        writer.writerow(
            (
                occurrence.local_start.date().isoformat(),
                occurrence.start.strftime("%Y-%m-%dT%H:%MZ"),
                occurrence.session_key,
                occurrence.title,
                who.display if who is not None else occurrence.participant,
                rsvp,
                reason or "",
                marked.get((occurrence.key, occurrence.participant), ""),
            )
        )
    return out.getvalue()

"""RSVPs and attendance per occurrence, and the CSV a facilitator exports."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.kernel.db.connection import Database
from bot.program.attendance import CSV_COLUMNS, attendance_csv
from bot.program.domain.program_file import parse_program
from bot.program.storage import attendance

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


@pytest.mark.asyncio
async def test_csv_has_every_occurrence_with_rsvp_and_attendance(db: Database) -> None:
    program = parse_program(DEMO.read_text())
    monday = "evening.process-group:2026-12-07"
    await attendance.set_rsvp(db, monday, "alex", "no", "Bus strike", NOW)
    await attendance.set_rsvp(db, monday, "sam", "yes", None, NOW)
    await attendance.set_rsvp(db, monday, "sam", "late", None, NOW)  # changed their mind
    await attendance.set_attendance(db, monday, "sam", "late", 7, NOW)
    await attendance.set_attendance(db, monday, "alex", "excused", 7, NOW)

    text = await attendance_csv(db, program, date(2026, 12, 7), date(2026, 12, 7))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    process = {r["participant"]: r for r in rows if r["session"] == "evening.process-group"}
    assert process["alex"]["rsvp"] == "no" and process["alex"]["reason"] == "Bus strike"
    assert process["alex"]["attendance"] == "excused"
    assert process["sam"]["rsvp"] == "late" and process["sam"]["attendance"] == "late"
    assert process["sam"]["start_utc"] == "2026-12-07T23:00Z"
    # Everyone expected that evening is listed, answered or not; jordan has no answer.
    assert process["jordan"]["rsvp"] == "" and process["jordan"]["attendance"] == ""


@pytest.mark.asyncio
async def test_unknown_statuses_are_refused_and_nothing_is_written(db: Database) -> None:
    with pytest.raises(ValueError):
        await attendance.set_rsvp(db, "x:2026-12-07", "alex", "maybe", None, NOW)
    with pytest.raises(ValueError):
        await attendance.set_attendance(db, "x:2026-12-07", "alex", "asleep", 7, NOW)
    assert await attendance.rsvps_for(db, "x:2026-12-07") == {}

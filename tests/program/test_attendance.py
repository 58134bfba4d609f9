"""RSVPs and attendance per occurrence, and the CSV a facilitator exports."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.kernel.db.connection import Database
from bot.program.attendance import (
    CSV_COLUMNS,
    AttendanceError,
    attendance_csv,
    check_mark,
    recent_rosters,
    roster,
    roster_by_token,
    roster_token,
    take,
)
from bot.program.domain.program_file import parse_program
from bot.program.domain.schedule import Program
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


# ---- any started session, the whole group at once, who marked it -------------------------

MONDAY = "evening.process-group:2026-12-07"  # 18:00 New York
THURSDAY_NIGHT = datetime(2026, 12, 11, 2, 30, tzinfo=UTC)  # Thursday 21:30 New York


def demo() -> Program:
    return parse_program(DEMO.read_text())


def test_a_roster_is_everyone_in_the_session_paused_or_not() -> None:
    # casey (Evening, from 14 December) is paused until 4 January: still on the roster.
    found = roster(demo(), "evening.process-group:2026-12-14")
    assert found is not None
    assert [p.display for p in found.participants] == ["alex", "casey", "jordan", "sam"]
    # New Year's Eve is cancelled in the file and Christmas Eve is a closure: no roster.
    assert roster(demo(), "evening.process-group:2026-12-31") is None
    assert roster(demo(), "evening.process-group:2026-12-24") is None
    assert roster(demo(), "evening.process-group:not-a-date") is None
    # Moved (29 → 30 December 12:00): found where it went, under its own key.
    moved = roster(demo(), "evening.life-skills:2026-12-29")
    assert moved is not None and moved.occurrence.local_start.day == 30


def test_recent_sessions_come_most_recent_first_then_the_coming_week() -> None:
    found = recent_rosters(demo(), THURSDAY_NIGHT)
    keys = [r.key for r in found]
    assert keys[:3] == [
        "evening.process-group:2026-12-10",
        "evening.process-group:2026-12-09",
        "evening.life-skills:2026-12-08",
    ]
    assert MONDAY in keys
    started = [r for r in found if r.occurrence.start <= THURSDAY_NIGHT]
    assert found[len(started)].occurrence.start > THURSDAY_NIGHT  # then the future, in order
    assert roster_by_token(demo(), roster_token(MONDAY)) == roster(demo(), MONDAY)


def test_only_excused_can_be_marked_before_a_session_and_only_for_its_members() -> None:
    program = demo()
    coming = roster(program, "evening.process-group:2026-12-14")
    alex, riley = program.participant("alex"), program.participant("riley")
    assert coming is not None and alex is not None and riley is not None
    with pytest.raises(AttendanceError, match="has not started yet"):
        check_mark(coming, alex, "present", THURSDAY_NIGHT)
    check_mark(coming, alex, "excused", THURSDAY_NIGHT)
    past = roster(program, MONDAY)
    assert past is not None
    check_mark(past, alex, "absent", THURSDAY_NIGHT)  # three days ago
    with pytest.raises(AttendanceError, match="is not in Process group"):
        check_mark(past, riley, "present", THURSDAY_NIGHT)  # the weekend track


@pytest.mark.asyncio
async def test_a_roster_marks_the_group_in_one_go_keeping_late_and_excused(db: Database) -> None:
    found = roster(demo(), MONDAY)
    assert found is not None
    everyone = [p.key for p in found.participants]  # alex, jordan, sam
    await attendance.set_attendance(db, MONDAY, "sam", "late", 7, NOW)
    await attendance.set_attendance(db, MONDAY, "jordan", "excused", 7, NOW)
    result = await take(db, found, ["alex", "sam"], everyone, 8, THURSDAY_NIGHT)
    assert (result.present, result.absent, result.excused) == (("alex", "sam"), (), ("jordan",))
    marks = await attendance.attendance_for(db, MONDAY)
    assert {k: m.status for k, m in marks.items()} == {
        "alex": "present", "sam": "late", "jordan": "excused",
    }  # fmt: skip
    # Picking again without sam: sam is absent now; the whole roster was one write each time.
    result = await take(db, found, ["alex"], everyone, 8, THURSDAY_NIGHT)
    assert result.absent == ("sam",)
    future = roster(demo(), "evening.process-group:2026-12-14")
    assert future is not None
    with pytest.raises(AttendanceError):
        await take(db, future, [], everyone, 8, THURSDAY_NIGHT)


@pytest.mark.asyncio
async def test_the_csv_shows_who_marked_and_when(db: Database) -> None:
    await attendance.set_attendance(db, MONDAY, "alex", "present", 7, THURSDAY_NIGHT)
    names = {7: "rivera"}
    text = await attendance_csv(
        db, demo(), date(2026, 12, 7), date(2026, 12, 7), lambda i: names.get(i, str(i))
    )
    rows = {
        r["participant"]: r
        for r in csv.DictReader(io.StringIO(text))
        if r["session"] == "evening.process-group"
    }
    assert rows["alex"]["marked_by"] == "rivera"
    assert rows["alex"]["marked_at"] == "2026-12-11T02:30Z"
    assert rows["sam"]["marked_by"] == "" and rows["sam"]["marked_at"] == ""

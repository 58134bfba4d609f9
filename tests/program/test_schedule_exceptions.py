"""Every kind of exception, on the demo program (Evening IOP, America/New_York)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.program.domain.occurrences import Occurrence, occurrences, upcoming
from bot.program.domain.program_file import parse_program
from bot.program.domain.schedule import Participant, Program

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"
WINTER = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2027, 6, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def demo() -> Program:
    return parse_program(DEMO.read_text(encoding="utf-8"))


def person(program: Program, name: str) -> Participant:
    found = program.participant(name)
    assert found is not None
    return found


def days_of(found: list[Occurrence], session_key: str) -> list[date]:
    return [o.scheduled_day for o in found if o.session_key == session_key]


def test_closure_removes_every_session_that_day(demo: Program) -> None:
    alex = occurrences(demo, person(demo, "alex"), *WINTER)
    assert date(2026, 12, 24) not in days_of(alex, "evening.process-group")  # a Thursday
    assert date(2026, 12, 23) in days_of(alex, "evening.process-group")
    sam = days_of(occurrences(demo, person(demo, "sam"), *WINTER), "sam.medication-check")
    assert date(2026, 12, 18) in sam and date(2027, 1, 8) in sam
    assert date(2026, 12, 25) not in sam and date(2027, 1, 1) not in sam


def test_cancelled_occurrence_is_gone_for_everyone_in_the_track(demo: Program) -> None:
    for name in ("alex", "sam", "jordan"):
        found = days_of(occurrences(demo, person(demo, name), *WINTER), "evening.process-group")
        assert date(2026, 12, 31) not in found
        assert date(2026, 12, 30) in found


def test_moved_occurrence_keeps_its_key_and_gets_new_reminders(demo: Program) -> None:
    alex = occurrences(demo, person(demo, "alex"), *WINTER)
    [moved] = [o for o in alex if o.key == "evening.life-skills:2026-12-29"]
    assert moved.start == datetime(2026, 12, 30, 17, 0, tzinfo=UTC)  # 12:00 EST
    assert moved.moved_from == datetime(2026, 12, 29, 23, 30, tzinfo=UTC)  # 18:30 EST
    assert moved.note == "Holiday week: daytime session"
    assert moved.delivery_key != moved.key
    assert [o for o in alex if o.start == datetime(2026, 12, 29, 23, 30, tzinfo=UTC)] == []


def test_paused_participant_has_nothing_until_the_pause_ends(demo: Program) -> None:
    casey = occurrences(demo, person(demo, "casey"), *WINTER)
    assert casey, "casey's program resumes after the pause"
    assert min(o.scheduled_day for o in casey) == date(2027, 1, 4)
    assert {o.session_key for o in casey if o.scheduled_day == date(2027, 1, 4)} == {
        "evening.process-group",
        "casey.family-session",
    }


def test_program_runs_from_start_for_its_weeks_and_then_ends(demo: Program) -> None:
    sam = person(demo, "sam")  # from Monday 2026-12-07 for 8 weeks
    found = occurrences(demo, sam, *WINTER)
    assert min(o.scheduled_day for o in found) == date(2026, 12, 7)
    assert max(o.scheduled_day for o in found) == date(2027, 1, 29)  # the last Friday
    assert sam.end == date(2027, 2, 1)


def test_personal_appointments_are_in_the_program_zone(demo: Program) -> None:
    riley = person(demo, "riley")  # lives in Sydney; psychiatry Thursdays 08:00 New York
    found = [o for o in occurrences(demo, riley, *WINTER) if o.personal]
    assert found[0].start == datetime(2027, 1, 7, 13, 0, tzinfo=UTC)
    assert {o.local_start.hour for o in found} == {8}
    assert all(o.session_key == "riley.psychiatry" for o in found)


def test_upcoming_shows_the_next_seven_days_only(demo: Program) -> None:
    now = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)  # a Monday
    week = upcoming(demo, person(demo, "alex"), now)
    assert [o.key for o in week] == [
        "evening.process-group:2027-01-11",
        "alex.individual-counseling:2027-01-12",
        "evening.life-skills:2027-01-12",
        "evening.process-group:2027-01-13",
        "evening.process-group:2027-01-14",
    ]
    assert all(now <= o.start < now + timedelta(days=7) for o in week)


def test_naive_window_is_refused(demo: Program) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        occurrences(demo, person(demo, "alex"), datetime(2027, 1, 1), WINTER[1])

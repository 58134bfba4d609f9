"""Program files are checked against the calendar and Discord's limits at load, with the
place of each problem: a far-future date or an over-long title used to pass and then
disable planners (OverflowError) or break every message that carries it (50035)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.program.domain.program_file import ProgramFileError, parse_program
from tests.builders import participant, program_file


def problems(text: str) -> list[str]:
    with pytest.raises(ProgramFileError) as raised:
        parse_program(text)
    return [str(p) for p in raised.value.problems]


def test_a_start_date_in_year_9999_is_refused_with_its_place() -> None:
    text = program_file(
        participant("alex", "America/Chicago", start=date(2026, 12, 7), weeks=4),
        participant("sam", "America/Chicago", start=date(9999, 12, 20), weeks=4),
    )
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith("participant[2].start: 9999-12-20 is outside the years")


def test_dates_far_from_the_programs_start_are_refused() -> None:
    text = program_file(
        participant("alex", "America/Chicago", start=date(2026, 12, 7), weeks=4),
        participant("sam", "America/Chicago", start=date(2062, 12, 7), weeks=4),
    )
    assert problems(text) == [
        "participant[2].start: 2062-12-07 is more than 5 years from the program's start "
        "(2026-12-07): a typo in the year?"
    ]


def test_a_session_title_too_long_for_a_reminder_is_refused() -> None:
    text = program_file(
        participant("alex", "America/Chicago", start=date(2026, 12, 7), weeks=4)
    ).replace('title = "Process group"', f'title = "{"x" * 260}"')
    assert problems(text) == [
        "track[1].session[1].title: is 260 characters long; at most 100 fit in the messages "
        "that show it"
    ]


def test_a_program_name_too_long_for_a_welcome_is_refused() -> None:
    text = program_file(
        participant("alex", "America/Chicago", start=date(2026, 12, 7), weeks=4),
        name="n" * 3000,
    )
    assert [p.split(":")[0] for p in problems(text)] == ["program.name"]


def test_a_cancellation_reason_is_limited_too() -> None:
    text = program_file(
        participant("alex", "America/Chicago", start=date(2026, 12, 7), weeks=4)
    ) + (
        '\n[[cancel]]\nsession = "evening.process-group"\ndate = 2026-12-09\n'
        f'reason = "{"r" * 400}"\n'
    )
    assert [p.split(":")[0] for p in problems(text)] == ["cancel[1].reason"]


def test_a_sane_program_still_loads() -> None:
    program = parse_program(
        program_file(participant("alex", "America/Chicago", start=date(2026, 12, 7), weeks=12))
    )
    assert program.participants[0].start == date(2026, 12, 7)

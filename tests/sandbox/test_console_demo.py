"""Where the console's clock starts: now, or the program's first day when that is later."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.program.domain.schedule import Participant, Program
from bot.sandbox.demo import first_day


def program(*starts: date) -> Program:
    people = tuple(
        Participant(name=f"p{i}", track=None, timezone="Europe/London", start=day, weeks=8)
        for i, day in enumerate(starts)
    )
    return Program(name="Evening IOP", timezone="America/New_York", participants=people)


def test_a_program_that_has_not_begun_starts_the_clock_on_its_first_morning() -> None:
    now = datetime(2026, 11, 26, 23, 58, tzinfo=UTC)
    start = first_day(program(date(2026, 12, 14), date(2026, 12, 7)), now)
    assert start == datetime(2026, 12, 7, 13, 0, tzinfo=UTC)  # 08:00 in New York


def test_one_early_starter_does_not_start_the_demo_before_everyone_else() -> None:
    now = datetime(2026, 11, 26, 23, 58, tzinfo=UTC)
    early = program(date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 7), date(2027, 1, 2))
    assert first_day(early, now) == datetime(2026, 12, 7, 13, 0, tzinfo=UTC)


def test_a_running_program_or_none_keeps_the_present() -> None:
    now = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
    assert first_day(program(date(2026, 12, 7)), now) == now
    assert first_day(program(), now) == now

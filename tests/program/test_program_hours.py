"""Program hours in the program file: office hours and days, answer time and the reach-out
repeat, validated with every problem named; when the program is open and opens next."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.program.domain.hours import DEFAULT_HOURS, ProgramHours
from bot.program.domain.program_file import ProgramFileError, export_program, parse_program

HEAD = '[program]\nname = "Day IOP"\ntimezone = "America/New_York"\n'
NEW_YORK = ZoneInfo("America/New_York")


def test_defaults_are_weekdays_nine_to_five_answered_within_a_working_day() -> None:
    hours = parse_program(HEAD).hours
    assert hours == DEFAULT_HOURS
    assert hours.describe() == "Monday to Friday, 09:00 to 17:00"
    assert hours.answer_time == "within a working day" and hours.repeat == timedelta(hours=1)


def test_hours_are_read_and_written_back() -> None:
    program = parse_program(
        HEAD + 'office_hours = "08:30-18:00"\noffice_days = ["sat", "mon"]\n'
        'answer_time = "the same day"\nreach_out_repeat = "2h"\n'
    )
    assert program.hours == ProgramHours(
        days=(0, 5), opens=time(8, 30), closes=time(18), answer_time="the same day",
        repeat=timedelta(hours=2),
    )
    assert parse_program(export_program(program)) == program


def test_every_problem_is_named() -> None:
    with pytest.raises(ProgramFileError) as caught:
        parse_program(
            HEAD + 'office_hours = "18:00-08:00"\noffice_days = ["mon", "funday"]\n'
            f'answer_time = "{"a" * 120}"\nreach_out_repeat = "5m"\n'
        )
    text = str(caught.value)
    assert "program.office_hours" in text and "open before it closes" in text
    assert 'program.office_days: unknown day "funday"' in text
    assert "program.answer_time" in text and "this one has 120" in text
    assert "program.reach_out_repeat" in text and '"10m"' in text


def test_open_during_hours_closed_at_night_weekends_and_closures() -> None:
    hours = DEFAULT_HOURS
    monday_noon = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)  # 12:00 in New York
    assert hours.is_open(monday_noon, NEW_YORK)
    assert not hours.is_open(monday_noon, NEW_YORK, closed={date(2026, 12, 7)})
    friday_evening = datetime(2026, 12, 11, 23, 0, tzinfo=UTC)  # 18:00 Friday
    opening = hours.next_opening(friday_evening, NEW_YORK)
    assert opening == datetime(2026, 12, 14, 9, 0, tzinfo=NEW_YORK)
    assert hours.next_opening(monday_noon, NEW_YORK) == monday_noon

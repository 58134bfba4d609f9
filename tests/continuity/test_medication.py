"""Dose times in the participant's zone, input checks and adherence counting."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.continuity.domain.medication import (
    Dose,
    MedicationInputError,
    adherence,
    answer_open,
    clean_label,
    next_dose,
    parse_dose_times,
)

LONDON = ZoneInfo("Europe/London")
CHICAGO = ZoneInfo("America/Chicago")


def test_times_are_parsed_sorted_and_deduplicated() -> None:
    assert parse_dose_times("20:00, 8:00 08.00") == (time(8, 0), time(20, 0))
    # As people write them: am/pm, with or without a space.
    assert parse_dose_times("8 am, 8pm") == (time(8, 0), time(20, 0))
    with pytest.raises(MedicationInputError, match="could be morning or evening"):
        parse_dose_times("8")
    with pytest.raises(MedicationInputError, match="not a time of day"):
        parse_dose_times("25:00")
    with pytest.raises(MedicationInputError, match="at least one"):
        parse_dose_times(" , ")


def test_a_label_is_one_plain_line_that_cannot_ping() -> None:
    assert clean_label("  Sertraline\n 50mg ") == "Sertraline 50mg"
    assert clean_label("   ") is None
    with pytest.raises(MedicationInputError):
        clean_label("@everyone")
    with pytest.raises(MedicationInputError):
        clean_label("x" * 61)


def test_the_next_dose_follows_the_local_wall_clock_over_the_fall_back() -> None:
    # London leaves summer time on Sunday 31 October 2027 at 02:00 local.
    day, instant = next_dose(datetime(2027, 10, 30, 12, 0, tzinfo=UTC), LONDON, time(9, 0))
    assert (day, instant) == (date(2027, 10, 31), datetime(2027, 10, 31, 9, 0, tzinfo=UTC))
    day, instant = next_dose(datetime(2027, 10, 29, 12, 0, tzinfo=UTC), LONDON, time(9, 0))
    assert instant == datetime(2027, 10, 30, 8, 0, tzinfo=UTC)
    # 01:30 happens twice that night: the first one (summer time) is meant.
    _, twice = next_dose(datetime(2027, 10, 30, 12, 0, tzinfo=UTC), LONDON, time(1, 30))
    assert twice == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_skipped_days_are_passed_over() -> None:
    after = datetime(2027, 3, 12, 12, 0, tzinfo=UTC)  # 06:00 in Chicago
    day, _ = next_dose(after, CHICAGO, time(8, 0), skip={date(2027, 3, 12)})
    assert day == date(2027, 3, 13)


def test_a_dose_can_be_answered_for_two_days_and_not_ahead() -> None:
    now = datetime(2027, 3, 15, 18, 0, tzinfo=UTC)
    assert answer_open(date(2027, 3, 13), now, CHICAGO)
    assert not answer_open(date(2027, 3, 12), now, CHICAGO)
    assert not answer_open(date(2027, 3, 16), now, CHICAGO)


def test_adherence_counts_the_seven_days_before_today() -> None:
    today = date(2027, 3, 20)
    doses = [
        Dose(1, date(2027, 3, 12), "taken"),  # eight days ago: outside
        Dose(1, date(2027, 3, 13), "taken"),
        Dose(1, date(2027, 3, 14), "skipped"),
        Dose(1, date(2027, 3, 15), "due"),
        Dose(1, date(2027, 3, 16), "snoozed"),
        Dose(1, date(2027, 3, 20), "due"),  # today is still open
    ]
    found = adherence(doses, today)
    assert (found.reminded, found.taken, found.skipped, found.unanswered) == (4, 1, 1, 2)
    assert found.missed == 3
    assert found.sentence() == "medication taken 1 of 4 times in the last 7 days (1 skipped)"

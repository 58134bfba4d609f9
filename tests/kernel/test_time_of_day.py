"""Times of day as people type them in commands (/checkin-time, /medication, /skills)."""

from datetime import time

import pytest

from bot.kernel.durations import parse_time_of_day


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("21:30", time(21, 30)), ("9:30", time(9, 30)), ("21.30", time(21, 30)),
        ("21h30", time(21, 30)), ("7pm", time(19, 0)), ("7 PM", time(19, 0)),
        ("7:30 p.m.", time(19, 30)), ("7 a.m.", time(7, 0)), ("12am", time(0, 0)),
        ("12pm", time(12, 0)), ("0:00", time(0, 0)),
    ],
)  # fmt: skip
def test_times_people_write_are_understood(typed: str, meant: time) -> None:
    assert parse_time_of_day(typed) == meant


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("7", "could be morning or evening"),
        ("13pm", "is not a time of day"),
        ("25:00", "is not a time of day (00:00 to 23:59)"),
        ("19:00pm", "is not a time of day"),
        ("half nine", "is not a time I understand"),
        ("", "is not a time I understand"),
    ],
)
def test_anything_else_gets_a_sentence_that_says_why(typed: str, says: str) -> None:
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_time_of_day(typed)

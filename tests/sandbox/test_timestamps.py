"""Discord timestamps in the transcript read as each reader's client shows them: every
style, in the reader's zone, across a change of daylight saving time, and relative to
the simulated clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.sandbox.timestamps import STYLES, format_timestamp, relative, render_timestamps

GROUP = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)  # 18:00 in New York, a Monday
UNIX = int(GROUP.timestamp())
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # 09:00 in New York: nine hours before
CHICAGO = ZoneInfo("America/Chicago")
SYDNEY = ZoneInfo("Australia/Sydney")


@pytest.mark.parametrize(
    ("style", "in_chicago", "in_sydney"),
    [
        ("t", "5:00 PM", "10:00 AM"),
        ("T", "5:00:00 PM", "10:00:00 AM"),
        ("d", "12/07/2026", "12/08/2026"),
        ("D", "December 7, 2026", "December 8, 2026"),
        ("f", "December 7, 2026 5:00 PM", "December 8, 2026 10:00 AM"),
        ("F", "Monday, December 7, 2026 5:00 PM", "Tuesday, December 8, 2026 10:00 AM"),
        ("s", "12/07/2026, 5:00 PM", "12/08/2026, 10:00 AM"),
        ("S", "12/07/2026, 5:00:00 PM", "12/08/2026, 10:00:00 AM"),
        ("R", "in 9 hours", "in 9 hours"),
    ],
)
def test_each_style_reads_as_the_client_shows_it_in_two_zones(
    style: str, in_chicago: str, in_sydney: str
) -> None:
    markup = f"<t:{UNIX}:{style}>"
    assert render_timestamps(markup, CHICAGO, NOW) == in_chicago
    assert render_timestamps(markup, SYDNEY, NOW) == in_sydney


def test_every_style_discord_has_is_covered() -> None:
    assert set(STYLES) == set("tTdDfFsSR")


def test_without_a_style_the_client_uses_the_short_date_and_time() -> None:
    assert render_timestamps(f"<t:{UNIX}>", CHICAGO, NOW) == "December 7, 2026 5:00 PM"


def test_a_weekly_session_keeps_its_wall_time_across_the_change_to_summer_time() -> None:
    # 18:00 in New York on the Friday before and the Monday after the US clocks change
    # (2027-03-14): the same wall time there, an hour apart for a reader in London,
    # whose clocks change two weeks later.
    new_york, london = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
    before = datetime(2027, 3, 12, 18, 0, tzinfo=new_york)
    after = datetime(2027, 3, 15, 18, 0, tzinfo=new_york)
    text = f"<t:{int(before.timestamp())}:F> and <t:{int(after.timestamp())}:F>"
    assert render_timestamps(text, new_york, NOW) == (
        "Friday, March 12, 2027 6:00 PM and Monday, March 15, 2027 6:00 PM"
    )
    assert render_timestamps(text, london, NOW) == (
        "Friday, March 12, 2027 11:00 PM and Monday, March 15, 2027 10:00 PM"
    )


def test_a_reminder_crossing_the_change_counts_real_hours() -> None:
    # 01:00 to 04:00 on the night US clocks spring forward is two hours, not three.
    zone = ZoneInfo("America/Chicago")
    now = datetime(2027, 3, 14, 1, 0, tzinfo=zone)
    later = datetime(2027, 3, 14, 4, 0, tzinfo=zone)
    assert relative(later, now) == "in 2 hours"
    assert format_timestamp(later, "t", zone, now) == "4:00 AM"


@pytest.mark.parametrize(
    ("delta", "said"),
    [
        (timedelta(seconds=30), "in a few seconds"),
        (timedelta(seconds=-60), "a minute ago"),
        (timedelta(minutes=20), "in 20 minutes"),
        (timedelta(minutes=50), "in an hour"),
        (timedelta(hours=-2, minutes=-30), "3 hours ago"),
        (timedelta(hours=30), "in a day"),
        (timedelta(days=-3), "3 days ago"),
        (timedelta(days=40), "in a month"),
        (timedelta(days=100), "in 3 months"),
        (timedelta(days=400), "in a year"),
        (timedelta(days=-800), "2 years ago"),
    ],
)
def test_relative_times_count_from_the_simulated_clock(delta: timedelta, said: str) -> None:
    assert relative(NOW + delta, NOW) == said


def test_other_markup_and_unreadable_timestamps_are_left_as_they_are() -> None:
    text = "**Process group** <@123> <t:99999999999999:F> <t:12:Q>"
    assert render_timestamps(text, CHICAGO, NOW) == text

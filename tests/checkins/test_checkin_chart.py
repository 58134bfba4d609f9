"""The progress chart has sensible axes for 1, 2, 7 and 90 days of check-ins, with days
written "Mon 7 Dec": each case is rendered to a PNG and the axis it drew is checked."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from bot.checkins.chart import chart_layout, png_text, render_chart
from bot.checkins.domain.checkin import ChartPoint

LAST = date(2026, 12, 7)  # a Monday
TICK = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$"
)


def points(days: int) -> list[ChartPoint]:
    return [
        ChartPoint(LAST - timedelta(days=k), 5 + k % 3, 2 + k % 4) for k in reversed(range(days))
    ]


@pytest.mark.parametrize(
    ("days", "first", "ticks"),
    [
        (1, LAST - timedelta(days=6), 7),  # one check-in: a week, not 2025 to 2029
        (2, LAST - timedelta(days=6), 7),
        (7, LAST - timedelta(days=6), 7),
        (90, LAST - timedelta(days=89), 7),  # weekly labels, every second week
    ],
)
def test_the_chart_axis_fits_the_days_it_shows(days: int, first: date, ticks: int) -> None:
    drawn = png_text(render_chart(points(days), "Your mood and craving"))
    assert drawn["Points"] == str(days)
    assert (drawn["XFirst"], drawn["XLast"]) == (first.isoformat(), LAST.isoformat())
    labels = drawn["Ticks"].split("|")
    assert all(TICK.match(label) for label in labels), labels
    assert len(labels) == ticks
    assert labels[-1] == "Mon 7 Dec"


def test_ninety_days_are_labelled_on_the_same_weekday() -> None:
    layout = chart_layout([p.day for p in points(90)])
    assert {d.weekday() for d in layout.ticks} == {LAST.weekday()}
    assert 2 <= len(layout.ticks) <= 12
    assert layout.ticks[-1] == LAST


def test_an_empty_chart_shows_the_week_before_today() -> None:
    drawn = png_text(render_chart([], "Your mood and craving", today=LAST))
    assert drawn["Points"] == "0"
    assert (drawn["XFirst"], drawn["XLast"]) == (
        (LAST - timedelta(days=6)).isoformat(),
        "2026-12-07",
    )
    assert drawn["Ticks"].split("|")[0] == "Tue 1 Dec"

"""Alumni milestones at 30/60/90 days and 6/12 months, at local time across DST; the
weekly check-in day; when a program's end graduates someone by itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.continuity.domain.alumni import (
    add_months,
    milestones,
    next_weekly_checkin,
    owed_milestones,
    should_auto_graduate,
)

CHICAGO = ZoneInfo("America/Chicago")
SYDNEY = ZoneInfo("Australia/Sydney")


def test_milestones_count_days_then_calendar_months_from_the_start() -> None:
    found = {m.key: m.day for m in milestones(date(2026, 12, 7))}
    assert found == {
        "30d": date(2027, 1, 6),
        "60d": date(2027, 2, 5),
        "90d": date(2027, 3, 7),
        "6m": date(2027, 6, 7),
        "12m": date(2027, 12, 7),
    }


def test_a_month_end_start_clamps_to_shorter_months() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)


def test_milestones_keep_their_local_time_across_daylight_saving_changes() -> None:
    # Started in Chicago's winter; the 90-day milestone falls after the spring change.
    by_key = {m.key: m for m in milestones(date(2026, 12, 7))}
    assert by_key["60d"].instant(CHICAGO) == datetime(2027, 2, 5, 16, 0, tzinfo=UTC)  # CST
    assert by_key["90d"].instant(CHICAGO) == datetime(2027, 3, 7, 16, 0, tzinfo=UTC)  # CST
    assert by_key["6m"].instant(CHICAGO) == datetime(2027, 6, 7, 15, 0, tzinfo=UTC)  # CDT
    # Sydney moves the other way (summer time ends in April).
    assert by_key["6m"].instant(SYDNEY) == datetime(2027, 6, 7, 0, 0, tzinfo=UTC)
    assert by_key["90d"].instant(SYDNEY) == datetime(2027, 3, 6, 23, 0, tzinfo=UTC)


def test_only_milestones_from_graduation_on_are_owed() -> None:
    owed = owed_milestones(date(2026, 12, 7), graduated_on=date(2027, 3, 1))
    assert [m.key for m in owed] == ["90d", "6m", "12m"]
    assert next(m.key for m in owed_milestones(date(2026, 12, 7), date(2027, 3, 7))) == "90d"


def test_weekly_checkins_fall_every_seventh_day_at_local_time() -> None:
    graduated = date(2027, 3, 1)  # a Monday
    after = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    day, instant = next_weekly_checkin(graduated, after, CHICAGO, time(20, 0))
    assert day == date(2027, 3, 8)
    assert instant == datetime(2027, 3, 9, 2, 0, tzinfo=UTC)  # 20:00 CST
    day, instant = next_weekly_checkin(graduated, instant, CHICAGO, time(20, 0))
    assert day == date(2027, 3, 15)
    assert instant == datetime(2027, 3, 16, 1, 0, tzinfo=UTC)  # 20:00 CDT


def test_a_program_end_graduates_only_while_it_is_recent() -> None:
    end = date(2027, 3, 1)
    assert not should_auto_graduate(end, date(2027, 2, 28))
    assert should_auto_graduate(end, date(2027, 3, 1))
    assert should_auto_graduate(end, date(2027, 3, 14))
    assert not should_auto_graduate(end, date(2027, 3, 15))

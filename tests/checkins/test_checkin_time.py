"""Check-ins in local time: which day an answer counts for, when the next prompt is due
(across both DST changes in three zones), missed-day nudges and streaks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.checkins.domain.checkin_questions import MissedPolicy
from bot.checkins.domain.checkin_time import (
    DayStatus,
    ParticipantDays,
    Pause,
    ProgramWindow,
    StalePromptError,
    checkin_day,
    current_streak,
    local_instant,
    longest_streak,
    missed_run,
    next_prompt_at,
)

LA = ZoneInfo("America/Los_Angeles")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
ZONES = [LA, LONDON, SYDNEY]

# 2026 transition days: (zone, spring-forward day, fall-back day), local dates.
TRANSITIONS = [
    (LA, date(2026, 3, 8), date(2026, 11, 1)),
    (LONDON, date(2026, 3, 29), date(2026, 10, 25)),
    (SYDNEY, date(2026, 10, 4), date(2026, 4, 5)),
]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


# --- which local day an answer counts for -------------------------------------------

@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_checkin_counts_for_the_local_day_either_side_of_midnight(zone: ZoneInfo) -> None:
    before = local(zone, 2026, 11, 27, 23, 59)
    after = local(zone, 2026, 11, 28, 0, 1)
    assert checkin_day(before, zone) == date(2026, 11, 27)
    assert checkin_day(after, zone) == date(2026, 11, 28)


def test_same_utc_instant_is_a_different_local_day_in_each_zone() -> None:
    instant = utc(2026, 11, 27, 10, 0)  # 02:00 in LA, 10:00 London, 21:00 Sydney
    assert checkin_day(instant, LA) == date(2026, 11, 27)
    assert checkin_day(utc(2026, 11, 27, 7, 0), LA) == date(2026, 11, 26)
    assert checkin_day(utc(2026, 11, 27, 13, 30), SYDNEY) == date(2026, 11, 28)


@pytest.mark.parametrize(("zone", "spring", "fall"), TRANSITIONS, ids=lambda v: str(v))
def test_local_day_follows_the_offset_change_at_dst(
    zone: ZoneInfo, spring: date, fall: date
) -> None:
    for change_day in (spring, fall):
        # Half an hour before and after local midnight at each end of the change day:
        # a fixed-offset calculation gets one of these four wrong.
        for day in (change_day, change_day + timedelta(days=1)):
            just_before = local_instant(day, time(0, 0), zone) - timedelta(minutes=30)
            just_after = local_instant(day, time(0, 30), zone)
            assert checkin_day(just_before, zone) == day - timedelta(days=1)
            assert checkin_day(just_after, zone) == day


def test_london_same_utc_clock_time_changes_local_day_across_the_autumn_change() -> None:
    # 23:30 UTC is 00:30 the next day in summer time but 23:30 the same day in winter.
    assert checkin_day(utc(2026, 10, 24, 23, 30), LONDON) == date(2026, 10, 25)
    assert checkin_day(utc(2026, 10, 25, 23, 30), LONDON) == date(2026, 10, 25)


@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_late_answer_to_yesterdays_prompt_counts_for_yesterday(zone: ZoneInfo) -> None:
    prompt_day = date(2026, 11, 27)
    after_midnight = local(zone, 2026, 11, 28, 0, 40)
    assert checkin_day(after_midnight, zone, prompt_day=prompt_day) == prompt_day
    next_evening = local(zone, 2026, 11, 28, 21, 0)
    assert checkin_day(next_evening, zone, prompt_day=prompt_day) == prompt_day
    assert checkin_day(next_evening, zone) == date(2026, 11, 28), "/checkin is for today"


def test_yesterdays_prompt_answered_over_a_dst_change_counts_for_yesterday() -> None:
    # Sydney's clocks go forward in the small hours of 4 October.
    answer = local(SYDNEY, 2026, 10, 4, 3, 15)
    assert checkin_day(answer, SYDNEY, prompt_day=date(2026, 10, 3)) == date(2026, 10, 3)


def test_a_prompt_from_last_week_is_stale_with_a_specific_message() -> None:
    now = local(LA, 2026, 11, 27, 20, 0)
    with pytest.raises(StalePromptError, match="Friday 20 November and can no longer"):
        checkin_day(now, LA, prompt_day=date(2026, 11, 20))
    with pytest.raises(StalePromptError):
        checkin_day(now, LA, prompt_day=date(2026, 11, 25))
    # A program that allows later answers can widen the window.
    assert checkin_day(now, LA, date(2026, 11, 25), late_answer_days=2) == date(2026, 11, 25)


def test_a_prompt_dated_ahead_counts_for_its_day_after_moving_west() -> None:
    # Prompted at 08:00 in Sydney on the 28th; now in Los Angeles it is still the 27th.
    now = local(SYDNEY, 2026, 11, 28, 8, 5).astimezone(LA)
    assert checkin_day(now, LA, prompt_day=date(2026, 11, 28)) == date(2026, 11, 28)
    with pytest.raises(StalePromptError, match="has not started yet"):
        checkin_day(now, LA, prompt_day=date(2026, 11, 30))


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        checkin_day(datetime(2026, 11, 27, 12), LA)


# --- the next prompt ----------------------------------------------------------------

OPEN = ProgramWindow(date(2026, 1, 1))


@pytest.mark.parametrize(("zone", "spring", "fall"), TRANSITIONS, ids=lambda v: str(v))
def test_evening_prompt_stays_at_local_time_across_both_changes(
    zone: ZoneInfo, spring: date, fall: date
) -> None:
    at = time(20, 0)
    for change_day, hours_between in ((spring, 23), (fall, 25)):
        # The prompt the evening before the change, then the one on the change day.
        eve = change_day - timedelta(days=1)
        start = local_instant(eve, time(12, 0), zone)
        found = next_prompt_at(start, zone, at, OPEN)
        assert found is not None
        first_day, first = found
        assert first_day == eve and first.astimezone(zone).time() == at
        following = next_prompt_at(first, zone, at, OPEN)
        assert following is not None
        second_day, second = following
        assert second_day == change_day and second.astimezone(zone).time() == at
        # Midnight-to-midnight spans the change, so the UTC gap is 23 or 25 hours.
        assert second - first == timedelta(hours=hours_between)


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected_utc", "expected_local"),
    [
        # Times skipped by spring-forward move forward by the gap.
        (LA, date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 10, 30), time(3, 30)),
        (LONDON, date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1, 30), time(2, 30)),
        (SYDNEY, date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 16, 30), time(3, 30)),
        # Times repeated by fall-back take their first occurrence (still summer time).
        (LA, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 8, 30), time(1, 30)),
        (LONDON, date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30), time(1, 30)),
        (SYDNEY, date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 15, 30), time(2, 30)),
    ],
)
def test_nonexistent_time_shifts_forward_and_ambiguous_time_takes_the_first(
    zone: ZoneInfo, day: date, at: time, expected_utc: datetime, expected_local: time
) -> None:
    found = next_prompt_at(local_instant(day, time(0, 0), zone), zone, at, OPEN)
    assert found == (day, expected_utc)
    assert expected_utc.astimezone(zone).time() == expected_local


@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_a_month_of_prompts_is_one_a_day_at_local_time(zone: ZoneInfo) -> None:
    # Walk prompt to prompt through March/April, which holds a change in every zone.
    at = time(19, 45)
    cursor = utc(2026, 3, 1)
    days = []
    for _ in range(45):
        found = next_prompt_at(cursor, zone, at, OPEN)
        assert found is not None
        day, cursor = found
        assert cursor.astimezone(zone).date() == day
        assert cursor.astimezone(zone).time() == at
        days.append(day)
    assert days == [days[0] + timedelta(days=i) for i in range(45)]


def test_prompt_after_its_time_today_moves_to_tomorrow() -> None:
    found = next_prompt_at(local(LONDON, 2026, 11, 27, 20, 0), LONDON, time(20, 0), OPEN)
    assert found == (date(2026, 11, 28), utc(2026, 11, 28, 20, 0))
    found = next_prompt_at(local(LONDON, 2026, 11, 27, 19, 59), LONDON, time(20, 0), OPEN)
    assert found == (date(2026, 11, 27), utc(2026, 11, 27, 20, 0))


def test_prompts_skip_paused_days_and_days_outside_the_program() -> None:
    window = ProgramWindow(date(2026, 12, 1), date(2026, 12, 10))
    at = time(20, 0)
    before_start = local(LA, 2026, 11, 20, 9, 0)
    assert next_prompt_at(before_start, LA, at, window) == (
        date(2026, 12, 1), local_instant(date(2026, 12, 1), at, LA),
    )
    pauses = [Pause(date(2026, 12, 3), date(2026, 12, 5))]
    after_second = local(LA, 2026, 12, 2, 21, 0)
    found = next_prompt_at(after_second, LA, at, window, pauses)
    assert found is not None and found[0] == date(2026, 12, 6)
    # Already checked in on the 6th through /checkin: no prompt that day.
    found = next_prompt_at(after_second, LA, at, window, pauses, skip_days={date(2026, 12, 6)})
    assert found is not None and found[0] == date(2026, 12, 7)
    last_evening = local(LA, 2026, 12, 10, 20, 0)
    assert next_prompt_at(last_evening, LA, at, window) is None, "the program has ended"
    until_resumed = [Pause(date(2026, 12, 4))]
    assert next_prompt_at(after_second, LA, at, window, until_resumed) == (
        date(2026, 12, 3), local_instant(date(2026, 12, 3), at, LA),
    )
    assert next_prompt_at(local(LA, 2026, 12, 3, 21, 0), LA, at, window, until_resumed) is None


# --- missed days and streaks --------------------------------------------------------

POLICY = MissedPolicy(nudge_after_days=2, digest_after_days=3)
WINDOW = ProgramWindow(date(2026, 11, 2), date(2026, 12, 20))
D = date(2026, 11, 20)


def days_back(*offsets: int) -> set[date]:
    return {D - timedelta(days=o) for o in offsets}


def prompted_daily(
    checked: set[date],
    window: ProgramWindow = WINDOW,
    pauses: tuple[Pause, ...] = (),
    until: date = D + timedelta(days=5),
    not_prompted: set[date] = frozenset(),  # type: ignore[assignment]
) -> ParticipantDays:
    """A participant the bot prompted every unpaused day of their program (but
    ``not_prompted``: downtime, prompts off)."""
    prompted = set()
    day = window.start
    while day <= min(until, window.end or until):
        if not any(p.covers(day) for p in pauses) and day not in not_prompted:
            prompted.add(day)
        day += timedelta(days=1)
    return ParticipantDays(window, frozenset(checked), frozenset(prompted), pauses)


@pytest.mark.parametrize(
    ("checked", "missed", "nudge", "digest"),
    [
        (days_back(1, 2, 3), 0, False, False),
        (days_back(2, 3), 1, False, False),
        (days_back(3, 4), 2, True, False),
        (days_back(4, 5), 3, True, True),
        (days_back(0, 5), 4, True, True),  # checking in today does not undo past misses
    ],
)
def test_missed_days_nudge_at_two_and_digest_at_three(
    checked: set[date], missed: int, nudge: bool, digest: bool
) -> None:
    run = missed_run(D, prompted_daily(checked), POLICY)
    assert (run.days, run.nudge, run.digest) == (missed, nudge, digest)


def test_missed_run_is_keyed_by_its_first_day_so_the_nudge_is_sent_once() -> None:
    days = prompted_daily(days_back(5))
    first = [missed_run(D + timedelta(days=k), days, POLICY) for k in range(3)]
    assert [r.days for r in first] == [4, 5, 6]
    assert {r.first_missed for r in first} == {D - timedelta(days=4)}


def test_paused_days_are_not_missed_and_do_not_break_the_run() -> None:
    pauses = (Pause(D - timedelta(days=5), D - timedelta(days=2)),)
    run = missed_run(D, prompted_daily(days_back(6), pauses=pauses), POLICY)
    assert run.days == 1 and not run.nudge


def test_days_the_bot_never_prompted_are_never_missed() -> None:
    # The bot first ran yesterday: the week before it is nobody's missed days.
    before = {D - timedelta(days=k) for k in range(2, 19)}
    run = missed_run(D, prompted_daily(set(), not_prompted=before), POLICY)
    assert (run.days, run.nudge) == (1, False)
    # A day of downtime neither counts nor breaks the run.
    down = prompted_daily(days_back(5), not_prompted=days_back(2))
    assert missed_run(D, down, POLICY).days == 3
    assert down.status(D - timedelta(days=2), D) is DayStatus.NOT_EXPECTED
    assert down.status(D - timedelta(days=1), D) is DayStatus.MISSED
    assert down.status(D, D) is DayStatus.NOT_YET
    # Prompts switched off: nothing is expected, however long.
    off = ParticipantDays(WINDOW, frozenset(), frozenset())
    assert missed_run(D, off, POLICY).days == 0
    assert off.missed_days(D) == 0


def test_days_before_the_program_or_after_it_are_never_missed() -> None:
    new = ProgramWindow(D - timedelta(days=1))
    assert missed_run(D, prompted_daily(set(), new), POLICY).days == 1
    assert missed_run(D, prompted_daily(set(), ProgramWindow(D)), POLICY).days == 0
    ended = ProgramWindow(date(2026, 11, 2), D - timedelta(days=10))
    run = missed_run(D, prompted_daily(days_back(12), ended), POLICY)
    assert (run.days, run.first_missed) == (2, D - timedelta(days=11))
    assert not run.nudge and not run.digest, "no nudge once the program is over"


def test_streak_counts_back_from_today_or_yesterday() -> None:
    checked = days_back(1, 2, 3, 5)
    assert current_streak(D, prompted_daily(checked)) == 3, "today is not over yet"
    assert current_streak(D, prompted_daily(checked | {D})) == 4
    assert current_streak(D + timedelta(days=1), prompted_daily(checked)) == 0
    assert current_streak(D, prompted_daily(set())) == 0


def test_streak_bridges_days_not_due_and_stops_at_program_start() -> None:
    checked = days_back(0, 1, 4, 5)
    pauses = (Pause(D - timedelta(days=3), D - timedelta(days=2)),)
    assert current_streak(D, prompted_daily(checked)) == 2
    assert current_streak(D, prompted_daily(checked, pauses=pauses)) == 4
    assert current_streak(D, prompted_daily(checked, not_prompted=days_back(2, 3))) == 4
    short = ProgramWindow(D - timedelta(days=1))
    assert current_streak(D, prompted_daily(checked, short)) == 2


def test_longest_streak_over_the_program() -> None:
    checked = days_back(0, 1, 3, 4, 5, 6, 9)
    assert longest_streak(D, prompted_daily(checked)) == 4
    pauses = (Pause(D - timedelta(days=2), D - timedelta(days=2)),)
    assert longest_streak(D, prompted_daily(checked, pauses=pauses)) == 6
    assert longest_streak(D, prompted_daily(set())) == 0

"""Occurrence instants across daylight-saving changes, checked by hand and by an oracle.

The hand-checked cases pin the documented choices: a wall time in the spring-forward
gap happens shifted forward by the gap; a wall time that repeats at fall-back happens
the first time; either way exactly once.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.program.domain.occurrences import occurrences
from bot.program.domain.schedule import OccurrenceChange, Participant, Program, Track, WeeklySession


def weekly_program(
    zone: str,
    wall: time,
    days: tuple[int, ...],
    *,
    start: date,
    weeks: int,
    participant_zone: str = "UTC",
    closed: tuple[date, ...] = (),
    changes: tuple[OccurrenceChange, ...] = (),
    paused_until: date | None = None,
) -> tuple[Program, Participant]:
    session = WeeklySession("t.s", "Session", "group", days, wall, 60)
    participant = Participant(
        name="alex",
        track="T",
        timezone=participant_zone,
        start=start,
        weeks=weeks,
        paused_until=paused_until,
    )
    program = Program(
        name="P",
        timezone=zone,
        closed=closed,
        tracks=(Track("T", (session,)),),
        participants=(participant,),
        changes=changes,
    )
    return program, participant


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def on_day(zone: str, wall: time, day: date) -> list[datetime]:
    """Every instant a daily session at ``wall`` gets on ``day`` (and its neighbours)."""
    program, participant = weekly_program(
        zone, wall, tuple(range(7)), start=day - timedelta(days=7), weeks=3
    )
    found = occurrences(program, participant, utc(2000, 1, 1), utc(2100, 1, 1))
    return [o.start for o in found if o.scheduled_day == day]


# zone, change day, wall time, expected UTC instant, shifted into the next hour?
CASES = [
    # New York springs forward 2027-03-14 02:00 EST -> 03:00 EDT: 02:30 does not exist.
    ("America/New_York", date(2027, 3, 14), time(2, 30), utc(2027, 3, 14, 7, 30), True),
    ("America/New_York", date(2027, 3, 14), time(18, 0), utc(2027, 3, 14, 22, 0), False),
    # ... and falls back 2027-11-07 02:00 EDT -> 01:00 EST: 01:30 happens twice.
    ("America/New_York", date(2027, 11, 7), time(1, 30), utc(2027, 11, 7, 5, 30), False),
    ("America/New_York", date(2027, 11, 7), time(18, 0), utc(2027, 11, 7, 23, 0), False),
    # London: 2027-03-28 01:00 GMT -> 02:00 BST; 2027-10-31 02:00 BST -> 01:00 GMT.
    ("Europe/London", date(2027, 3, 28), time(1, 30), utc(2027, 3, 28, 1, 30), True),
    ("Europe/London", date(2027, 10, 31), time(1, 30), utc(2027, 10, 31, 0, 30), False),
    # Sydney (southern hemisphere): 2027-04-04 03:00 AEDT -> 02:00 AEST (repeat);
    # 2027-10-03 02:00 AEST -> 03:00 AEDT (gap).
    ("Australia/Sydney", date(2027, 4, 4), time(2, 30), utc(2027, 4, 3, 15, 30), False),
    ("Australia/Sydney", date(2027, 10, 3), time(2, 30), utc(2027, 10, 2, 16, 30), True),
    ("Australia/Sydney", date(2027, 10, 3), time(9, 0), utc(2027, 10, 2, 22, 0), False),
]


@pytest.mark.parametrize(("zone", "day", "wall", "expected", "shifted"), CASES)
def test_session_on_a_change_day_happens_once_at_the_documented_instant(
    zone: str, day: date, wall: time, expected: datetime, shifted: bool
) -> None:
    assert on_day(zone, wall, day) == [expected]
    program, participant = weekly_program(zone, wall, (day.weekday(),), start=day, weeks=1)
    [occurrence] = occurrences(program, participant, utc(2000, 1, 1), utc(2100, 1, 1))
    assert occurrence.shifted is shifted
    if shifted:
        # Shifted like the wall clock: one hour later on the face of the clock.
        assert occurrence.local_start.time() == wall.replace(hour=wall.hour + 1)
    else:
        assert occurrence.local_start.time() == wall


@pytest.mark.parametrize(
    ("zone", "wall", "days"),
    [
        ("America/New_York", time(1, 30), (6,)),
        ("America/New_York", time(2, 30), (6,)),
        ("Europe/London", time(1, 30), (6,)),
        ("Australia/Sydney", time(2, 30), (6,)),
        ("America/New_York", time(18, 0), tuple(range(7))),
    ],
)
def test_a_year_of_weekly_sessions_has_one_occurrence_per_meeting_day(
    zone: str, wall: time, days: tuple[int, ...]
) -> None:
    start = date(2027, 1, 4)  # a Monday
    program, participant = weekly_program(zone, wall, days, start=start, weeks=52)
    found = occurrences(program, participant, utc(2026, 1, 1), utc(2029, 1, 1))
    expected_days = [
        start + timedelta(days=i)
        for i in range(52 * 7)
        if (start + timedelta(days=i)).weekday() in days
    ]
    assert [o.scheduled_day for o in found] == expected_days
    assert len({o.start for o in found}) == len(found)
    # Between two consecutive weekly occurrences lie 7 days, give or take the DST hour.
    if days == (6,):
        gaps = {b.start - a.start for a, b in itertools.pairwise(found)}
        assert gaps <= {timedelta(days=7, hours=h) for h in (-1, 0, 1)}


def test_participant_in_another_zone_is_reminded_of_the_same_instant() -> None:
    """A Chicago participant of a New York 18:00 session: 17:00 in Chicago, same instant."""
    monday = date(2027, 3, 8)
    ny_program, ny = weekly_program("America/New_York", time(18), (0, 2), start=monday, weeks=3)
    chi_program, chi = weekly_program(
        "America/New_York",
        time(18),
        (0, 2),
        start=monday,
        weeks=3,
        participant_zone="America/Chicago",
    )
    window = (utc(2027, 3, 1), utc(2027, 4, 1))
    in_ny = [o.start for o in occurrences(ny_program, ny, *window)]
    in_chicago = [o.start for o in occurrences(chi_program, chi, *window)]
    assert in_ny == in_chicago
    assert in_ny[0] == utc(2027, 3, 8, 23, 0)  # still EST in New York on Monday 8 March
    assert in_ny[0].astimezone(ZoneInfo("America/Chicago")).hour == 17
    # After New York's change on 14 March: 18:00 EDT.
    assert in_ny[2] == utc(2027, 3, 15, 22, 0)


# ---------------------------------------------------------------- the oracle ----------

ZONES = [
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "America/Chicago",
    "Australia/Lord_Howe",  # a half-hour change
    "America/Santiago",  # changes at midnight
    "Asia/Kolkata",  # no DST at all
]


def oracle_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """Brute force, using only UTC -> local conversion (never local -> UTC).

    Try every UTC offset the zone uses around that day; an offset fits when the
    instant it gives shows the wall time. Two fits: the earlier. No fit (a gap):
    the later candidate, which is the wall time pushed forward by the gap.
    """
    naive = datetime.combine(day, wall)
    as_utc = naive.replace(tzinfo=UTC)
    offsets = {
        (as_utc + timedelta(hours=h)).astimezone(zone).utcoffset() for h in range(-36, 37, 2)
    }
    candidates = {o: as_utc - o for o in offsets if o is not None}
    fits = [u for o, u in candidates.items() if u.astimezone(zone).utcoffset() == o]
    return min(fits) if fits else max(candidates.values())


# Change days and a wall time that falls in the gap or the repeated hour, so that
# hypothesis visits them often instead of by rare luck.
HOT = [
    ("America/New_York", date(2026, 3, 8), time(2, 30)),
    ("America/New_York", date(2026, 11, 1), time(1, 30)),
    ("America/Chicago", date(2027, 3, 14), time(2, 0)),
    ("America/Chicago", date(2027, 11, 7), time(1, 0)),
    ("Europe/London", date(2026, 3, 29), time(1, 0)),
    ("Europe/London", date(2026, 10, 25), time(1, 45)),
    ("Australia/Sydney", date(2026, 4, 5), time(2, 15)),
    ("Australia/Sydney", date(2026, 10, 4), time(2, 45)),
    ("Australia/Lord_Howe", date(2026, 4, 5), time(1, 45)),
    ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 15)),
]


@st.composite
def scenarios(draw: st.DrawFn) -> dict:
    hot_day: date | None = None
    if draw(st.booleans()):
        zone, hot_day, wall = draw(st.sampled_from(HOT))
        days = tuple(sorted(draw(st.sets(st.integers(0, 6))) | {hot_day.weekday()}))
        start = hot_day - timedelta(weeks=draw(st.integers(0, 3)))
        weeks = draw(st.integers((hot_day - start).days // 7 + 1, 30))
    else:
        zone = draw(st.sampled_from(ZONES))
        wall = draw(st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])))
        days = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1))))
        start = draw(st.dates(date(2026, 1, 1), date(2028, 12, 31)))
        weeks = draw(st.integers(1, 30))
    span = [start + timedelta(days=i) for i in range(weeks * 7)]
    closed = tuple(draw(st.lists(st.sampled_from(span), max_size=5)))
    cancelled = draw(st.lists(st.sampled_from(span), max_size=4, unique=True))
    moved_days = draw(st.lists(st.sampled_from(span), max_size=3, unique=True))
    moves = {}
    for day in moved_days:
        if day in cancelled:
            continue
        shift = draw(st.integers(-3, 3))
        new_wall = draw(st.builds(time, st.integers(0, 23), st.sampled_from([0, 30])))
        moves[day] = datetime.combine(day + timedelta(days=shift), new_wall)
    paused = draw(st.one_of(st.none(), st.sampled_from(span)))
    first_day = start + timedelta(days=draw(st.integers(-10, weeks * 7)))
    if hot_day is not None:
        first_day = min(first_day, hot_day - timedelta(days=1))
    window_start = datetime.combine(first_day, time(draw(st.integers(0, 23))), tzinfo=UTC)
    window_end = window_start + timedelta(hours=draw(st.integers(0, 24 * 220)))
    return dict(
        zone=zone, wall=wall, days=days, start=start, weeks=weeks, closed=closed,
        cancelled=cancelled, moves=moves, paused=paused, window=(window_start, window_end),
    )  # fmt: skip


def oracle(s: dict) -> dict[str, datetime]:
    zone = ZoneInfo(s["zone"])
    expected: dict[str, datetime] = {}
    for i in range(s["weeks"] * 7):
        day = s["start"] + timedelta(days=i)
        if day.weekday() not in s["days"] or day in s["cancelled"]:
            continue
        when = s["moves"].get(day, datetime.combine(day, s["wall"]))
        if when.date() in s["closed"]:
            continue
        if s["paused"] is not None and when.date() < s["paused"]:
            continue
        instant = oracle_instant(when.date(), when.time(), zone)
        if s["window"][0] <= instant < s["window"][1]:
            expected[f"t.s:{day.isoformat()}"] = instant
    return expected


def build(s: dict) -> tuple[Program, Participant]:
    changes = tuple(OccurrenceChange("t.s", d) for d in s["cancelled"]) + tuple(
        OccurrenceChange("t.s", d, moved_to=to) for d, to in s["moves"].items()
    )
    return weekly_program(
        s["zone"], s["wall"], s["days"], start=s["start"], weeks=s["weeks"],
        closed=s["closed"], changes=changes, paused_until=s["paused"],
    )  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_expansion_matches_the_brute_force_oracle(s: dict) -> None:
    program, participant = build(s)
    found = occurrences(program, participant, *s["window"])
    assert {o.key: o.start for o in found} == oracle(s)
    assert len({o.key for o in found}) == len(found), "an occurrence was emitted twice"
    assert [o.start for o in found] == sorted(o.start for o in found)


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.integers(0, 24 * 220))
def test_adjacent_windows_never_share_or_lose_an_occurrence(s: dict, cut_hours: int) -> None:
    program, participant = build(s)
    first, last = s["window"]
    cut = min(first + timedelta(hours=cut_hours), last)
    whole = occurrences(program, participant, first, last)
    parts = occurrences(program, participant, first, cut) + occurrences(
        program, participant, cut, last
    )
    assert parts == whole

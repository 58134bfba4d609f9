"""When the program's people answer: office hours, how soon someone usually replies to a
reach-out request, and how often an unanswered request is repeated to facilitators.

Set in the program file's ``[program]`` table (``office_hours``, ``office_days``,
``answer_time``, ``reach_out_repeat``); the defaults suit a weekday program. Pure: the
instant is always an argument.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_DAYS = (0, 1, 2, 3, 4)
DEFAULT_OPENS = time(9, 0)
DEFAULT_CLOSES = time(17, 0)
DEFAULT_ANSWER_TIME = "within a working day"
DEFAULT_REPEAT = timedelta(minutes=60)
MIN_REPEAT = timedelta(minutes=10)
MAX_REPEAT = timedelta(hours=24)
ANSWER_TIME_CHARS = 100
# How far ahead to look for the next opening (a program closed for a long holiday).
_SEARCH_DAYS = 60


@dataclass(frozen=True)
class ProgramHours:
    days: tuple[int, ...] = DEFAULT_DAYS  # date.weekday() numbers
    opens: time = DEFAULT_OPENS  # wall time in the program's zone
    closes: time = DEFAULT_CLOSES
    answer_time: str = DEFAULT_ANSWER_TIME  # "Someone usually answers <answer_time>."
    repeat: timedelta = DEFAULT_REPEAT  # an unanswered request is posted again this often

    def is_open(self, instant: datetime, zone: ZoneInfo, closed: Collection[date] = ()) -> bool:
        local = instant.astimezone(zone)
        if local.weekday() not in self.days or local.date() in closed:
            return False
        return self.opens <= local.time().replace(tzinfo=None) < self.closes

    def next_opening(
        self, instant: datetime, zone: ZoneInfo, closed: Collection[date] = ()
    ) -> datetime | None:
        """The first instant at or after ``instant`` when the program is open (itself
        when it is open now); None when no opening falls in the next two months."""
        if self.is_open(instant, zone, closed):
            return instant
        local_day = instant.astimezone(zone).date()
        for offset in range(_SEARCH_DAYS):
            day = local_day + timedelta(days=offset)
            if day.weekday() not in self.days or day in closed:
                continue
            opening = datetime.combine(day, self.opens, tzinfo=zone)
            if opening >= instant:
                return opening
        return None

    def due_within_hours(
        self, after: datetime, zone: ZoneInfo, closed: Collection[date] = ()
    ) -> datetime:
        """``after`` if the program is open then, else the next opening (``after`` itself
        when there is none in sight, so a request is never left without a repeat)."""
        return self.next_opening(after, zone, closed) or after

    def describe(self) -> str:
        """'Monday to Friday, 09:00 to 17:00' (the program's own zone)."""
        return f"{describe_days(self.days)}, {self.opens:%H:%M} to {self.closes:%H:%M}"


def describe_days(days: tuple[int, ...]) -> str:
    ordered = sorted(days)
    if len(ordered) == 7:
        return "every day"
    contiguous = ordered == list(range(ordered[0], ordered[-1] + 1))
    if len(ordered) >= 3 and contiguous:
        return f"{WEEKDAY_NAMES[ordered[0]]} to {WEEKDAY_NAMES[ordered[-1]]}"
    names = [WEEKDAY_NAMES[d] for d in ordered]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def parse_office_hours(text: str) -> tuple[time, time]:
    """'09:00-17:00' -> (09:00, 17:00); ValueError with a reason otherwise."""
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2:
        raise ValueError(f'"{text}" is not a range like "09:00-17:00"')
    try:
        opens, closes = (time.fromisoformat(p.strip()) for p in parts)
    except ValueError:
        raise ValueError(f'"{text}" is not a range like "09:00-17:00"') from None
    if opens >= closes:
        raise ValueError(f'"{text}": the program must open before it closes')
    return opens, closes


DEFAULT_HOURS = ProgramHours()

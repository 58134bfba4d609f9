"""The alumni track in the participant's own time: milestones and weekly check-ins.

Milestones count from the day a participant *started* the program: 30, 60 and 90 days,
then 6 and 12 calendar months (a start on 31 August has its 6-month milestone on the
last day of February). Each is sent at a fixed local wall time, so a daylight-saving
change between the start and the milestone does not move it by an hour.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.kernel.timezones import local_instant

MILESTONE_AT = time(10, 0)
# A program that ended longer ago than this does not graduate anyone by itself: a
# "congratulations" weeks late would be stale (a facilitator can still graduate them).
AUTO_GRADUATE_WITHIN = timedelta(days=14)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Milestone:
    key: str  # stable: part of job ids and delivery keys
    label: str  # "30 days", "6 months"
    day: date  # participant-local

    def instant(self, zone: ZoneInfo) -> datetime:
        return local_instant(self.day, MILESTONE_AT, zone)


def milestones(start: date) -> tuple[Milestone, ...]:
    return (
        Milestone("30d", "30 days", start + timedelta(days=30)),
        Milestone("60d", "60 days", start + timedelta(days=60)),
        Milestone("90d", "90 days", start + timedelta(days=90)),
        Milestone("6m", "6 months", add_months(start, 6)),
        Milestone("12m", "12 months", add_months(start, 12)),
    )


def owed_milestones(start: date, graduated_on: date) -> tuple[Milestone, ...]:
    """Milestones on or after graduation: earlier ones passed while in the program
    (where the daily check-ins and the group mark them) and are not sent late."""
    return tuple(m for m in milestones(start) if m.day >= graduated_on)


def next_weekly_checkin(
    graduated_on: date, after: datetime, zone: ZoneInfo, at: time
) -> tuple[date, datetime]:
    """The next weekly check-in strictly after ``after``: every 7 days from graduation,
    at ``at`` local time (the participant's check-in time)."""
    day = graduated_on + timedelta(days=7)
    while True:
        instant = local_instant(day, at, zone)
        if instant > after:
            return day, instant
        day += timedelta(days=7)


def should_auto_graduate(end: date, today: date) -> bool:
    """``end`` is the first day after the participant's program (exclusive)."""
    return end <= today and today - end < AUTO_GRADUATE_WITHIN

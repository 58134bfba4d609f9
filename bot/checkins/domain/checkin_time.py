"""Check-ins in the participant's own time: local days, prompts, missed days, streaks.

Every function takes ``now`` (or a local ``today``) and the participant's IANA zone; a
"day" is always a local calendar date in that zone. A participant's program runs over
a ``ProgramWindow`` and may be paused (``Pause``); paused days are not expected, so
they are neither prompted, nor missed, nor do they break a streak.
"""

from __future__ import annotations

import logging
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.checkins.domain.checkin_questions import MissedPolicy
from bot.kernel.timezones import local_day, local_instant

log = logging.getLogger(__name__)

# Without a program end date, look this far ahead for a prompt before giving up.
SEARCH_HORIZON_DAYS = 800
_ONE_DAY = timedelta(days=1)


class StalePromptError(ValueError):
    """An answer to a prompt too old (or too far ahead) to count; the message is for
    the participant."""


@dataclass(frozen=True)
class ProgramWindow:
    """The local days a participant is in the program: ``start`` to ``end`` inclusive
    (``end`` None while open-ended)."""

    start: date
    end: date | None = None

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Pause:
    """Local days ``start`` to ``end`` inclusive; ``end`` None means until resumed."""

    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def _aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")


def checkin_day(
    now: datetime,
    zone: ZoneInfo,
    prompt_day: date | None = None,
    late_answer_days: int = 1,
) -> date:
    """The local day an answer counts for.

    ``/checkin`` (no prompt) counts for today. An answer to a prompt counts for the
    prompt's day, so last night's prompt answered after midnight still fills last
    night's day; a prompt older than ``late_answer_days`` is stale. A prompt dated up to
    one day *ahead* of today happens only when the participant moved west after it
    was sent, and still counts for its own day.
    """
    today = local_day(now, zone)
    if prompt_day is None:
        return today
    if today - prompt_day > timedelta(days=late_answer_days):
        raise StalePromptError(
            f"This check-in was for {prompt_day:%A %d %B} and can no longer be answered. "
            "Use /checkin to answer for today."
        )
    if prompt_day - today > _ONE_DAY:
        raise StalePromptError(
            f"This check-in is for {prompt_day:%A %d %B}, which has not started yet "
            "where you are. Use /checkin to answer for today."
        )
    return prompt_day


def next_prompt_at(
    after: datetime,
    zone: ZoneInfo,
    at: time,
    window: ProgramWindow,
    pauses: Iterable[Pause] = (),
    skip_days: Container[date] = frozenset(),
) -> tuple[date, datetime] | None:
    """The next daily prompt strictly after ``after``: (its local day, its UTC instant).

    Days outside the program, paused days and ``skip_days`` (e.g. days already checked
    in through ``/checkin``) get no prompt. None when no prompt is left: the program
    ended, or an open-ended pause has begun.
    """
    _aware(after)
    pauses = tuple(pauses)
    day = max(local_day(after, zone), window.start)
    last = window.end or day + timedelta(days=SEARCH_HORIZON_DAYS)
    while day <= last:
        pause = next((p for p in pauses if p.covers(day)), None)
        if pause is not None:
            if pause.end is None:
                return None
            day = pause.end + _ONE_DAY
            continue
        if day not in skip_days:
            instant = local_instant(day, at, zone)
            if instant > after:
                return day, instant
        day += _ONE_DAY
    return None


@dataclass(frozen=True)
class MissedRun:
    """The run of consecutive missed days that ends yesterday.

    ``first_missed`` identifies the run: key the nudge's delivery record on it so a
    participant gets one nudge per run, however often this is evaluated.
    """

    days: int
    first_missed: date | None
    nudge: bool
    digest: bool


def missed_run(
    today: date,
    checked_in: Container[date],
    window: ProgramWindow,
    policy: MissedPolicy,
    pauses: Iterable[Pause] = (),
) -> MissedRun:
    """Count consecutive missed local days before ``today`` (today is not over yet).

    Paused days are skipped without breaking the run; days before the program starts
    or after it ends are never missed, and after its end nothing is due.
    """
    pauses = tuple(pauses)
    count = 0
    first: date | None = None
    day = today - _ONE_DAY
    if window.end is not None:
        day = min(day, window.end)
    while day >= window.start:
        if any(p.covers(day) for p in pauses):
            day -= _ONE_DAY
            continue
        if day in checked_in:
            break
        count += 1
        first = day
        day -= _ONE_DAY
    # Once the program is over, nobody is nudged to check in or listed as slipping.
    active = window.contains(today)
    return MissedRun(
        days=count,
        first_missed=first,
        nudge=active and count >= policy.nudge_after_days,
        digest=active and count >= policy.digest_after_days,
    )


def current_streak(
    today: date,
    checked_in: Container[date],
    window: ProgramWindow,
    pauses: Iterable[Pause] = (),
) -> int:
    """Consecutive checked-in days up to today.

    A streak is not broken by today until today is over, so it counts back from
    yesterday when today has no check-in yet. Paused days neither add nor break.
    """
    pauses = tuple(pauses)
    day = today if today in checked_in else today - _ONE_DAY
    if window.end is not None:
        day = min(day, window.end)
    streak = 0
    while day >= window.start:
        if day in checked_in:
            streak += 1
        elif not any(p.covers(day) for p in pauses):
            break
        day -= _ONE_DAY
    return streak


def longest_streak(
    today: date,
    checked_in: Iterable[date],
    window: ProgramWindow,
    pauses: Iterable[Pause] = (),
) -> int:
    """The longest run of checked-in days in the program so far (paused days bridge)."""
    pauses = tuple(pauses)
    days = {d for d in checked_in if window.contains(d) and d <= today}
    if not days:
        return 0
    best = run = 0
    day = min(days)
    last = max(days)
    while day <= last:
        if day in days:
            run += 1
            best = max(best, run)
        elif not any(p.covers(day) for p in pauses):
            run = 0
        day += _ONE_DAY
    return best

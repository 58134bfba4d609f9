"""Check-ins in the participant's own time: local days, prompts, missed days, streaks.

Every function takes ``now`` (or a local ``today``) and the participant's IANA zone; a
"day" is always a local calendar date in that zone. A participant's program runs over
a ``ProgramWindow`` and may be paused (``Pause``). ``ParticipantDays`` is the one
definition of which days are expected of a participant, used by prompts, nudges, the
digest, /report and /progress alike.
"""

from __future__ import annotations

import logging
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
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


class DayStatus(StrEnum):
    """A participant's local day as every view shows it (the value is the plain words)."""

    CHECKED_IN = "checked in"
    STARTED = "started"  # answers given, "Done" not pressed (the day report tells them apart)
    MISSED = "missed"
    NOT_YET = "not yet"
    NOT_EXPECTED = "not expected"


@dataclass(frozen=True)
class ParticipantDays:
    """What the one definition of a day needs to know about one participant.

    A day is *due* (expected of the participant) only if it is in their program and the
    bot prompted them for it: a prompt is sent only while they are enrolled, started,
    not paused, with prompts on, and the bot running (or catching up late), so the
    prompt records say all of that at once. Days before the bot first ran, paused
    days, days with prompts off and days of downtime are therefore never missed. A day
    with a check-in always counts as checked in, prompted or not.
    """

    window: ProgramWindow
    checked_in: frozenset[date] = frozenset()
    prompted: frozenset[date] = frozenset()
    pauses: tuple[Pause, ...] = ()

    def paused(self, day: date) -> bool:
        return any(p.covers(day) for p in self.pauses)

    def due(self, day: date) -> bool:
        return self.window.contains(day) and day in self.prompted

    def expected(self, day: date) -> bool:
        """Counted in "N of M checked in": checked in, or due."""
        return day in self.checked_in or self.due(day)

    def status(self, day: date, today: date) -> DayStatus:
        """``day`` seen on the participant's local ``today`` (today is not over yet)."""
        if day in self.checked_in:
            return DayStatus.CHECKED_IN
        if not self.window.contains(day):
            return DayStatus.NOT_EXPECTED
        if day >= today:
            return DayStatus.NOT_EXPECTED if self.paused(day) else DayStatus.NOT_YET
        return DayStatus.MISSED if day in self.prompted else DayStatus.NOT_EXPECTED

    def missed_days(self, today: date) -> int:
        """Due days before ``today`` without a check-in."""
        return sum(
            1 for d in self.prompted if d < today and self.due(d) and d not in self.checked_in
        )


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


def missed_run(today: date, days: ParticipantDays, policy: MissedPolicy) -> MissedRun:
    """Count consecutive missed days before ``today`` (today is not over yet).

    Only due days count; days that were not due (paused, prompts off, the bot down,
    before the program) neither count nor break the run; a check-in ends it. After the
    program's end, or while paused, nobody is nudged or listed as slipping.
    """
    count = 0
    first: date | None = None
    day = today - _ONE_DAY
    if days.window.end is not None:
        day = min(day, days.window.end)
    while day >= days.window.start:
        if day in days.checked_in:
            break
        if days.due(day):
            count += 1
            first = day
        day -= _ONE_DAY
    active = days.window.contains(today) and not days.paused(today)
    return MissedRun(
        days=count,
        first_missed=first,
        nudge=active and count >= policy.nudge_after_days,
        digest=active and count >= policy.digest_after_days,
    )


def current_streak(today: date, days: ParticipantDays) -> int:
    """Consecutive checked-in days up to today.

    A streak is not broken by today until today is over, so it counts back from
    yesterday when today has no check-in yet. Only a missed (due) day breaks it: paused
    days, days of downtime and days with prompts off neither add nor break.
    """
    day = today if today in days.checked_in else today - _ONE_DAY
    if days.window.end is not None:
        day = min(day, days.window.end)
    streak = 0
    while day >= days.window.start:
        if day in days.checked_in:
            streak += 1
        elif days.due(day):
            break
        day -= _ONE_DAY
    return streak


def longest_streak(today: date, days: ParticipantDays) -> int:
    """The longest run of checked-in days in the program so far (days not due bridge)."""
    checked = {d for d in days.checked_in if days.window.contains(d) and d <= today}
    if not checked:
        return 0
    best = run = 0
    day = min(checked)
    last = max(checked)
    while day <= last:
        if day in checked:
            run += 1
            best = max(best, run)
        elif days.due(day):
            run = 0
        day += _ONE_DAY
    return best

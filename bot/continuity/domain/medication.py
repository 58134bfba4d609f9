"""Medication reminders in the participant's own time: dose instants, snoozes, adherence.

A dose is "schedule S on local day D". Its instant follows the wall clock of the
participant's zone through daylight-saving changes, like check-in prompts: a time in
the spring-forward gap moves forward by the gap, a repeated time is its first
occurrence. Nothing here reads the clock; ``now`` is always a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.kernel.durations import parse_time_of_day
from bot.kernel.timezones import local_day, local_instant

SNOOZE = timedelta(minutes=30)
MAX_SNOOZES = 4  # two hours of snoozing, then the reminder stops asking
# After downtime, a dose whose time passed less than this long ago is still reminded.
CATCH_UP = timedelta(hours=3)
# How long after its day a dose can still be answered (a late "Taken" still counts).
ANSWER_DAYS = 2
MAX_LABEL = 60
MAX_TIMES = 6
ADHERENCE_DAYS = 7

STATUSES = ("due", "snoozed", "taken", "skipped")
ANSWERED = frozenset({"taken", "skipped"})


class MedicationInputError(ValueError):
    """Input a participant can fix; the message tells them how."""


def parse_dose_time(text: str) -> time:
    try:
        return parse_time_of_day(text)
    except ValueError as error:
        raise MedicationInputError(f"{error}. Write it like 08:00, 21:30 or 9pm.") from None


def parse_dose_times(text: str) -> tuple[time, ...]:
    """'08:00, 20:00' → (08:00, 20:00), sorted, no repeats."""
    # "8 am, 8 pm" as well as "08:00 20:00": am/pm is glued to its time before splitting.
    glued = re.sub(r"(\d)\s+([ap]\.?m\.?)", r"\1\2", text.strip(), flags=re.IGNORECASE)
    parts = [p for p in re.split(r"[,\s]+", glued) if p]
    if not parts:
        raise MedicationInputError("Give at least one time, like 08:00 or 08:00, 20:00.")
    times = sorted({parse_dose_time(p) for p in parts})
    if len(times) > MAX_TIMES:
        raise MedicationInputError(f"At most {MAX_TIMES} reminder times a day, please.")
    return tuple(times)


def clean_label(text: str | None) -> str | None:
    """The optional name of the medication: one line, no markup that could ping."""
    if text is None:
        return None
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    if len(cleaned) > MAX_LABEL:
        raise MedicationInputError(f"Keep the name under {MAX_LABEL} characters.")
    if any(c in cleaned for c in "@<>`|*_~#"):
        raise MedicationInputError(
            "Use letters, digits and simple punctuation for the name (no @, <, >, `, |, *, "
            "_, ~ or #)."
        )
    return cleaned


def dose_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    return local_instant(day, at, zone)


def next_dose(
    after: datetime, zone: ZoneInfo, at: time, *, skip: Iterable[date] = ()
) -> tuple[date, datetime]:
    """The first dose strictly after ``after`` whose local day is not in ``skip``."""
    skipped = set(skip)
    day = local_day(after, zone) - timedelta(days=1)
    while True:
        instant = dose_instant(day, at, zone)
        if instant > after and day not in skipped:
            return day, instant
        day += timedelta(days=1)


def can_snooze(snoozes: int) -> bool:
    return snoozes < MAX_SNOOZES


def answer_open(day: date, now: datetime, zone: ZoneInfo) -> bool:
    """A dose can be answered from its day until ``ANSWER_DAYS`` later (local)."""
    today = local_day(now, zone)
    return day <= today and (today - day).days <= ANSWER_DAYS


@dataclass(frozen=True)
class Dose:
    schedule_id: int
    day: date
    status: str


@dataclass(frozen=True)
class Adherence:
    reminded: int
    taken: int
    skipped: int
    unanswered: int

    @property
    def missed(self) -> int:
        """Doses not taken: skipped on purpose or never answered."""
        return self.skipped + self.unanswered

    def sentence(self) -> str:
        if self.reminded == 0:
            return "no medication reminders in the last 7 days"
        return (
            f"medication taken {self.taken} of {self.reminded} times in the last 7 days"
            + (f" ({self.skipped} skipped)" if self.skipped else "")
        )


def adherence(doses: Iterable[Dose], today: date, days: int = ADHERENCE_DAYS) -> Adherence:
    """Over the ``days`` local days before ``today`` (today is still open, so left out)."""
    first = today - timedelta(days=days)
    counted = [d for d in doses if first <= d.day < today]
    taken = sum(d.status == "taken" for d in counted)
    skipped = sum(d.status == "skipped" for d in counted)
    return Adherence(len(counted), taken, skipped, len(counted) - taken - skipped)

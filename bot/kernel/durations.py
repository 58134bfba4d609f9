"""Small text formats used by schedules: reminder lead times, clock times, weekdays.

Each parser raises ``ValueError`` (or a subclass) whose message says what was wrong and
how to write it, because the message goes straight back to a facilitator or participant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import time, timedelta

# A reminder more than two weeks ahead is almost surely a typo ("24d" for "24h").
MAX_LEAD = timedelta(days=14)

DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_MINUTES = {"d": 24 * 60, "h": 60, "m": 1}
_LEAD_PART = re.compile(r"(\d+)\s*([dhm])")
_LEAD_WHOLE = re.compile(r"(?:\d+\s*[dhm]\s*)+")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def _quoted(text: str, limit: int = 40) -> str:
    """Typed text quoted back in an error, cut short when long."""
    return '"' + (text if len(text) <= limit else text[:limit] + "…") + '"'


class LeadTimeError(ValueError):
    """A reminder lead time that cannot be understood."""


def parse_lead(text: str) -> timedelta | None:
    """``"24h"`` → 24 hours, ``"90m"``, ``"2d"``, ``"1h30m"``; ``"off"`` → ``None``.

    Case and spaces are forgiven ("1 H"); anything else is an error.
    """
    cleaned = text.strip().lower()
    if cleaned == "off":
        return None
    if not cleaned or _LEAD_WHOLE.fullmatch(cleaned) is None:
        raise LeadTimeError(
            f'unknown lead time {_quoted(text)}: write a number and a unit '
            '(d, h or m), like "24h", "90m" or "2d", or "off"'
        )
    # Count in whole minutes (Python integers never overflow) before making a
    # timedelta, which cannot hold "99999999999999999999999h".
    minutes = sum(int(amount) * _MINUTES[unit] for amount, unit in _LEAD_PART.findall(cleaned))
    if minutes <= 0:
        raise LeadTimeError(f"lead time {_quoted(text)} must be longer than zero")
    if minutes > MAX_LEAD // timedelta(minutes=1):
        raise LeadTimeError(f"lead time {_quoted(text)} is longer than the 14 days allowed")
    return timedelta(minutes=minutes)


def parse_leads(texts: str | Sequence[str]) -> tuple[timedelta, ...]:
    """A list of lead times, or the single word ``"off"`` (→ empty tuple: no reminders).

    The result is sorted longest first, the order in which the reminders fire.
    Duplicates are an error rather than silently merged: "1h" twice is a typo for
    something else.
    """
    if isinstance(texts, str):
        if texts.strip().lower() == "off":
            return ()
        texts = [part for part in re.split(r"[,\s]+", texts.strip()) if part]
    leads: list[timedelta] = []
    for text in texts:
        lead = parse_lead(text)
        if lead is None:
            raise LeadTimeError('"off" cannot be combined with other lead times')
        if lead in leads:
            raise LeadTimeError(f"lead time {_quoted(text.strip())} is listed twice")
        leads.append(lead)
    return tuple(sorted(leads, reverse=True))


def format_lead(lead: timedelta) -> str:
    """The inverse of :func:`parse_lead`: ``"24h"``, ``"2d"``, ``"90m"``, ``"1h5m"``."""
    minutes = int(lead.total_seconds()) // 60
    if minutes <= 0 or lead != timedelta(minutes=minutes):
        raise ValueError(f"a lead time is a positive whole number of minutes, not {lead}")
    # Days only from two days up: people say "24h", not "1d", for a day-ahead reminder.
    if minutes % (24 * 60) == 0 and minutes >= 48 * 60:
        return f"{minutes // (24 * 60)}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    if minutes < 120:
        return f"{minutes}m"
    return f"{minutes // 60}h{minutes % 60}m"


def format_leads(leads: Iterable[timedelta]) -> list[str]:
    return [format_lead(lead) for lead in leads]


def parse_clock(text: str) -> time:
    """``"18:00"`` or ``"9:30"`` → a naive wall-clock time."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f'time "{text}" must be written HH:MM, like "18:00"')
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValueError(f'time "{text}" is not a time of day (00:00 to 23:59)')
    return time(hour, minute)


_TIME_OF_DAY = re.compile(
    r"(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2}))?\s*(?P<half>[ap])?\.?\s*(?:m\.?)?",
    re.IGNORECASE,
)


def parse_time_of_day(text: str) -> time:
    """A time of day as people type it in a command: "21:30", "9:30", "21.30", "21h30",
    "7pm", "7:30 pm", "7 a.m.". ``ValueError`` (a sentence) for anything else, and for
    "13pm" or a bare "7" (morning or evening?)."""
    cleaned = text.strip()
    match = _TIME_OF_DAY.fullmatch(cleaned)
    if match is None or not cleaned:
        raise ValueError(f'"{text}" is not a time I understand')
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = (match["half"] or "").lower()
    if half:
        if not 1 <= hour <= 12 or minute > 59:
            raise ValueError(f'"{text}" is not a time of day')
        hour = hour % 12 + (12 if half == "p" else 0)
    elif match["minute"] is None:
        raise ValueError(f'"{text}" could be morning or evening')
    if hour > 23 or minute > 59:
        raise ValueError(f'"{text}" is not a time of day (00:00 to 23:59)')
    return time(hour, minute)


def format_clock(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_day(text: str) -> int:
    """``"mon"`` → 0 … ``"sun"`` → 6 (``date.weekday()`` numbering).

    Full English names ("Monday") are accepted too; the message lists the short forms.
    """
    cleaned = text.strip().lower()
    for number, name in enumerate(DAY_NAMES):
        if cleaned in (name, _FULL_DAYS[number]):
            return number
    raise ValueError(f'unknown day "{text}": use one of {", ".join(DAY_NAMES)}')


_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

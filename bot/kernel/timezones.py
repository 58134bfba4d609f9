"""IANA time zone names: checking, suggestions for typos, autocomplete matches."""

from __future__ import annotations

import difflib
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


class UnknownTimezoneError(ValueError):
    """An unknown zone name; ``suggestions`` holds the closest real names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        message = f'unknown zone "{name}"'
        if suggestions:
            # The message names only the best guess; the rest stay in ``suggestions``
            # for an autocomplete list.
            message += f' (did you mean "{suggestions[0]}"?)'
        else:
            message += ' (use an IANA name such as "America/New_York")'
        super().__init__(message)


@lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    # Scanning the tz database takes tens of milliseconds; do it once per process.
    return tuple(sorted(available_timezones()))


@lru_cache(maxsize=1)
def _by_lower() -> dict[str, str]:
    return {name.lower(): name for name in _zone_names()}


def suggest_timezones(name: str, limit: int = 3) -> list[str]:
    """The real zone names closest to ``name`` (best first), for "did you mean".

    A name is compared whole and by its city part, so "Chicgo" finds
    "America/Chicago". A name that differs only in case is the best suggestion of all.
    """
    needle = name.strip().replace(" ", "_").lower()
    exact = _by_lower().get(needle)
    scored: list[tuple[float, str]] = []
    for lowered, real in _by_lower().items():
        city = lowered.rsplit("/", 1)[-1]
        score = max(_similarity(needle, lowered), _similarity(needle, city))
        if score >= 0.6:
            scored.append((score, real))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    suggestions = [exact] if exact is not None else []
    suggestions += [real for _, real in scored if real != exact]
    return suggestions[:limit]


def _similarity(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b)
    # The cheap upper bounds rule out most of the ~600 names before the real ratio.
    if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
        return 0.0
    return matcher.ratio()


def is_timezone(name: str) -> bool:
    if name in _zone_names():
        return True
    # Accept a zone the local tz database can load even if it is not listed
    # (available_timezones() skips a few aliases on some systems).
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def resolve_timezone(name: str) -> ZoneInfo:
    """The zone for an IANA name, or :class:`UnknownTimezoneError` with suggestions."""
    if not is_timezone(name):
        raise UnknownTimezoneError(name, suggest_timezones(name))
    return ZoneInfo(name)


def match_timezones(fragment: str, limit: int = 25) -> list[str]:
    """Zone names for an autocomplete box: prefix matches first, then substring matches.

    Discord shows at most 25 choices, hence the default. Spaces count as underscores
    so "new york" finds "America/New_York".
    """
    needle = fragment.strip().lower().replace(" ", "_")
    if not needle:
        return list(_zone_names()[:limit])
    prefix: list[str] = []
    inner: list[str] = []
    for name in _zone_names():
        lowered = name.lower()
        city = lowered.rsplit("/", 1)[-1]
        if lowered.startswith(needle) or city.startswith(needle):
            prefix.append(name)
        elif needle in lowered:
            inner.append(name)
    found = prefix + inner
    if not found:
        found = suggest_timezones(fragment, limit=min(limit, 5))
    return found[:limit]


# Local days and instants: every capability that works in a participant's own time
# (check-ins, medication, alumni, the daily skill) counts days the same way.


def local_day(now: datetime, zone: ZoneInfo) -> date:
    """The local calendar date of ``now`` (timezone-aware) in ``zone``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(zone).date()


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of local ``day`` at ``at`` in ``zone``.

    A time skipped by a spring-forward change moves forward by the length of the gap,
    as the wall clock does (02:30 becomes 03:30); a time repeated by a fall-back change
    is its first occurrence. Both are what ``fold=0`` means (PEP 495).
    """
    local = datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=zone)
    return local.astimezone(UTC)

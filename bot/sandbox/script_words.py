"""The words of a script line: comments, quoted tokens, durations, zones, dates and times,
member names, and the limits simulated time keeps to. ``bot.sandbox.script`` builds steps
from them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.sandbox.steps import ScriptError

NAME = r"[a-z0-9][a-z0-9_.-]*"
NAME_RE = re.compile(NAME + r"\Z")
CHANNEL_RE = re.compile(r"#?(" + NAME + r")\Z")
_DURATION_PART = re.compile(r"(\d+)([wdhms])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
# One advance line replays every job due on the way, so a span of centuries would run for
# hours: a year (a whole program and its follow-up) is the most one line may move.
MAX_ADVANCE = timedelta(days=366)
# Simulated time must keep message ids valid: Discord's ids count milliseconds since
# 2015 and must fit the database's 64-bit integers, which they do until 2084.
EARLIEST = datetime(2015, 1, 1, tzinfo=ZoneInfo("UTC"))
LATEST = datetime(2080, 12, 31, tzinfo=ZoneInfo("UTC"))


def strip_comment(text: str) -> str:
    """Drop a trailing comment: a ``#`` starting a word of its own, outside double quotes.

    ``#peer-support`` and ``#1`` are not comments (no space after the ``#``), so channel
    names and hashtags in messages survive.
    """
    in_quotes = False
    escaped = False
    for i, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\" and in_quotes:
            escaped = True
        elif ch == '"':
            in_quotes = not in_quotes
        elif (
            ch == "#"
            and not in_quotes
            and (i == 0 or text[i - 1].isspace())
            and (i + 1 == len(text) or text[i + 1].isspace())
        ):
            return text[:i].rstrip()
    return text.rstrip()


def tokenize(text: str, line: int) -> list[str]:
    """Split on spaces; ``"..."`` is one token (``\\"`` inside is a quote); quotes removed.

    ``key="two words"`` stays one token ``key=two words`` and ``k:"a b"`` one ``k:a b``.
    """
    tokens: list[str] = []
    current: list[str] = []
    in_quotes = False
    started = False
    i = 0
    while i < len(text):
        ch = text[i]
        if in_quotes:
            if ch == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
                current.append(text[i + 1])
                i += 1
            elif ch == '"':
                in_quotes = False
            else:
                current.append(ch)
        elif ch == '"':
            in_quotes = True
            started = True
        elif ch.isspace():
            if started:
                tokens.append("".join(current))
                current, started = [], False
        else:
            current.append(ch)
            started = True
        i += 1
    if in_quotes:
        raise ScriptError(line, 'a quote is not closed (add the missing ")')
    if started:
        tokens.append("".join(current))
    return tokens


def parse_duration(text: str, line: int) -> timedelta:
    """``2h``, ``30m``, ``3d``, ``1w``, ``90s`` or combinations such as ``1h30m``."""
    pos = 0
    total = timedelta()
    too_long = False
    for match in _DURATION_PART.finditer(text):
        if match.start() != pos:
            break
        try:
            total += timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        except OverflowError:
            too_long = True
        pos = match.end()
    if pos != len(text) or pos == 0:
        raise ScriptError(
            line, f'"{text}" is not a duration (write e.g. 30m, 2h, 3d, 1w or 1h30m)'
        )
    if too_long or total > MAX_ADVANCE:
        raise ScriptError(line, f"advance {text} is too far: one line moves time at most "
                          f"{MAX_ADVANCE.days} days (split it over several advance lines)")
    if total <= timedelta():
        raise ScriptError(line, "advance needs a duration above zero")
    return total


def check_span(instant: datetime, line: int) -> datetime:
    """Simulated time stays where message ids are valid (2015 to 2080)."""
    if not EARLIEST <= instant <= LATEST:
        raise ScriptError(
            line, f"{instant:%Y-%m-%d} is outside the sandbox's calendar "
            f"({EARLIEST:%Y} to {LATEST:%Y}, where Discord's message ids work)"
        )
    return instant


def parse_zone(name: str, line: int) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScriptError(
            line, f'unknown time zone "{name}" (an IANA name such as America/Chicago)'
        ) from None


def parse_local_time(words: list[str], line: int, what: str) -> datetime:
    """``2026-12-07 09:00`` (seconds optional) → a naive datetime."""
    if len(words) != 2:
        raise ScriptError(line, f"{what} needs a date and a time: YYYY-MM-DD HH:MM")
    joined = " ".join(words)
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(joined, fmt)
        except ValueError:
            continue
    raise ScriptError(
        line, f'"{joined}" is not a date and time (write YYYY-MM-DD HH:MM, e.g. 2026-12-07 09:00)'
    )


def member_name(word: str, line: int) -> str:
    if not NAME_RE.match(word):
        raise ScriptError(
            line,
            f'"{word}" is not a member name (lowercase letters, digits, "_", "-" or ".")',
        )
    return word

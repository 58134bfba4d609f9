"""Discord's timestamp markup (``<t:UNIX:STYLE>``) as a reader's client shows it.

Discord sends the markup; each client renders it in its reader's own zone (English, US
conventions, Discord's default locale). The transcript does the same, so a newcomer
reads "Monday, December 7, 2026 5:00 PM (in 8 hours)" rather than Unix seconds, and each
member's DMs show times in that member's zone. Relative times count from the simulated
clock at the moment the message was sent, as a reader would have seen it then.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

# Every style Discord has: t/T time, d/D date, f/F date and time (f is the default),
# s/S short date with time, R relative.
STYLES = "tTdDfFsSR"
TIMESTAMP = re.compile(r"<t:(-?\d{1,13})(?::([" + STYLES + r"]))?>")
# Discord's calendar stops where JavaScript's Date does: +-8.64e15 ms around 1970.
LIMIT_SECONDS = 8_640_000_000_000


def _hour(local: datetime, seconds: bool = False) -> str:
    hour = local.hour % 12 or 12
    half = "AM" if local.hour < 12 else "PM"
    return f"{hour}:{local:%M}" + (f":{local:%S}" if seconds else "") + f" {half}"


def _long_date(local: datetime) -> str:
    return f"{local:%B} {local.day}, {local.year}"


def _short_date(local: datetime) -> str:
    return f"{local:%m/%d}/{local.year}"


def _round(value: float) -> int:
    return math.floor(value + 0.5)  # half up, as the client rounds (2.5 hours: 3 hours)


DAY = 86400
# The client's thresholds: below so many seconds apart, this phrase ({n}: the amount in
# the unit, rounded).
RELATIVE = (
    (45, "a few seconds", 1.0),
    (90, "a minute", 1.0),
    (45 * 60, "{n} minutes", 60.0),
    (90 * 60, "an hour", 1.0),
    (22 * 3600, "{n} hours", 3600.0),
    (36 * 3600, "a day", 1.0),
    (26 * DAY, "{n} days", float(DAY)),
    (45 * DAY, "a month", 1.0),
    (320 * DAY, "{n} months", 30.4375 * DAY),
    (548 * DAY, "a year", 1.0),
    (math.inf, "{n} years", 365.25 * DAY),
)


def relative(instant: datetime, now: datetime) -> str:
    """"in 2 hours", "3 days ago": the thresholds Discord's client uses."""
    # In elapsed seconds: two times in one zone would subtract as wall clock times.
    seconds = instant.timestamp() - now.timestamp()
    amount = abs(seconds)
    phrase = next(text.format(n=_round(amount / unit))
                  for below, text, unit in RELATIVE if amount < below)
    return f"in {phrase}" if seconds > 0 else f"{phrase} ago"


def format_timestamp(instant: datetime, style: str, zone: ZoneInfo, now: datetime) -> str:
    """One timestamp in one style, in ``zone``; ``now`` for the relative style."""
    if style == "R":
        return relative(instant, now)
    local = instant.astimezone(zone)
    if style == "t":
        return _hour(local)
    if style == "T":
        return _hour(local, seconds=True)
    if style == "d":
        return _short_date(local)
    if style == "D":
        return _long_date(local)
    if style == "F":
        return f"{local:%A}, {_long_date(local)} {_hour(local)}"
    if style == "s":
        return f"{_short_date(local)}, {_hour(local)}"
    if style == "S":
        return f"{_short_date(local)}, {_hour(local, seconds=True)}"
    return f"{_long_date(local)} {_hour(local)}"  # "f", the default


def render_timestamps(text: str, zone: ZoneInfo, now: datetime) -> str:
    """``text`` with every timestamp as the client shows it; other markup untouched."""
    if "<t:" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        seconds = int(match.group(1))
        if abs(seconds) > LIMIT_SECONDS:
            return match.group(0)  # the client shows what it cannot read as typed
        try:
            instant = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, ValueError, OSError):
            return match.group(0)
        return format_timestamp(instant, match.group(2) or "f", zone, now)

    return TIMESTAMP.sub(one, text)


"""Discord timestamps: ``<t:UNIX:STYLE>``, shown by each reader's client in their own zone."""

from __future__ import annotations

import math
from datetime import datetime

# t/T short/long time, d/D short/long date, f/F short/long date-time, R relative.
STYLES = frozenset("tTdDfFR")


def discord_timestamp(instant: datetime, style: str = "F") -> str:
    if instant.tzinfo is None or instant.utcoffset() is None:
        # A naive datetime would silently be read in the server's zone: refuse it.
        raise ValueError("a Discord timestamp needs a timezone-aware datetime")
    if style not in STYLES:
        raise ValueError(f'unknown Discord timestamp style "{style}"')
    # Floor, not truncate: an instant before 1970 must not round towards zero.
    return f"<t:{math.floor(instant.timestamp())}:{style}>"


def when(instant: datetime) -> str:
    """Full date and time plus the relative form: ``<t:…:F> (<t:…:R>)``."""
    return f"{discord_timestamp(instant, 'F')} ({discord_timestamp(instant, 'R')})"

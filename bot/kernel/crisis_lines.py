"""The crisis lines for text written outside the crisis capability: the error handler's
apology, /about, the welcome, the privacy notice, the check-in's urgent reply.

The lines themselves live in data/crisis_resources.toml, read and checked by
``bot.crisis.resources`` (the one place a crisis line is written); ``bot/app.py`` sets
them here at start-up, before any cog loads, so the kernel and every capability reach
them through the ``CrisisLines`` port without importing the crisis capability, and no
module holds a number of its own.

Every message that names a crisis line names the lines of the reader's region (issue
18): ``help_for_user`` asks the crisis capability which region a member is in (their
own choice, else their time zone's, else the program's; set by the app with
``use_region_lookup``), ``help_for_zone`` goes by a time zone alone. Where no region
is known, every region's lines are given, never one country's alone.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.kernel.ports import CrisisLines

log = logging.getLogger(__name__)

RegionLookup = Callable[[int], Awaitable[str | None]]

_lines: CrisisLines | None = None
_region_of: RegionLookup | None = None


def use_crisis_lines(lines: CrisisLines) -> None:
    """Set at start-up by the app (and by the tests' conftest)."""
    global _lines
    _lines = lines


def use_region_lookup(lookup: RegionLookup | None) -> None:
    """Set at start-up by the app: a member's region code (the crisis capability's)."""
    global _region_of
    _region_of = lookup


def forget_region_lookup(lookup: RegionLookup) -> None:
    """At shutdown: drop ``lookup`` if it is the one set (another bot's stays)."""
    global _region_of
    if _region_of == lookup:
        _region_of = None


def crisis_lines() -> CrisisLines:
    if _lines is None:
        raise RuntimeError(
            "the crisis lines are set at start-up (bot/app.py) before anything is sent"
        )
    return _lines


def help_for_zone(zone: str | None, *, full: bool = False) -> str:
    """Help for someone in ``zone``: the shortest pointer, or every line (``full``)."""
    lines = crisis_lines()
    region = lines.region_of_zone(zone)
    return lines.everywhere_for(region) if full else lines.short_for(region)


async def help_for_user(user_id: int | None, *, full: bool = False) -> str:
    """Help for a member, in their region; every region's lines if it cannot be told."""
    region = None
    if user_id is not None and _region_of is not None:
        try:
            region = await _region_of(user_id)
        except Exception:
            # Help is never withheld for a failed lookup: every region's lines instead.
            log.exception("could not tell a member's region; giving every region's lines")
    lines = crisis_lines()
    return lines.everywhere_for(region) if full else lines.short_for(region)

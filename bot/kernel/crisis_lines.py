"""The crisis lines for text written outside the crisis capability: the error handler's
apology, /about, the welcome, the privacy notice, the check-in's urgent reply.

The lines themselves live in data/crisis_resources.toml, read and checked by
``bot.crisis.resources`` (the one place a crisis line is written); ``bot/app.py`` sets
them here at start-up, before any cog loads, so the kernel and every capability reach
them through the ``CrisisLines`` port without importing the crisis capability, and no
module holds a number of its own.
"""

from __future__ import annotations

from bot.kernel.ports import CrisisLines

_lines: CrisisLines | None = None


def use_crisis_lines(lines: CrisisLines) -> None:
    """Set at start-up by the app (and by the tests' conftest)."""
    global _lines
    _lines = lines


def crisis_lines() -> CrisisLines:
    if _lines is None:
        raise RuntimeError(
            "the crisis lines are set at start-up (bot/app.py) before anything is sent"
        )
    return _lines

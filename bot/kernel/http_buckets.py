"""discord.py's rate-limit buckets, swept as often as they grow, not at every new one.

discord.py keeps one rate-limit bucket per route and channel: every DM channel the bot
writes to adds one. Once there are 256, it sweeps them all for idle ones *each time*
a bucket is added, so welcoming a program of N participants (a new DM channel each)
costs on the order of N^2 / 2 bucket checks: about 50 million for 10,000, a minute of
the event loop's time during which nothing else runs.

``sweep_buckets_sparingly`` keeps discord.py's own sweep and calls it only when the
number of buckets has doubled since the last one (at 256 at the least): the same idle
buckets go, memory stays within twice what the last sweep kept, and adding a bucket
costs a constant amount of work on average. The pacer (``bot.kernel.pacing``) wraps
this client in the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# discord.py's own threshold: below it, it never sweeps.
SWEEP_FLOOR = 256


def sweep_buckets_sparingly(http: Any) -> bool:
    """Make ``http`` (a discord.py ``HTTPClient``) sweep its buckets only when their
    number has doubled since the last sweep. False (and a warning) when this version of
    discord.py has no such sweep, and nothing was changed."""
    sweep: Callable[[], None] | None = getattr(http, "_try_clear_expired_ratelimits", None)
    if sweep is None or not isinstance(getattr(http, "_buckets", None), dict):
        log.warning("discord.py's rate-limit buckets are not where expected; sweep unchanged")
        return False
    next_sweep_at = SWEEP_FLOOR

    def sweep_when_doubled() -> None:
        nonlocal next_sweep_at
        if len(http._buckets) < next_sweep_at:
            return
        sweep()
        next_sweep_at = max(SWEEP_FLOOR, 2 * len(http._buckets))

    http._try_clear_expired_ratelimits = sweep_when_doubled
    return True

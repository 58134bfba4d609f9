"""Pacing requests under Discord's global limit of 50 requests per second.

discord.py retries a 429 but does not throttle itself before the global limit, and a
burst of concurrent sends makes every waiting retry wake at once. A session start
fans out hundreds of DMs at the same minute, so the bot paces them itself: a token
bucket shared by every bulk sender, kept a little under the limit to leave room for
the interactions people are making at the same time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

DISCORD_GLOBAL_LIMIT = 50  # requests per second, per bot
DEFAULT_RATE = 45.0


class Pacer:
    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        burst: int = 5,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self._monotonic = monotonic
        self._tokens = float(burst)
        self._updated = monotonic()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    async def acquire(self) -> None:
        """Wait for a token; callers are served in arrival order."""
        async with self._lock:
            self._refill()
            if self._tokens < 1:
                await asyncio.sleep((1 - self._tokens) / self.rate)
                self._refill()
            self._tokens -= 1

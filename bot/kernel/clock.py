"""Time as an input.

Domain code never reads the wall clock; it is handed a ``now``. The bot holds one
``Clock``: the system clock in production, a ``SimulatedClock`` in the sandbox so a
week of schedule can be replayed in seconds.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    """A clock that moves only when told to (the sandbox and the tests)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("SimulatedClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("SimulatedClock.set needs a timezone-aware instant")
        instant = instant.astimezone(UTC)
        if instant < self._now:
            raise ValueError(f"time cannot go backwards ({instant} < {self._now})")
        self._now = instant

    def advance(self, delta: timedelta) -> None:
        self.set(self._now + delta)

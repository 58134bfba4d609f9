"""Pacing requests under Discord's global limit of 50 requests per second, urgent first.

discord.py retries a 429 but does not throttle itself before the global limit, and a
burst of concurrent sends makes every waiting retry wake at once. A session start fans
out hundreds of DMs at the same minute, so the bot paces every REST request itself
(``pace_http`` wraps the client's one request method): a token bucket a little under
the limit, with three lanes. An URGENT request (a crisis reply or alert, an answer to a
reach-out) is served before any waiting NORMAL one (an answer to what someone just
did), and both before BULK (fan-out: reminders, prompts, welcomes), so a crisis reply
waits for at most one token even while thousands of reminders queue.

Interaction responses (the callback and its follow-ups) are not paced at all: Discord
does not count interaction endpoints against the global limit, and discord.py sends
them through its webhook adapter, not through the wrapped request method.

The lane of a request is a context variable (set with ``in_lane``), so the code that
decides (the messenger, the crisis path) sets it once around a send, however deep the
request. The same wrapper marks the first message a delivery creates with the delivery's
nonce (``message_nonce``), so Discord creates it at most once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from enum import IntEnum
from typing import Any

DISCORD_GLOBAL_LIMIT = 50  # requests per second, per bot
# Discord counts in one-second windows; a burst of one and 48 a second keep any window
# at or under 49 even when a request is a little late on the wire.
DEFAULT_RATE = 48.0
DEFAULT_BURST = 1
_EPSILON = 1e-9


class Priority(IntEnum):
    URGENT = 0  # crisis replies and alerts, reach-out answers
    NORMAL = 1  # answers to what a person just did; anything not marked
    BULK = 2  # fan-out: reminders, check-in prompts, medication reminders, welcomes


_priority: ContextVar[Priority] = ContextVar("send_priority", default=Priority.NORMAL)
# Set when the caller already took a token for the request it is about to make (the
# delivery desk does, so that a claim is only made once the send can go on the wire).
_prepaid: ContextVar[bool] = ContextVar("send_prepaid", default=False)


# The nonce for the next message this context creates (the delivery desk sets it from
# the delivery's key; Discord then creates that message at most once: enforce_nonce).
_nonce: ContextVar[str | None] = ContextVar("message_nonce", default=None)
MESSAGE_CREATE = ("POST", "/channels/{channel_id}/messages")


@contextlib.contextmanager
def message_nonce(nonce: str) -> Iterator[None]:
    token = _nonce.set(nonce)
    try:
        yield
    finally:
        _nonce.reset(token)


def current_priority() -> Priority:
    return _priority.get()


@contextlib.contextmanager
def in_lane(level: Priority) -> Iterator[None]:
    """Every request made inside the block goes in ``level``'s lane."""
    token = _priority.set(level)
    try:
        yield
    finally:
        _priority.reset(token)


@contextlib.contextmanager
def prepaid() -> Iterator[None]:
    """The next requests in this block were paid for with ``Pacer.acquire`` already."""
    token = _prepaid.set(True)
    try:
        yield
    finally:
        _prepaid.reset(token)


class Pacer:
    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self._monotonic = monotonic
        self._tokens = float(burst)
        self._updated = monotonic()
        self._lanes: dict[Priority, deque[asyncio.Future[None]]] = {p: deque() for p in Priority}
        self._dispatcher: asyncio.Task[None] | None = None
        self.granted = {p: 0 for p in Priority}

    def _refill(self) -> None:
        now = self._monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def waiting(self) -> int:
        return sum(len(lane) for lane in self._lanes.values())

    async def acquire(self, level: Priority | None = None) -> None:
        """Wait for a token: higher lanes first, each lane in arrival order."""
        level = current_priority() if level is None else level
        self._refill()
        if self._tokens >= 1 - _EPSILON and not self.waiting():
            self._tokens -= 1
            self.granted[level] += 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._lanes[level].append(waiter)
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.get_running_loop().create_task(
                self._dispatch(), name="pacer"
            )
        try:
            await waiter
        except asyncio.CancelledError:
            if not waiter.done():
                waiter.cancel()
            raise
        self.granted[level] += 1

    def _next_waiter(self) -> asyncio.Future[None] | None:
        for level in Priority:
            lane = self._lanes[level]
            while lane and lane[0].done():  # cancelled while waiting
                lane.popleft()
            if lane:
                return lane.popleft()
        return None

    async def _dispatch(self) -> None:
        while True:
            self._refill()
            if self._tokens < 1 - _EPSILON:
                # At least a microsecond: float rounding must not spin this loop.
                await asyncio.sleep(max((1 - self._tokens) / self.rate, 1e-6))
                continue
            waiter = self._next_waiter()
            if waiter is None:
                return
            self._tokens -= 1
            waiter.set_result(None)
            # Let the woken sender run before the next token is handed out.
            await asyncio.sleep(0)

    async def close(self) -> None:
        if self._dispatcher is not None and not self._dispatcher.done():
            self._dispatcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._dispatcher


Request = Callable[..., Awaitable[Any]]


def pace_http(http: Any, pacer: Pacer) -> None:
    """Make every REST request of a discord.py ``HTTPClient`` wait for the pacer, in the
    lane of its context (interaction responses do not pass through here)."""
    original: Request = http.request

    async def paced_request(route: Any, **kwargs: Any) -> Any:
        nonce = _nonce.get()
        payload = kwargs.get("json")
        if (
            nonce is not None
            and (route.method, getattr(route, "path", "")) == MESSAGE_CREATE
            and isinstance(payload, dict)
        ):
            # Only the first message of a delivery carries its nonce.
            _nonce.set(None)
            payload.setdefault("nonce", nonce)
            payload.setdefault("enforce_nonce", True)
        if _prepaid.get():
            # Paid once: the request's own retries inside discord.py are not re-paced.
            _prepaid.set(False)
        else:
            await pacer.acquire()
        return await original(route, **kwargs)

    http.request = paced_request

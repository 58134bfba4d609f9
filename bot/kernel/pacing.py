"""Pacing requests under Discord's global limit of 50 requests per second, urgent first.

discord.py retries a 429 but does not throttle itself before the global limit, and a
burst of concurrent sends makes every waiting retry wake at once. A session start fans
out hundreds of DMs at the same minute, so the bot paces every REST request itself
(``pace_http`` wraps the client's one request method), in two steps:

- a token bucket hands out requests at the limit's average rate, with three lanes. An
  URGENT request (a crisis reply or alert, a concern DM, an answer to a reach-out) is
  served before any waiting NORMAL one (an answer to what someone just did), and both
  before BULK (fan-out: reminders, prompts, welcomes), so a crisis reply waits for at
  most one token even while thousands of reminders queue. The bucket holds a few
  tokens, so a busy event loop that wakes the pacer late catches up instead of losing
  the time;
- a window guard, right before a request goes on the wire, counts what went out in the
  last ``window`` seconds and waits while that holds ``limit``: the same count Discord
  keeps. The window is a little longer than Discord's second, by how much later than
  its neighbours a request may reach Discord (``ARRIVAL_SPREAD``), so that any second
  of arrivals holds at most 50 however the loop and the network spread them.

Interaction responses (the callback and its follow-ups) are not paced at all: Discord
does not count interaction endpoints against the global limit, and discord.py sends
them through its webhook adapter, not through the wrapped request method.

The lane of a request is a context variable (set with ``in_lane``), so the code that
decides (the crisis path, the delivery desk) sets it once around a send, however deep
the request; a helper that sends (the messenger) keeps the lane it is called in, and
only falls back to its own when none was chosen (``lane_or``). The same wrapper marks the
first message a delivery creates with the delivery's nonce (``message_nonce``), so
Discord creates it at most once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from enum import IntEnum
from types import SimpleNamespace
from typing import Any

import aiohttp

DISCORD_GLOBAL_LIMIT = 50  # requests per window, per bot
DISCORD_WINDOW = 1.0  # seconds
# How much a request may be delayed between the guard and Discord's count, relative to
# the requests around it (the event loop, discord.py's own bucket lock, the network).
# The guard's window is this much longer than Discord's: 50 per 1.025 s is 48.8 a second.
ARRIVAL_SPREAD = 0.025
DEFAULT_WINDOW = DISCORD_WINDOW + ARRIVAL_SPREAD
# Tokens the bucket may hold: lets a late pacer catch up; the guard still caps a window.
DEFAULT_BURST = 4
_EPSILON = 1e-9


class Priority(IntEnum):
    URGENT = 0  # crisis replies and alerts, reach-out answers
    NORMAL = 1  # answers to what a person just did; anything not marked
    BULK = 2  # fan-out: reminders, check-in prompts, medication reminders, welcomes


# None: no lane chosen (NORMAL).
_priority: ContextVar[Priority | None] = ContextVar("send_priority", default=None)
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


def lane_or(default: Priority) -> Priority:
    """The lane chosen around this call, else ``default``."""
    chosen = _priority.get()
    return default if chosen is None else chosen


def current_priority() -> Priority:
    return lane_or(Priority.NORMAL)


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
    """``limit`` requests per ``window`` seconds: a token bucket (average rate, lanes)
    in front of a window guard (the hard cap, counted when a request goes out)."""

    def __init__(
        self,
        limit: int = DISCORD_GLOBAL_LIMIT,
        window: float = DEFAULT_WINDOW,
        burst: int = DEFAULT_BURST,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0 or burst < 1:
            raise ValueError("limit and burst must be at least 1 and window positive")
        self.limit = limit
        self.window = window
        self.burst = min(burst, limit)
        self._monotonic = monotonic
        self._tokens = float(self.burst)
        self._updated = monotonic()
        self._lanes: dict[Priority, deque[asyncio.Future[None]]] = {p: deque() for p in Priority}
        self._dispatcher: asyncio.Task[None] | None = None
        self._sent: deque[float] = deque()  # when each request of the last window went out
        self.granted = {p: 0 for p in Priority}
        self.held_at_guard = 0  # requests the guard made wait (the bucket ran ahead)

    @property
    def rate(self) -> float:
        """Tokens a second: the window's limit spread evenly over it."""
        return self.limit / self.window

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

    async def admit(self) -> None:
        """The window guard: return when one more request may go on the wire now (at
        most ``limit`` in any ``window``), and count it."""
        while True:
            now = self._monotonic()
            while self._sent and self._sent[0] + self.window <= now:
                self._sent.popleft()
            if len(self._sent) < self.limit:
                self._sent.append(now)
                return
            self.held_at_guard += 1
            await asyncio.sleep(max(self._sent[0] + self.window - now, 1e-6))

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
            # Only the first message of a delivery carries its nonce. discord.py puts a
            # random nonce on every message: the delivery's replaces it, or a send
            # repeated after a kill would look new to Discord.
            _nonce.set(None)
            payload["nonce"] = nonce
            payload["enforce_nonce"] = True
        if _prepaid.get():
            # Paid once: the request's own retries inside discord.py are not re-paced.
            _prepaid.set(False)
        else:
            await pacer.acquire()
        return await original(route, **kwargs)

    http.request = paced_request


# Routes Discord does not count against the global limit: interaction callbacks and the
# follow-ups and edits sent through the interaction's webhook.
_UNCOUNTED = ("/interactions/", "/webhooks/")


def counts_against_limit(path: str) -> bool:
    return "/api/v" in path and not any(part in path for part in _UNCOUNTED)


def wire_guard(pacer: Pacer) -> aiohttp.TraceConfig:
    """The window guard as an aiohttp trace hook (discord.py's ``http_trace`` option):
    every REST request, discord.py's own retries of a 429 or a 5xx included, waits there
    right before it goes on the wire, and is counted."""

    async def on_request_start(
        session: aiohttp.ClientSession,
        context: SimpleNamespace,
        params: aiohttp.TraceRequestStartParams,
    ) -> None:
        if counts_against_limit(params.url.path):
            await pacer.admit()

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_request_start)
    return trace

"""Deciding, without guessing a sleep, that the bot has finished reacting.

The bot and the server share one event loop. The bot is idle when it has received every
dispatch the server sent (its gateway sequence equals the server's), no REST request is
in flight at the server, no short-lived task is pending, and its scheduler has no job due
at or before the simulated now; all of that holding over a few loop iterations in a row.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from discord.ext import commands

from bot.sandbox.server import SandboxServer

# Coroutines that live as long as a connection, a view or a loop: never "finished".
LONG_LIVED = frozenset({
    "RequestHandler.start",  # aiohttp server: one per keep-alive connection
    # ... and one per request: a websocket's lasts as long as the connection. REST
    # requests are counted by the server's in-flight counter instead.
    "RequestHandler._handle_request",
    "Gateway._writer",  # the sandbox gateway's writer, one per websocket
    "Loop._loop",  # discord.ext.tasks loops
    # discord.py's view timeout tasks (15 minutes for an ephemeral reply's view); the
    # coroutine's qualname keeps the unmangled name.
    "BaseView.__timeout_task_impl",
    "View.__timeout_task_impl",
    "Modal.__timeout_task_impl",
    "BaseView._BaseView__timeout_task_impl",
    "View._View__timeout_task_impl",
    "Modal._Modal__timeout_task_impl",
    "AsyncIOScheduler._start_timer",
})
QUIET_ITERATIONS = 3
FAST_POLLS = 50


class SettleTimeout(RuntimeError):
    """The bot did not become idle in time; the message says what it was still doing."""


def _name(task: asyncio.Task[Any]) -> str:
    coro = task.get_coro()
    return getattr(coro, "__qualname__", repr(coro))


class Settler:
    def __init__(self, server: SandboxServer, now: Callable[[], datetime]) -> None:
        self.server = server
        self._now = now
        self.long_lived: set[str] = set(LONG_LIVED)
        self.ignored: set[asyncio.Task[Any]] = set()

    def ignore(self, tasks: Iterable[asyncio.Task[Any]]) -> None:
        """Tasks that exist for the bot's whole life (its runner, start-up leftovers)."""
        self.ignored.update(tasks)

    def busy(self, bot: commands.Bot | None) -> list[str]:
        """Why the bot is not idle (empty when it is)."""
        reasons: list[str] = []
        if bot is not None and not bot.is_closed():
            ws = bot.ws
            received = ws.sequence if ws is not None else None
            sent = self.server.gateway.last_seq
            if not self.server.gateway.connected:
                reasons.append("gateway: the bot is not connected")
            elif (received or 0) < sent:
                reasons.append(f"gateway: bot has seq {received}, server sent {sent}")
        if self.server.in_flight:
            reasons.append(f"{self.server.in_flight} REST request(s) in flight")
        current = asyncio.current_task()
        for task in asyncio.all_tasks():
            if task is current or task in self.ignored or task.done():
                continue
            if _name(task) not in self.long_lived:
                reasons.append(f"task {task.get_name()} ({_name(task)})")
        due = self._next_due(bot)
        if due is not None and due <= self._now():
            reasons.append(f"scheduler job due at {due.isoformat()}")
        return reasons

    @staticmethod
    def _next_due(bot: commands.Bot | None) -> datetime | None:
        scheduler = getattr(bot, "scheduler", None)
        next_due = getattr(scheduler, "next_due", None)
        return next_due() if callable(next_due) else None

    async def settle(self, bot: commands.Bot | None, limit: float = 10.0) -> None:
        """Return once the bot is idle; raise ``SettleTimeout`` after ``limit`` real seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        quiet = polls = 0
        while quiet < QUIET_ITERATIONS:
            reasons = self.busy(bot)
            quiet = 0 if reasons else quiet + 1
            if reasons and loop.time() > deadline:
                raise SettleTimeout(
                    f"the bot was still busy after {limit:.0f}s: " + "; ".join(reasons[:8])
                )
            polls += 1
            # Yield to the loop first; once that is not enough, something waits on I/O or
            # a timer (a rate limit, injected latency): stop spinning and poll gently.
            await asyncio.sleep(0 if polls < FAST_POLLS else 0.002)

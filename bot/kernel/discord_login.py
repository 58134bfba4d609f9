"""Start-up that waits for Discord: log in and connect, however long Discord is away.

After a reboot the network (or DNS) may come up after the bot; Discord itself has
outages. Neither is a reason to stop: each failed attempt is one line in the log

    cannot reach Discord: name resolution failed; retrying in 10 s

and the next attempt follows after a capped exponential backoff with jitter, for as long
as it takes. What waiting cannot fix ends the process at once with one line and exit
status 2, so systemd does not restart it in a loop: a token Discord refuses (401), or
privileged intents the developer portal has not turned on.

Each attempt builds a fresh bot and closes it completely when the attempt fails, so a
start-up that failed half way (the database opened, commands not yet synced) leaves
nothing behind for the next one.

Once connected, discord.py reconnects by itself after a lost connection (with its own
backoff); ``quiet_reconnects`` turns its traceback per attempt into the same one line.
"""

from __future__ import annotations

import asyncio
import logging
import random
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
import discord

log = logging.getLogger(__name__)

FIRST_WAIT = 5.0  # seconds before the second attempt
MAX_WAIT = 300.0  # never more than five minutes between attempts

EXIT_CLEAN = 0
EXIT_CRASHED = 1
EXIT_MISCONFIGURED = 2

TOKEN_REFUSED = (
    "Discord refused DISCORD_TOKEN (401 Unauthorized): copy the token again from the "
    "developer portal (your application > Bot > Reset Token) into .env; not retrying."
)
INTENTS_MISSING = (
    "Discord refused the connection: turn on the Server Members and Message Content "
    "intents in the developer portal (your application > Bot > Privileged Gateway "
    "Intents); not retrying."
)


class Backoff:
    """Capped exponential backoff with jitter: the n-th wait is drawn between half and
    all of ``min(cap, first * 2**n)``, so many bots that lost Discord at the same moment
    do not all come back at the same second."""

    def __init__(
        self, first: float = FIRST_WAIT, cap: float = MAX_WAIT, rng: random.Random | None = None
    ) -> None:
        self.first = first
        self.cap = cap
        self.rng = rng or random.Random()
        self.failures = 0

    def next_wait(self) -> float:
        ceiling = min(self.cap, self.first * 2 ** min(self.failures, 32))
        self.failures += 1
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)


def why_unreachable(error: BaseException) -> str | None:
    """A short reason when ``error`` means Discord cannot be reached right now (worth
    waiting for); ``None`` for anything else."""
    if isinstance(error, discord.DiscordServerError):
        reason = error.response.reason or "server error"
        return f"Discord answered {error.status} {reason}"
    if isinstance(error, aiohttp.ClientConnectorError):
        cause = error.os_error
        if isinstance(cause, socket.gaierror):
            return "name resolution failed"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        return f"cannot connect ({cause.strerror or type(cause).__name__})"
    if isinstance(error, aiohttp.WSServerHandshakeError):
        return f"the gateway answered {error.status}"
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return "the server closed the connection"
    if isinstance(error, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        return "no answer in time"
    if isinstance(error, discord.GatewayNotFound):
        return "the gateway could not be found"
    if isinstance(error, aiohttp.ClientError):
        return f"connection error ({type(error).__name__})"
    if isinstance(error, OSError):
        return f"network error ({error.strerror or type(error).__name__})"
    return None


def why_fatal(error: BaseException) -> str | None:
    """The one line to exit with when waiting cannot help; ``None`` otherwise."""
    if isinstance(error, discord.LoginFailure):
        return TOKEN_REFUSED
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return INTENTS_MISSING
    if isinstance(error, discord.ConnectionClosed) and error.code == 4004:
        return TOKEN_REFUSED
    if isinstance(error, discord.ConnectionClosed) and error.code in (4010, 4011, 4012, 4013):
        return f"Discord closed the connection for good (code {error.code}: {error.reason})."
    return None


class _ReconnectLine(logging.Filter):
    """discord.py logs a full traceback before each reconnect; make it our one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == "Attempting a reconnect in %.2fs" and record.exc_info:
            error = record.exc_info[1]
            reason = (why_unreachable(error) if error else None) or "connection lost"
            record.msg = "cannot reach Discord: %s; retrying in %.0f s"
            record.args = (reason, *(record.args or (0.0,)))
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


_RECONNECT_LINE = _ReconnectLine()


def quiet_reconnects() -> None:
    """Install the one-line reconnect message (idempotent)."""
    logger = logging.getLogger("discord.client")
    if _RECONNECT_LINE not in logger.filters:
        logger.addFilter(_RECONNECT_LINE)


Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Attempt:
    """One failed attempt, as the log line tells it."""

    reason: str
    wait: float

    def line(self) -> str:
        return f"cannot reach Discord: {self.reason}; retrying in {self.wait:.0f} s"


class DiscordRunner:
    """Run a bot until it is stopped, waiting through outages.

    ``make_bot`` builds a fresh bot for each attempt. ``sleep`` and ``backoff`` are
    injected by tests (time as an input); by default the wait ends early on ``stop()``.
    """

    def __init__(
        self,
        make_bot: Callable[[], discord.Client],
        token: str,
        *,
        sleep: Sleep | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.make_bot = make_bot
        self.token = token
        self.backoff = backoff or Backoff()
        self._sleep = sleep or self._wait_unless_stopped
        self._stopped = asyncio.Event()
        self.bot: discord.Client | None = None
        self.attempts: list[Attempt] = []
        self._closing: asyncio.Future[None] | None = None

    async def _wait_unless_stopped(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopped.wait(), timeout=seconds)
        except TimeoutError:
            pass

    def stop(self) -> None:
        """Stop (from a signal handler): close the running bot, end any wait."""
        self._stopped.set()
        if self.bot is not None and not self.bot.is_closed():
            self._closing = asyncio.ensure_future(self.bot.close())

    async def run(self) -> int:
        """The process's exit status: 0 stopped, 2 misconfigured (never retried)."""
        quiet_reconnects()
        while not self._stopped.is_set():
            bot = self.bot = self.make_bot()
            try:
                async with bot:
                    await bot.start(self.token)
                return EXIT_CLEAN
            except Exception as error:  # classified below; anything else is re-raised
                fatal = why_fatal(error)
                if fatal is not None:
                    log.critical("%s", fatal)
                    return EXIT_MISCONFIGURED
                reason = why_unreachable(error)
                if reason is None:
                    raise
                if self._stopped.is_set():
                    return EXIT_CLEAN
                attempt = Attempt(reason, self.backoff.next_wait())
                self.attempts.append(attempt)
                log.warning("%s", attempt.line())
                await self._sleep(attempt.wait)
            finally:
                self.bot = None
        return EXIT_CLEAN

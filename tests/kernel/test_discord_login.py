"""Start-up that waits for Discord: DNS failure, a refused connection and a 5xx each get
one line and a retry after a capped, jittered backoff, then the bot connects; a token
Discord refuses (401) ends at once with status 2. Against the sandbox's Discord server,
with the waits injected so the test takes no real time."""

from __future__ import annotations

import asyncio
import logging
import random
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import discord
import pytest
import pytest_asyncio
import yarl

from bot.kernel.clock import SimulatedClock
from bot.kernel.discord_login import (
    EXIT_CLEAN,
    EXIT_MISCONFIGURED,
    MAX_WAIT,
    TOKEN_REFUSED,
    Backoff,
    DiscordRunner,
    quiet_reconnects,
)
from bot.sandbox.server import SandboxServer

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
UNRESOLVABLE = "http://discord.invalid/api/v10"  # .invalid never resolves (RFC 6761)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


@pytest_asyncio.fixture
async def server() -> AsyncIterator[SandboxServer]:
    running = SandboxServer(SimulatedClock(START))
    running.state.add_guild("Companion IOP (sandbox)", owner_name="program-admin")
    await running.start()
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(running.gateway_url)
    try:
        yield running
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
        await running.stop()


def _plain_bot() -> discord.Client:
    return discord.Client(intents=discord.Intents.none())


@pytest.mark.asyncio
async def test_an_outage_at_start_up_is_waited_out_one_line_per_attempt(
    server: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    # Discord is away in three ways, one after another, then back.
    outage = [
        lambda: setattr(discord.http.Route, "BASE",
                        f"http://127.0.0.1:{_closed_port()}/api/v10"),
        lambda: (setattr(discord.http.Route, "BASE", server.base_url),
                 server.faults.fail_next(503, method="GET", route="/users/@me")),
        lambda: None,
    ]
    discord.http.Route.BASE = UNRESOLVABLE
    server.faults.plan.spare_login = False
    waits: list[float] = []
    built: list[discord.Client] = []

    async def no_real_wait(seconds: float) -> None:
        waits.append(seconds)
        outage[len(waits) - 1]()

    def make_bot() -> discord.Client:
        built.append(_plain_bot())
        return built[-1]

    runner = DiscordRunner(make_bot, server.state.token, sleep=no_real_wait,
                           backoff=Backoff(first=10, cap=MAX_WAIT, rng=random.Random(7)))
    task = asyncio.create_task(runner.run())
    while not built or not built[-1].is_ready():
        assert not task.done(), task.result()
        await asyncio.sleep(0.01)
    runner.stop()
    assert await asyncio.wait_for(task, 10) == EXIT_CLEAN

    assert [a.reason for a in runner.attempts] == [
        "name resolution failed",
        "connection refused",
        "Discord answered 503 Service Unavailable",
    ]
    lines = [r for r in caplog.records if r.name == "bot.kernel.discord_login"]
    assert [r.getMessage() for r in lines] == [a.line() for a in runner.attempts]
    assert lines[0].getMessage() == (
        f"cannot reach Discord: name resolution failed; retrying in {waits[0]:.0f} s"
    )
    assert all(r.levelno == logging.WARNING for r in lines)
    assert not [r for r in caplog.records if r.exc_info], "no traceback in the log"
    # Capped exponential backoff with jitter: each wait within [half, all] of 10 s, 20 s,
    # 40 s; each attempt had a bot of its own, closed when it failed.
    for n, wait in enumerate(waits):
        assert 10 * 2**n / 2 <= wait <= 10 * 2**n
    assert len(built) == 4 and all(bot.is_closed() for bot in built)


@pytest.mark.asyncio
async def test_a_refused_token_ends_at_once_with_status_2(
    server: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    discord.http.Route.BASE = server.base_url
    waits: list[float] = []

    async def no_real_wait(seconds: float) -> None:
        waits.append(seconds)

    runner = DiscordRunner(_plain_bot, "MTIz.wrong.token", sleep=no_real_wait)
    assert await asyncio.wait_for(runner.run(), 10) == EXIT_MISCONFIGURED
    assert waits == []
    said = [r for r in caplog.records if r.name == "bot.kernel.discord_login"]
    assert [r.getMessage() for r in said] == [TOKEN_REFUSED]
    assert not [r for r in caplog.records if r.exc_info]


def test_backoff_grows_is_capped_and_jittered() -> None:
    backoff = Backoff(first=5, cap=300, rng=random.Random(3))
    waits = [backoff.next_wait() for _ in range(40)]
    assert waits[0] <= 5 and max(waits) <= 300 and min(waits[10:]) >= 150
    assert len({round(w, 3) for w in waits[10:]}) > 20, "jitter spreads the waits"


def test_discord_py_reconnect_traceback_becomes_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    quiet_reconnects()
    error = aiohttp.ClientConnectorError(
        aiohttp.client_reqrep.ConnectionKey("gateway.discord.gg", 443, True, None, None,
                                            None, None),
        OSError(111, "Connection refused"),
    )
    try:
        raise error
    except aiohttp.ClientError:
        logging.getLogger("discord.client").exception("Attempting a reconnect in %.2fs", 7.4)
    record = caplog.records[-1]
    assert record.getMessage() == "cannot reach Discord: connection refused; retrying in 7 s"
    assert record.exc_info is None and record.levelno == logging.WARNING

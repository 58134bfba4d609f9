"""The one conftest: the environment fixtures every test folder shares: a migrated
database, a sandbox with the real Companion bot, one with the probe bot, a factory for
sandboxes with faults (each with its own database in ``tmp_path`` and a ``SimulatedClock``
starting on Monday 2026-12-07 09:00 in New York), and the shipped moderation rules
(``rules``, compiled once). Helpers that are not fixtures live beside it:
``tests/builders.py`` (program files), ``tests/replay.py``, ``tests/checkins/checkin_env.py``
and ``tests/privacy/privacy_data.py``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.crisis.domain.crisis import detect_crisis_tier
from bot.crisis.resources import load_resources
from bot.kernel.clock import SimulatedClock
from bot.kernel.crisis_lines import use_crisis_lines
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.moderation.domain.rules import CompiledRules, default_rules
from bot.sandbox.driver import Sandbox
from tests.sandbox.probe_bot import probe_factory

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)

StartSandbox = Callable[..., Awaitable[Sandbox]]


@pytest.fixture(autouse=True, scope="session")
def crisis_lines_from_the_data_file() -> None:
    """What bot/app.py does at start-up, for tests that build services without the app."""
    use_crisis_lines(load_resources())


@pytest.fixture(scope="session")
def rules() -> CompiledRules:
    """data/moderation.toml compiled with the crisis detector, as the moderator runs it
    (read-only: a test that needs other rules compiles its own)."""
    return default_rules(crisis=detect_crisis_tier)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(START)


@pytest_asyncio.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database of the test's own, closed afterwards."""
    database = await Database.open(tmp_path / "test.sqlite3")
    await migrate(database)
    yield database
    await database.close()


@pytest_asyncio.fixture
async def start_sandbox(tmp_path: Path) -> AsyncIterator[StartSandbox]:
    """Start sandboxes with any options (the probe bot unless told otherwise); all are
    stopped after the test."""
    started: list[Sandbox] = []

    async def start(**options: Any) -> Sandbox:
        options.setdefault("database_path", tmp_path / f"companion-{len(started)}.sqlite3")
        options.setdefault("clock", SimulatedClock(START))
        options.setdefault("bot_factory", probe_factory)
        sandbox = await Sandbox.start(**options)
        started.append(sandbox)
        return sandbox

    yield start
    for sandbox in reversed(started):
        await sandbox.stop()


@pytest_asyncio.fixture
async def sandbox(tmp_path: Path, clock: SimulatedClock) -> AsyncIterator[Sandbox]:
    """The real Companion bot in the demo server layout."""
    running = await Sandbox.start(database_path=tmp_path / "companion.sqlite3", clock=clock)
    yield running
    await running.stop()


@pytest_asyncio.fixture
async def probe(start_sandbox: StartSandbox) -> Sandbox:
    """The probe bot (tests/sandbox/probe_bot.py) in the demo server layout."""
    return await start_sandbox()


async def eventually(condition: Callable[[], bool], limit: float = 5.0) -> None:
    """Wait (in real time) for something the gateway does on its own, e.g. a reconnect."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.005)

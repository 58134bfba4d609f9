"""The sandbox's answers to /setup's requests (creating roles, channels with permission
overwrites, editing overwrites) agree with Discord's OpenAPI description."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.kernel.clock import SimulatedClock
from bot.sandbox.driver import Sandbox

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / ".." / "shared" / "discord-api-spec" / "openapi.json"
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
SETUP_ROUTES = {
    ("POST", "/guilds/{guild_id}/roles"),
    ("POST", "/guilds/{guild_id}/channels"),
    ("PUT", "/channels/{channel_id}/permissions/{overwrite_id}"),
}

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def openapi() -> Any:
    if not SPEC.exists():
        pytest.skip(f"Discord's OpenAPI description is not here ({SPEC}): ../shared is absent")
    from openapi_core import Config, OpenAPI

    return OpenAPI.from_dict(json.loads(SPEC.read_text()), config=Config(spec_validator_cls=None))


async def captured_setup(tmp_path: Path, *, seed_demo: bool) -> list[Any]:
    sandbox = await Sandbox.start(database_path=tmp_path / f"c-{seed_demo}.sqlite3",
                                  clock=SimulatedClock(START), seed_demo=seed_demo,
                                  capture=True)
    try:
        if not seed_demo:
            sandbox.add_channel("general")
        await sandbox.slash("program-admin", "/setup", "general")
        if seed_demo:
            await sandbox.click("program-admin", "Apply changes")
        return list(sandbox.server.captures or [])
    finally:
        await sandbox.stop()


@pytest.mark.asyncio
async def test_setup_requests_and_answers_conform(openapi: Any, tmp_path: Path) -> None:
    from tests.sandbox.test_conformance import _problems

    exchanges = await captured_setup(tmp_path, seed_demo=False)
    exchanges += await captured_setup(tmp_path, seed_demo=True)
    setup_exchanges = [e for e in exchanges if (e.method, e.template) in SETUP_ROUTES]
    assert {(e.method, e.template) for e in setup_exchanges} == SETUP_ROUTES
    # discord.py encodes permission bits as strings and overwrite ids as numbers here,
    # where the description says the opposite; Discord accepts both, so only the
    # sandbox's side, the answers, is held to the description.
    problems = [p for e in setup_exchanges for p in _problems(openapi, e)
                if ": response:" in p]
    assert problems == [], "\n".join(problems)

"""Every kind of script line against the real sandbox server and discord.py client.

A tiny moderating bot (deletes "spam", times out "flood") and the sandbox's probe bot
(buttons, a select, a modal) stand in for cogs that other parts of Companion provide, so
``clicks``, ``selects``, ``submits``, ``deleted``, ``kept`` and ``timeout`` are checked
end to end whatever cogs exist.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import discord
import pytest
import pytest_asyncio
from discord.ext import commands

from bot.kernel.clock import SimulatedClock
from bot.kernel.config import Settings
from bot.sandbox.driver import Sandbox
from bot.sandbox.runner import Runner
from bot.sandbox.script import parse_script
from tests.conftest import START
from tests.sandbox.probe_bot import probe_factory

pytestmark = pytest.mark.e2e


class Moderator(commands.Cog):
    def __init__(self, clock: SimulatedClock) -> None:
        self.clock = clock

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.guild is None or message.author.bot:
            return
        if "spam" in message.content:
            await message.delete()
            await message.channel.send(f"{message.author.mention}, removed: no spam here")
        elif "flood" in message.content and isinstance(message.author, discord.Member):
            await message.author.timeout(self.clock.now() + timedelta(minutes=10))


def moderator_factory(settings: Settings, clock: SimulatedClock) -> commands.Bot:
    bot = probe_factory(settings, clock)
    probe_setup = bot.setup_hook

    async def setup_hook() -> None:
        await probe_setup()
        await bot.add_cog(Moderator(clock))

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


@pytest_asyncio.fixture
async def box(tmp_path: Path) -> AsyncIterator[Sandbox]:
    sandbox = await Sandbox.start(database_path=tmp_path / "db.sqlite3",
                                  clock=SimulatedClock(START), bot_factory=moderator_factory)
    yield sandbox
    await sandbox.stop()


async def run(box: Sandbox, script: str) -> Runner:
    runner = Runner(box, zone="America/New_York")
    await runner.run(parse_script(script))
    return runner


def failed_lines(runner: Runner) -> list[int]:
    return [failure.line for failure in runner.result.failures]


@pytest.mark.asyncio
async def test_buttons_selects_and_forms_from_a_script(box: Sandbox) -> None:
    runner = await run(box, """\
member alex participant
alex in #general: /menu
expect #general "Choose:"
alex selects "2" in "Mood"
expect #general "mood m2"
alex clicks "Form"
alex submits Note="Tired but ok"
expect #general "noted: Tired but ok"
alex clicks "Yes"
expect #general "you said yes"
""")
    assert runner.result.failures == []
    assert runner.result.checked == 4


@pytest.mark.asyncio
async def test_deleted_kept_and_timeout_read_what_the_bot_did(box: Sandbox) -> None:
    runner = await run(box, """\
member bob participant
member sam participant
bob in #peer-support: buy my spam
expect deleted bob
expect #peer-support "@bob, removed"
sam in #peer-support: hello all
expect kept sam
expect no timeout sam
sam in #peer-support: flood flood flood
expect timeout sam
expect kept sam
advance 11m
expect no timeout sam
expect kept bob
expect deleted sam
""")
    assert failed_lines(runner) == [14, 15]
    assert runner.result.failures[0].detail.startswith("bob's newest message \"buy my spam\" "
                                                       "was deleted")
    assert runner.result.failures[1].detail == (
        "sam's newest message \"flood flood flood\" was not deleted"
    )


@pytest.mark.asyncio
async def test_an_unknown_slash_command_stops_the_script_naming_what_exists(box: Sandbox) -> None:
    runner = await run(box, "member alex participant\nalex: /nothing\nalex: /menu\n")
    (failure,) = runner.result.failures
    assert failure.line == 2
    assert "no slash command /nothing" in failure.detail
    assert runner.result.stopped

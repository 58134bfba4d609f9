"""A script cannot pass by accident: an exception the bot does not handle, in a slash
command, a button, an event handler or a scheduled job, fails the run with the
traceback's tail in the transcript, even when no ``expect`` line looked at the reply."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.kernel.clock import SimulatedClock
from bot.kernel.config import Settings
from bot.kernel.scheduling import ClockedScheduler
from bot.sandbox.cli import _summarise
from bot.sandbox.driver import Sandbox, plain_factory
from bot.sandbox.runner import Runner, RunResult
from bot.sandbox.script import parse_script

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


class Explode(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Explode", custom_id="faulty:explode")
    async def explode(self, interaction: discord.Interaction,
                      button: discord.ui.Button[Explode]) -> None:
        raise RuntimeError("the button handler broke")


class Faulty(commands.Cog):
    @app_commands.command(description="Answers, with a button that breaks")
    async def fine(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("all good", view=Explode())

    @app_commands.command(description="Breaks before answering")
    async def boom(self, interaction: discord.Interaction) -> None:
        raise ZeroDivisionError("the command broke")

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.content == "break, please":
            raise ValueError("the event handler broke")


async def broken_job() -> None:
    raise KeyError("the scheduled job broke")


def faulty_factory(settings: Settings, clock: SimulatedClock) -> commands.Bot:
    bot = plain_factory(settings, clock)
    scheduler = ClockedScheduler(clock)
    bot.scheduler = scheduler  # type: ignore[attr-defined]  # where the sandbox looks
    closing = bot.close

    async def setup_hook() -> None:
        await bot.add_cog(Faulty())
        bot.add_view(Explode())
        await bot.tree.sync()
        scheduler.start()
        scheduler.schedule_at("broken-job", START + timedelta(hours=1), broken_job)

    async def close() -> None:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await closing()

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    bot.close = close  # type: ignore[method-assign]
    return bot


async def replay(tmp_path: Path, script: str) -> tuple[RunResult, str]:
    sandbox = await Sandbox.start(database_path=tmp_path / "db.sqlite3",
                                  clock=SimulatedClock(START), bot_factory=faulty_factory)
    lines: list[str] = []
    try:
        result = await Runner(sandbox, emit=lines.append).run(
            parse_script("member alex participant\n" + script))
    finally:
        await sandbox.stop()
    summary = io.StringIO()
    _summarise(result, "UTC", summary)
    return result, "\n".join(lines) + "\n" + summary.getvalue()


@pytest.mark.parametrize(
    ("script", "raised", "frame"),
    [
        ("alex: /boom\n", "ZeroDivisionError: the command broke", "in boom"),
        ('alex: /fine\nalex clicks "Explode"\n', "RuntimeError: the button handler broke",
         "in explode"),
        ("alex: break, please\n", "ValueError: the event handler broke", "in on_message"),
        ("advance 2h\n", "KeyError: 'the scheduled job broke'", "in broken_job"),
    ],
    ids=["command", "view", "event", "job"],
)
async def test_an_unhandled_exception_fails_the_script_with_its_traceback(
    tmp_path: Path, script: str, raised: str, frame: str
) -> None:
    result, transcript = await replay(tmp_path, script)
    assert result.exit_code == 1
    assert result.bot_errors == 1
    assert f"the bot raised {raised}" in transcript
    assert frame in transcript  # the innermost frame of the traceback is shown
    assert "the bot raised 1 unhandled exception" in transcript


async def test_a_bot_that_handles_everything_still_passes(tmp_path: Path) -> None:
    result, transcript = await replay(tmp_path, 'alex: /fine\nexpect dm alex "all good"\n')
    assert result.exit_code == 0, transcript
    assert result.bot_errors == 0


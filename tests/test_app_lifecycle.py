"""The bot's start-up and shutdown, without a Discord connection (no GUILD_ID: no sync)."""

import asyncio
from pathlib import Path

import pytest

from bot.app import NO_PINGS, CompanionBot, cog_modules, intents
from bot.kernel.clock import SimulatedClock
from bot.kernel.config import Settings
from bot.kernel.db.migrate import latest_version


def test_every_cog_module_is_found() -> None:
    assert "cogs.ops.about" in cog_modules()
    assert all(not name.split(".")[-1].startswith("_") for name in cog_modules())


def test_intents_are_the_least_the_product_needs() -> None:
    wanted = intents()
    assert wanted.members and wanted.message_content and wanted.guild_messages
    assert wanted.dm_messages and wanted.guilds
    assert not wanted.presences and not wanted.typing and not wanted.voice_states


def test_nobody_is_pinged_by_default() -> None:
    assert NO_PINGS.everyone is False
    assert NO_PINGS.roles is False
    assert NO_PINGS.users is False


@pytest.mark.asyncio
async def test_setup_hook_opens_everything_and_close_releases_it(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    settings = Settings(database_path=tmp_path / "bot.sqlite3")
    bot = CompanionBot(settings, clock=SimulatedClock(datetime(2026, 12, 7, tzinfo=UTC)))
    await bot.setup_hook()
    try:
        assert await bot.db.fetchval("PRAGMA user_version") == latest_version()
        assert bot.scheduler.running
        assert bot.tree.get_command("about") is not None
        assert "About" in bot.cogs
    finally:
        await bot.close()
    await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
    assert not hasattr(bot, "db")
    assert not bot.scheduler.running

"""Starts the heartbeat and the daily backup (bot/ops/health.py) with the bot, stops them
with it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from discord.ext import commands

from bot.kernel.clock import SimulatedClock

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)


class Health(commands.Cog):
    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.health  # built in bot/app.py; started here with the cog

    async def cog_load(self) -> None:
        if isinstance(self.bot.clock, SimulatedClock):
            # Simulated time (the sandbox) replays days in seconds: a heartbeat every
            # five simulated minutes would be noise, and backups of a throwaway database
            # are pointless.
            log.info("simulated clock: the heartbeat and daily backups are off")
            return
        settings = self.service.settings
        self.service.start()
        log.info(
            "health: heartbeat every %s, backups at %s UTC into %s (keeping %d)",
            settings.heartbeat, settings.backup_at.strftime("%H:%M"), settings.backup_dir,
            settings.backups_kept,
        )

    async def cog_unload(self) -> None:
        self.service.stop()


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(Health(bot))

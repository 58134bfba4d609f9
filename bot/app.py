"""The discord.py bot: opens the database, loads the cogs, starts the scheduler."""

from __future__ import annotations

import hashlib
import json
import logging
import pkgutil
import time
from pathlib import Path

import discord
from discord.ext import commands

import cogs
from bot.checkins.personal_data import CHECKINS_DATA
from bot.continuity.personal_data import CONTINUITY_DATA
from bot.coping.personal_data import COPING_DATA
from bot.crisis.personal_data import CRISIS_DATA
from bot.crisis.service import CrisisService
from bot.kernel.clock import Clock, SystemClock
from bot.kernel.config import Settings
from bot.kernel.crisis_lines import use_crisis_lines
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.kernel.db.state import get_state, set_state
from bot.kernel.errors import on_app_command_error
from bot.kernel.messenger import Messenger
from bot.kernel.pacing import Pacer
from bot.kernel.ports import PersonalDataProvider
from bot.kernel.scheduling import ClockedScheduler
from bot.moderation.personal_data import MODERATION_DATA
from bot.program.personal_data import PROGRAM_DATA
from bot.program.service import ProgramService
from cogs.crisis._views import ack_view

log = logging.getLogger(__name__)

COGS_PACKAGE = "cogs"

# What participants use in a DM with the bot (Discord offers only global commands there);
# every other command is registered for the program's server only.
DM_COMMANDS = frozenset(
    {
        "about",
        "crisis",
        "crisis-region",
        "coping",
        "myskills",
        "schedule",
        "timezone",
        "reminders",
        "pause",
        "checkin",
        "checkin-time",
        "progress",
        # Continuity of care (issue 11): personal settings participants make in DMs.
        "medication",
        "content-warnings",
        "alumni",
        "family",
        # Privacy (issue 9): the notice arrives in a DM, so its commands work there too.
        "privacy",
        "mydata",
    }
)
GLOBAL_COMMANDS_STATE = "commands.global_fingerprint"

# Companion never joins voice: do not warn at every start that voice libraries are missing.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def cog_modules() -> list[str]:
    """Every extension under ``cogs/``: each capability's package holds its cogs; modules
    starting with ``_`` (views, helpers) are not extensions, and neither are packages."""
    return sorted(
        info.name
        for info in pkgutil.walk_packages(cogs.__path__, f"{COGS_PACKAGE}.")
        if not info.ispkg and not info.name.rsplit(".", 1)[-1].startswith("_")
    )


def intents() -> discord.Intents:
    """The least the product needs: members (roles, enrolment), guild and DM messages,
    and message content for the peer-channel moderator and DM check-in notes."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.members = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    wanted.message_content = True
    return wanted


# Nobody is pinged unless a message names them on purpose (pass
# ``allowed_mentions=discord.AllowedMentions(users=[member])`` on that send).
NO_PINGS = discord.AllowedMentions(everyone=False, roles=False, users=False, replied_user=False)

# Each capability's answer for its own tables to privacy's export and erasure, in erasure
# order (privacy adds its own tables and the kernel's members and deliveries last).
PERSONAL_DATA: tuple[PersonalDataProvider, ...] = (
    PROGRAM_DATA, CHECKINS_DATA, COPING_DATA, CRISIS_DATA, MODERATION_DATA, CONTINUITY_DATA,
)


class CompanionBot(commands.Bot):
    db: Database
    scheduler: ClockedScheduler
    programs: ProgramService
    messenger: Messenger
    crisis: CrisisService
    personal_data: tuple[PersonalDataProvider, ...] = PERSONAL_DATA

    def __init__(
        self, settings: Settings, *, clock: Clock | None = None, **options: object
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            allowed_mentions=NO_PINGS,
            **options,  # type: ignore[arg-type]
        )
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.started_at = time.monotonic()
        self.ready_after: float | None = None
        self.tree.error(on_app_command_error)

    async def setup_hook(self) -> None:
        self.db = await Database.open(Path(self.settings.database_path))
        applied = await migrate(self.db)
        if applied:
            log.info("database migrated to version %d", applied[-1])
        guild_id = self.settings.guild_id or 0
        self.programs = ProgramService(self.db, guild_id)
        self.messenger = Messenger(self, self.db, guild_id, Pacer())
        self.scheduler = ClockedScheduler(self.clock)
        self.scheduler.start()
        # Built before the cogs load, so every capability reaches the one crisis path.
        # Loads data/crisis_resources.toml: a bad file stops the start here.
        self.crisis = CrisisService(self, alert_view=ack_view)
        use_crisis_lines(self.crisis.resources)  # for text written outside crisis help
        for module in cog_modules():
            await self.load_extension(module)
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """Sync deliberately: server commands to the program's server at every start
        (instant, and scoped to it); the few commands participants use in DMs with the
        bot globally, since Discord offers only global commands in DMs, and only when
        their definitions changed since the last global sync, never on every start."""
        if self.settings.guild_id is None:
            log.warning("GUILD_ID is not set: slash commands are not synced to any server")
            return
        guild = discord.Object(id=self.settings.guild_id)
        for command in self.tree.get_commands():
            if command.name not in DM_COMMANDS:
                self.tree.add_command(command, guild=guild, override=True)
                self.tree.remove_command(command.name)
        synced = await self.tree.sync(guild=guild)
        log.info("synced %d app commands to guild %s", len(synced), self.settings.guild_id)
        everywhere = self.tree.get_commands()
        payload = json.dumps([c.to_dict(self.tree) for c in everywhere], sort_keys=True)
        fingerprint = hashlib.sha256(payload.encode()).hexdigest()
        if await get_state(self.db, GLOBAL_COMMANDS_STATE) != fingerprint:
            await self.tree.sync()
            await set_state(self.db, GLOBAL_COMMANDS_STATE, fingerprint)
            log.info("synced %d DM commands globally (their definitions changed)", len(everywhere))

    async def on_ready(self) -> None:
        if self.ready_after is None:
            self.ready_after = time.monotonic() - self.started_at
            log.info("ready as %s after %.2f s", self.user, self.ready_after)

    async def close(self) -> None:
        scheduler = getattr(self, "scheduler", None)
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=False)
        await super().close()
        db = getattr(self, "db", None)
        if db is not None:
            await db.close()
            del self.db

"""The sandbox driver: the loopback Discord and the real bot in one event loop, and a
Python API to act as members and read back what the bot did.

    sandbox = await Sandbox.start(database_path=tmp / "db.sqlite3", clock=clock)
    sandbox.add_member("alex", "participant", "America/Chicago")
    await sandbox.slash("alex", "/about")
    assert any("Companion" in e.text for e in sandbox.events)
    await sandbox.stop()

discord.py is pointed at the sandbox through its two documented-by-source class
attributes (``Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``), restored on stop.
Its REST client's waits and its interaction webhooks' (a 429's Retry-After, an exhausted
bucket, the pause before retrying a 500) are taken on the sandbox's Discord clock: as
much shorter as the rate limit policy's ``scale`` makes that clock faster
(``ScaledWaits``), restored on stop too.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import inspect
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import yarl
from discord.ext import commands

from bot.kernel.clock import SimulatedClock
from bot.kernel.config import Secret, Settings
from bot.kernel.db.state import set_state
from bot.sandbox.actions import MemberActions
from bot.sandbox.bot_errors import ErrorWatch
from bot.sandbox.command_permissions import allow_role
from bot.sandbox.events import FileSaver, SandboxEvent
from bot.sandbox.faults import FaultPlan
from bot.sandbox.outputs import SANDBOX_MARK
from bot.sandbox.ratelimit import RateLimiter, RateLimitPolicy
from bot.sandbox.server import SandboxServer
from bot.sandbox.settle import Settler
from bot.sandbox.state import EVERYONE_PERMISSIONS, Perm

log = logging.getLogger(__name__)

# Real seconds the bot may take to become ready, beyond the time Discord's rate limits
# make it wait (five command syncs in 20 s is Discord's limit: a sixth start waits).
READY_TIMEOUT = 10.0
GUILD_READY_TIMEOUT = 0.05  # discord.py waits this long for more GUILD_CREATEs
DEMO_CHANNELS = ("general", "agendas", "peer-support", "daily-check-in", "facilitators",
                 "mod-log")
FACILITATOR_PERMISSIONS = int(EVERYONE_PERMISSIONS | Perm.MANAGE_MESSAGES | Perm.MODERATE_MEMBERS)

BotFactory = Callable[[Settings, SimulatedClock], commands.Bot]


def _sandbox_subclass(base: type[commands.Bot]) -> type[commands.Bot]:
    """The bot class with the two start-up waits a sandbox does not need removed."""

    class SandboxBot(base):  # type: ignore[valid-type, misc]
        async def before_identify_hook(
            self, shard_id: int | None, *, initial: bool = False
        ) -> None:
            # discord.py sleeps 5 s before every re-IDENTIFY to respect Discord's
            # concurrency limit; the sandbox has none.
            return None

    SandboxBot.__name__ = f"Sandbox{base.__name__}"
    return SandboxBot


class ScaledWaits:
    """What discord.py's REST module sees as ``asyncio``: the same, except that each
    sleep lasts ``scale`` real seconds per second asked (the server's current policy), so
    the client waits on the same fast clock the sandbox's rate limits run on."""

    def __init__(self, limits: RateLimiter) -> None:
        self._limits = limits

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(delay * self._limits.policy.scale, result)


def _coroutine_name(task: asyncio.Task[Any]) -> str:
    return getattr(task.get_coro(), "__qualname__", "")


def _construct(cls: type[commands.Bot], *args: Any, **kwargs: Any) -> commands.Bot:
    accepts_options = any(p.kind is inspect.Parameter.VAR_KEYWORD
                          for p in inspect.signature(cls.__init__).parameters.values())
    if accepts_options:
        return cls(*args, guild_ready_timeout=GUILD_READY_TIMEOUT, **kwargs)
    bot = cls(*args, **kwargs)
    # The class does not forward client options: set the one the sandbox needs directly.
    bot._connection.guild_ready_timeout = GUILD_READY_TIMEOUT
    return bot


def companion_factory(settings: Settings, clock: SimulatedClock) -> commands.Bot:
    from bot.app import CompanionBot  # the lead's; imported late so the sandbox loads alone

    return _construct(_sandbox_subclass(CompanionBot), settings, clock=clock)


def plain_factory(settings: Settings, clock: SimulatedClock) -> commands.Bot:
    """A bare bot with no commands, for testing the sandbox itself."""
    intents = discord.Intents.default()
    intents.members = intents.message_content = True
    return _construct(_sandbox_subclass(commands.Bot), command_prefix="!", intents=intents)


def default_factory() -> BotFactory:
    return companion_factory if importlib.util.find_spec("bot.app") else plain_factory


class Sandbox:
    """The loopback Discord server plus the real bot, in one event loop."""

    def __init__(self, server: SandboxServer, clock: SimulatedClock, database_path: Path,
                 factory: BotFactory) -> None:
        self.server = server
        self.clock = clock
        self.database_path = database_path
        self._factory = factory
        guild = next(iter(server.state.guilds.values()))
        self.guild_id = guild.id
        self.actions = MemberActions(server, guild.id)
        self.settler = Settler(server, clock.now)
        self.bot: commands.Bot = None  # type: ignore[assignment]  # set by _start_bot
        self._bot_task: asyncio.Task[None] | None = None
        self._timezones: dict[str, str | None] = {}
        self._saved_base: str | None = None
        self._saved_gateway: yarl.URL | None = None
        # Unhandled exceptions in the bot (or the server), for the runner to fail on.
        self.bot_errors = ErrorWatch(clock.now)
        self.rate_limited_for = 0.0  # seconds the last start waited on 429s

    # ---- lifecycle ----------------------------------------------------------------------
    @classmethod
    async def start(
        cls, *, database_path: Path, clock: SimulatedClock, seed_demo: bool = True,
        faults: FaultPlan | None = None, bot_factory: BotFactory | None = None,
        capture: bool = False, ratelimits: RateLimitPolicy | None = None,
        files_dir: Path | None = None,
    ) -> Sandbox:
        """Start the server, seed it, start the bot and wait until it is ready.

        Beyond the contract: ``bot_factory`` builds another bot (tests of the sandbox use
        a small probe bot); ``capture`` records every REST exchange in ``server.captures``
        from the first request on (the conformance test reads them); ``ratelimits``
        replaces Discord's limits (``RateLimitPolicy(scale=0.1)`` keeps every limit but
        makes each window a tenth as long, for fast tests); ``files_dir`` is where every
        file the bot sends is saved (the transcript names each one).
        """
        server = SandboxServer(clock, faults=faults, ratelimits=ratelimits)
        if files_dir is not None:
            server.log.saver = FileSaver(files_dir)
        if capture:
            server.captures = []
        state = server.state
        guild = state.add_guild("Companion IOP (sandbox)", owner_name="program-admin")
        if seed_demo:
            for role in ("Facilitator", "Participant", "Peer"):
                permissions = FACILITATOR_PERMISSIONS if role == "Facilitator" else 0
                state.add_role(guild, role, permissions)
            # Set up as the README says: Server Settings > Integrations shows the bot's
            # commands to the Facilitator role (facilitator commands need Manage Server).
            allow_role(state, guild, "Facilitator")
            for name in DEMO_CHANNELS:
                state.add_channel(guild, name)
        await server.start()
        sandbox = cls(server, clock, database_path, bot_factory or default_factory())
        sandbox.bot_errors.install()
        try:
            await sandbox._start_bot()
        except BaseException:
            await sandbox.stop()
            raise
        return sandbox

    def settings(self) -> Settings:
        return Settings(database_path=self.database_path, guild_id=self.guild_id,
                        token=Secret(self.server.state.token))

    async def _start_bot(self) -> None:
        self._point_discord_here()
        bot = self._factory(self.settings(), self.clock)
        ready = asyncio.Event()

        async def on_ready() -> None:
            ready.set()

        bot.add_listener(on_ready, "on_ready")
        self.bot = bot
        limits = self.server.ratelimits
        waited_before = limits.retry_seconds
        self._bot_task = asyncio.create_task(bot.start(self.server.state.token),
                                             name="sandbox-bot")
        waiter = asyncio.create_task(ready.wait())
        began = time.monotonic()
        done: set[asyncio.Task[Any]] = set()
        while not done:
            # Time spent obeying a 429 is Discord's doing, not the bot being stuck.
            waited = limits.retry_seconds - waited_before
            left = began + READY_TIMEOUT + waited - time.monotonic()
            if left <= 0:
                break
            done, _ = await asyncio.wait({waiter, self._bot_task}, timeout=left,
                                         return_when=asyncio.FIRST_COMPLETED)
        self.rate_limited_for = limits.retry_seconds - waited_before
        if waiter not in done:
            waiter.cancel()
            if self._bot_task in done:
                self._bot_task.result()  # raises what stopped the bot
            # A start half done (still in setup_hook) must not go on once given up on.
            self._bot_task.cancel()
            with contextlib.suppress(BaseException):
                await self._bot_task
            self._bot_task = None
            raise RuntimeError(f"the bot was not ready after {READY_TIMEOUT:.0f}s")
        await self._mark_database(bot)
        # What runs now, bar event handlers, lives as long as the bot (its runner, its
        # gateway connection); event handlers are work that settle() must wait for.
        # Scheduled jobs that started during start-up (a reminder caught up after
        # downtime) are work too.
        self.settler.ignore(t for t in asyncio.all_tasks()
                            if not t.get_name().startswith("discord.py:")
                            and _coroutine_name(t) != "run_coroutine_job")
        await self.settle()

    async def _mark_database(self, bot: commands.Bot) -> None:
        """Mark the database as the sandbox's own (see ``bot.sandbox.outputs``)."""
        db = getattr(bot, "db", None)
        if db is not None:
            await set_state(db, SANDBOX_MARK, "yes")

    async def _stop_bot(self) -> None:
        if self.bot is not None and not self.bot.is_closed():
            await self.bot.close()
        if self._bot_task is not None:
            try:
                await self._bot_task
            except (discord.DiscordException, OSError, asyncio.CancelledError):
                log.debug("the sandbox bot stopped with an error", exc_info=True)
            self._bot_task = None

    async def stop(self) -> None:
        try:
            await self._stop_bot()
            await self.server.stop()
        finally:
            self._restore_discord()
            self.bot_errors.uninstall()

    async def restart_bot(self) -> None:
        """Stop the bot and start a new one on the same database; the server keeps state."""
        await self._stop_bot()
        await self._start_bot()

    def _point_discord_here(self) -> None:
        if self._saved_base is None:
            self._saved_base = discord.http.Route.BASE
            self._saved_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.server.base_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.server.gateway_url)
        waits = ScaledWaits(self.server.ratelimits)
        discord.http.asyncio = waits  # type: ignore[assignment]
        discord.webhook.async_.asyncio = waits  # type: ignore[assignment]

    def _restore_discord(self) -> None:
        if self._saved_base is not None and self._saved_gateway is not None:
            discord.http.Route.BASE = self._saved_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved_gateway
            self._saved_base = self._saved_gateway = None
        discord.http.asyncio = asyncio
        discord.webhook.async_.asyncio = asyncio

    # ---- members and channels ---------------------------------------------------------------
    def add_member(self, name: str, role: str | None = None, timezone: str | None = None) -> int:
        settings = self.settings()
        role_names = {"participant": settings.participant_role,
                      "facilitator": settings.facilitator_role, "peer": settings.peer_role}
        if role is not None and role not in role_names:
            raise ValueError(f"role must be participant, facilitator or peer, not {role!r}")
        user = self.actions.add_member(name, [role_names[role]] if role else [])
        self._timezones[name] = timezone
        return user.id

    def add_channel(self, name: str) -> int:
        return self.actions.add_channel(name).id

    def member_id(self, name: str) -> int:
        return self.actions.user(name).id

    def channel_id(self, name: str) -> int:
        return self.actions.channel(name).id

    def member_tz(self, name: str) -> str | None:
        return self._timezones.get(name)

    @property
    def events(self) -> list[SandboxEvent]:
        return self.server.events

    # ---- acting as a member ---------------------------------------------------------------
    async def post(self, member: str, channel: str, content: str) -> int:
        message = self.actions.post(member, channel, content)
        await self.settle()
        return message.id

    async def open_thread(self, member: str, channel: str, name: str) -> int:
        thread = self.actions.open_thread(member, channel, name)
        await self.settle()
        return thread.id

    async def dm(self, member: str, content: str) -> int:
        message = self.actions.dm(member, content)
        await self.settle()
        return message.id

    async def slash(self, member: str, command_line: str, channel: str | None = None) -> None:
        self.actions.slash(member, command_line, channel)
        await self.settle()

    async def autocomplete(self, member: str, command_line: str, option: str,
                           channel: str | None = None) -> list[dict[str, Any]]:
        """The choices the bot offers while ``option`` is being typed."""
        ix = self.actions.slash(member, command_line, channel, focus=option)
        await self.settle()
        return ix.choices or []

    async def click(self, member: str, label: str, channel: str | None = None) -> None:
        self.actions.click(member, label, channel)
        await self.settle()

    async def select(
        self, member: str, option: str, in_: str, more: tuple[str, ...] = (),
        channel: str | None = None,
    ) -> None:
        self.actions.select(member, option, in_, more, channel)
        await self.settle()

    async def submit(self, member: str, fields: dict[str, str]) -> None:
        self.actions.submit(member, fields)
        await self.settle()

    # ---- time -------------------------------------------------------------------------------
    async def advance(self, delta: timedelta) -> None:
        await self.advance_to(self.clock.now() + delta)

    async def advance_to(self, instant: datetime) -> None:
        scheduler = getattr(self.bot, "scheduler", None)
        while scheduler is not None:
            due = scheduler.next_due()
            if due is None or due > instant:
                break
            self.clock.set(max(due, self.clock.now()))
            scheduler.wakeup()
            await self.settle()
        self.clock.set(instant)
        if scheduler is not None:
            scheduler.wakeup()
        await self.settle()

    async def settle(self) -> None:
        await self.settler.settle(self.bot)

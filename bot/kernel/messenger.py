"""Sending DMs: one stored DM channel per member, paced in a lane, closed DMs recorded.

discord.py keeps DM channels in memory only, and ``member.send`` opens the channel
again (an extra request) after every restart. The channel id is stored at enrolment,
so each reminder costs exactly one request, also after a restart.

Every send says its lane (``bot.kernel.pacing.Priority``), or takes the one chosen
around it: BULK for fan-out (when nothing chose), NORMAL for an answer to something a
person did, URGENT for crisis replies and alerts and reach-out answers. A send may carry
a ``nonce`` (the delivery desk derives one from the delivery's key): Discord then
creates the message at most once for it in the next few minutes, so a send repeated
after a kill is dropped by Discord.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.kernel.clock import Clock
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.kernel.pacing import Pacer, Priority, in_lane, lane_or

log = logging.getLogger(__name__)

CANNOT_DM = 50007  # Discord: "Cannot send messages to this user"


# Each refused DM counts towards Discord's invalid-request limit (a ban past 10,000 in
# ten minutes): after a refusal, do not knock on the same closed door for a day.
DM_RETRY_AFTER = timedelta(days=1)


class DmClosed(Exception):
    """The member does not accept DMs from the bot (Discord error 50007).

    ``first_time`` is True only when this refusal newly closed the door, so whoever
    tells people about it tells them once.
    """

    def __init__(self, user_id: int, *, first_time: bool) -> None:
        super().__init__(f"user {user_id} does not accept DMs")
        self.user_id = user_id
        self.first_time = first_time


class NotInServer(Exception):
    """The member is not (or no longer) in the program's server."""


class NotReady(Exception):
    """The server is not loaded yet (start-up, or a new session after a dropped
    gateway): nothing can be resolved by name or member now; try again shortly."""


class Messenger:
    def __init__(
        self, client: discord.Client, db: Database, guild_id: int, pacer: Pacer, clock: Clock
    ) -> None:
        self.client = client
        self.db = db
        self.guild_id = guild_id
        self.pacer = pacer
        self.clock = clock

    async def dm_channel_id(self, user_id: int) -> int:
        row = await members.get(self.db, user_id)
        if row is not None and row.dm_channel_id is not None:
            return row.dm_channel_id
        guild = self.client.get_guild(self.guild_id)
        if guild is None and not self.client.is_ready():
            raise NotReady("the program's server is not loaded yet")
        member = guild.get_member(user_id) if guild else None
        if member is None:
            raise NotInServer(f"user {user_id} is not in the program's server")
        channel = await member.create_dm()
        if row is None:
            await members.upsert(self.db, user_id, member.name, self.clock.now())
        await members.set_dm_channel(self.db, user_id, channel.id)
        return channel.id

    async def send(
        self, user_id: int, *, priority: Priority | None = None, **content: Any
    ) -> discord.Message:
        """One DM; raises ``DmClosed``, ``NotInServer`` or ``NotReady``; other HTTP
        errors propagate. ``priority`` is the pacer's lane for its requests; without
        one, the lane chosen around the call (the crisis path's urgent one), else BULK."""
        with in_lane(priority if priority is not None else lane_or(Priority.BULK)):
            return await self._send(user_id, **content)

    async def post(
        self, channel: discord.abc.Messageable, *, priority: Priority = Priority.NORMAL,
        **content: Any,
    ) -> discord.Message:
        """One message in a channel (or thread), in ``priority``'s lane of the pacer."""
        with in_lane(priority):
            return await channel.send(**content)

    async def _send(self, user_id: int, **content: Any) -> discord.Message:
        now = self.clock.now()
        row = await members.get(self.db, user_id)
        closed_at = datetime.fromisoformat(row.dm_closed_at) if row and row.dm_closed_at else None
        if closed_at is not None and now - closed_at < DM_RETRY_AFTER:
            raise DmClosed(user_id, first_time=False)
        channel_id = await self.dm_channel_id(user_id)
        channel = self.client.get_partial_messageable(channel_id, type=discord.ChannelType.private)
        try:
            message = await channel.send(**content)
        except discord.Forbidden as error:
            if error.code == CANNOT_DM:
                first = await members.mark_dm_closed(self.db, user_id, now)
                raise DmClosed(user_id, first_time=first) from error
            raise
        if closed_at is not None:
            await members.mark_dm_open(self.db, user_id)
        return message


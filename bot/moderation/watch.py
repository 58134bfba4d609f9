"""Where the bot listens in the program's server: one decision for crisis help, the
concern tier and the moderator.

A message is read when it is in

* a configured peer channel (``PEER_CHANNELS``), or any thread under one;
* a channel a facilitator added with ``/mod watch``, or any thread under it;
* one of the bot's own threads (the daily check-in threads, the agenda question
  threads), wherever they are.

The facilitators' channel and the moderation log are never read (facilitators talk
about participants there; their words are not a participant's crisis), and neither are
their threads. DMs to the bot are read by the crisis capability's DM listener.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import discord

from bot.kernel.config import Settings
from bot.kernel.db.connection import Database
from bot.moderation.storage import watch as watch_db

PEER = "peer"
WATCHED = "watched"
BOT_THREAD = "bot thread"


@dataclass(frozen=True)
class Place:
    """Why a message is read, and the channel whose rules apply (a thread's parent)."""

    reason: str  # PEER, WATCHED or BOT_THREAD
    channel_id: int
    channel_name: str
    in_thread: bool


class NotWatchable(ValueError):
    """A channel /mod watch refuses; the message says why, for the facilitator."""


class WatchList:
    def __init__(self, db: Database, settings: Settings, client: discord.Client) -> None:
        self.db = db
        self.settings = settings
        self.client = client
        self._ids: set[int] | None = None  # the /mod watch channels, loaded once

    def guild_id(self) -> int:
        return int(self.settings.guild_id or 0)

    async def watched_ids(self) -> set[int]:
        if self._ids is None:
            self._ids = {c.channel_id for c in await watch_db.watched(self.db, self.guild_id())}
        return self._ids

    # --- the decision -----------------------------------------------------------------------

    def _is_peer(self, channel: object) -> bool:
        names = {n.casefold() for n in self.settings.channels.peer_support}
        name = str(getattr(channel, "name", "") or "").casefold()
        return name in names or str(getattr(channel, "id", "")) in names

    def is_private_to_staff(self, channel: object) -> bool:
        """The facilitators' channel and the moderation log: never read."""
        staff = {
            self.settings.channels.facilitators.casefold(),
            self.settings.channels.mod_log.casefold(),
        }
        name = str(getattr(channel, "name", "") or "").casefold()
        return name in staff or str(getattr(channel, "id", "")) in staff

    async def place_of(self, channel: object) -> Place | None:
        """Why a message in ``channel`` is read; None when it is not."""
        if isinstance(channel, discord.DMChannel | discord.GroupChannel):
            return None
        watched = await self.watched_ids()
        if isinstance(channel, discord.Thread):
            parent = channel.parent
            parent_id = channel.parent_id
            parent_name = str(getattr(parent, "name", "") or "")
            if parent is not None and self.is_private_to_staff(parent):
                return None
            if parent is not None and self._is_peer(parent):
                return Place(PEER, parent_id, parent_name, True)
            if parent_id in watched:
                return Place(WATCHED, parent_id, parent_name, True)
            me = self.client.user
            if me is not None and channel.owner_id == me.id:
                return Place(BOT_THREAD, parent_id, parent_name, True)
            return None
        channel_id = int(getattr(channel, "id", 0) or 0)
        name = str(getattr(channel, "name", "") or "")
        if self.is_private_to_staff(channel):
            return None
        if self._is_peer(channel):
            return Place(PEER, channel_id, name, False)
        if channel_id in watched:
            return Place(WATCHED, channel_id, name, False)
        return None

    # --- /mod watch ---------------------------------------------------------------------------

    async def add(self, channel: discord.TextChannel, by: int, now: datetime) -> bool:
        """Watch a channel (and its threads); False when it was already."""
        if self.is_private_to_staff(channel):
            raise NotWatchable(
                f"#{channel.name} is for facilitators; the bot never reads it for crisis "
                "words, because what facilitators write there is about participants."
            )
        if self._is_peer(channel):
            raise NotWatchable(
                f"#{channel.name} is a peer channel: the bot reads it and its threads already."
            )
        added = await watch_db.add(self.db, self.guild_id(), channel.id, channel.name, by, now)
        (await self.watched_ids()).add(channel.id)
        return added

    async def remove(self, channel_id: int) -> bool:
        removed = await watch_db.remove(self.db, self.guild_id(), channel_id)
        (await self.watched_ids()).discard(channel_id)
        return removed

    async def describe(self) -> list[str]:
        """Every place the bot reads, in plain words, for /mod watch list."""
        peers = ", ".join(f"#{n}" for n in self.settings.channels.peer_support)
        lines = [
            "Direct messages to the bot (and check-in notes, and /coping requests).",
            f"Peer channels: {peers}, and every thread under them.",
            "The bot's own threads: the daily check-in threads and the agenda question threads.",
        ]
        added = await watch_db.watched(self.db, self.guild_id())
        if added:
            listed = ", ".join(f"<#{c.channel_id}>" for c in added)
            lines.append(f"Added with /mod watch: {listed}, and every thread under them.")
        else:
            lines.append("Added with /mod watch: none.")
        return lines

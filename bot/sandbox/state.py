"""The sandbox's in-memory Discord: users, guilds, roles, members, channels, messages.

Plain data, no networking. REST routes and member actions change it; the gateway tells
the bot about the changes. Ids are real snowflakes built from the simulated clock, so
discord.py's ``created_at`` on a message or user agrees with simulated time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any

from bot.kernel.clock import Clock

DISCORD_EPOCH_MS = 1_420_070_400_000


class ChannelType(IntEnum):
    GUILD_TEXT = 0
    DM = 1
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12


class Perm(IntEnum):
    """The permission bits the sandbox enforces (values as Discord defines them)."""

    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    READ_MESSAGE_HISTORY = 1 << 16
    MANAGE_ROLES = 1 << 28
    MANAGE_THREADS = 1 << 34
    CREATE_PUBLIC_THREADS = 1 << 35
    CREATE_PRIVATE_THREADS = 1 << 36
    SEND_MESSAGES_IN_THREADS = 1 << 38
    MODERATE_MEMBERS = 1 << 40
    PIN_MESSAGES = 1 << 51


EVERYONE_PERMISSIONS = (
    Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.EMBED_LINKS
    | Perm.READ_MESSAGE_HISTORY
    | Perm.CREATE_PUBLIC_THREADS
    | Perm.SEND_MESSAGES_IN_THREADS
)
ALL_PERMISSIONS = (1 << 52) - 1
# What the bot's invite link grants (bot/ops/permissions.py), and a little more.
BOT_PERMISSIONS = (
    EVERYONE_PERMISSIONS
    | Perm.MANAGE_CHANNELS
    | Perm.PIN_MESSAGES
    | Perm.MANAGE_MESSAGES
    | Perm.MANAGE_ROLES
    | Perm.MANAGE_THREADS
    | Perm.CREATE_PRIVATE_THREADS
    | Perm.MODERATE_MEMBERS
)


class SnowflakeFactory:
    """Snowflakes that follow the simulated clock and never repeat."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last = 0

    def __call__(self) -> int:
        ms = int(self._clock.now().timestamp() * 1000) - DISCORD_EPOCH_MS
        self._last = max(self._last + 1, ms << 22)
        return self._last


@dataclass
class User:
    id: int
    name: str
    bot: bool = False
    dms_open: bool = True


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int
    managed: bool = False


@dataclass
class Member:
    user_id: int
    joined_at: datetime
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    timed_out_until: datetime | None = None


@dataclass
class Overwrite:
    """A channel permission overwrite: for a role (type 0) or a member (type 1)."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0


@dataclass
class Channel:
    id: int
    type: ChannelType
    name: str = ""
    guild_id: int | None = None
    parent_id: int | None = None
    position: int = 0
    recipient_id: int | None = None  # DMs: the member at the other end
    owner_id: int | None = None  # threads: who started it
    # Permission bits taken away from the bot here (a read-only channel, for instance).
    bot_denied: int = 0
    overwrites: dict[int, Overwrite] = field(default_factory=dict)
    last_message_id: int | None = None
    message_count: int = 0

    @property
    def is_thread(self) -> bool:
        return self.type in (ChannelType.PUBLIC_THREAD, ChannelType.PRIVATE_THREAD)


@dataclass
class Message:
    id: int
    channel_id: int
    author_id: int
    content: str
    timestamp: datetime
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    type: int = 0
    flags: int = 0
    pinned: bool = False
    edited_timestamp: datetime | None = None
    deleted: bool = False
    # Set for messages the bot sent as an interaction response or followup.
    interaction_id: int | None = None
    webhook_id: int | None = None
    ephemeral_for: int | None = None  # user id: only they see it
    reference_id: int | None = None
    thread_id: int | None = None  # a thread started from this message
    pinned_at: datetime | None = None
    reactions: set[str] = field(default_factory=set)  # emoji the bot reacted with

    @property
    def ephemeral(self) -> bool:
        return self.ephemeral_for is not None


@dataclass
class AppCommand:
    id: int
    guild_id: int | None
    name: str
    description: str
    type: int = 1
    options: list[dict[str, Any]] = field(default_factory=list)
    default_member_permissions: str | None = None
    contexts: list[int] | None = None
    integration_types: list[int] | None = None
    nsfw: bool = False
    version: int = 1
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class Interaction:
    id: int
    token: str
    type: int  # 2 command, 3 component, 4 autocomplete, 5 modal submit
    user_id: int
    channel_id: int
    guild_id: int | None
    data: dict[str, Any]
    created_at: datetime
    message_id: int | None = None  # the message a component sits on
    response_type: int | None = None
    original_message_id: int | None = None
    ephemeral: bool = False
    modal: dict[str, Any] | None = None  # what the bot opened, if it answered with a modal
    choices: list[dict[str, Any]] | None = None  # autocomplete answer
    followup_ids: list[int] = field(default_factory=list)
    trigger_id: int | None = None  # a modal submit: the interaction that opened the modal


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)

    @property
    def everyone_role(self) -> Role:
        return self.roles[self.id]


@dataclass
class SandboxState:
    """Everything the sandbox Discord knows. One bot application, any number of guilds."""

    clock: Clock
    snowflake: SnowflakeFactory
    bot_user: User
    application_id: int
    token: str
    users: dict[int, User] = field(default_factory=dict)
    guilds: dict[int, Guild] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    commands: dict[int, AppCommand] = field(default_factory=dict)
    # Server Settings > Integrations: per guild, per command id (or the application's
    # id), the overrides set there (bot.sandbox.command_permissions).
    command_permissions: dict[int, dict[int, list[Any]]] = field(default_factory=dict)
    interactions: dict[int, Interaction] = field(default_factory=dict)
    # The bytes of files the bot uploaded, by attachment id, until the event log keeps them.
    uploads: dict[str, bytes] = field(default_factory=dict)
    # Indexes, so a server of 10,000 members answers lookups at once rather than by a
    # scan per member (which made a large program's load quadratic).
    _user_ids_by_name: dict[str, int] = field(default_factory=dict, repr=False)
    _dm_channel_ids: dict[int, int] = field(default_factory=dict, repr=False)

    @classmethod
    def create(cls, clock: Clock, *, bot_name: str = "Companion") -> SandboxState:
        snowflake = SnowflakeFactory(clock)
        bot_user = User(id=snowflake(), name=bot_name, bot=True)
        application_id = bot_user.id  # as for every modern Discord bot
        token = f"sandbox.{bot_user.id}.{secrets.token_hex(8)}"
        state = cls(clock, snowflake, bot_user, application_id, token)
        state.users[bot_user.id] = bot_user
        state._user_ids_by_name[bot_user.name] = bot_user.id
        return state

    # ---- lookups ------------------------------------------------------------------
    def user_by_name(self, name: str) -> User | None:
        user_id = self._user_ids_by_name.get(name)
        return self.users.get(user_id) if user_id is not None else None

    def channel_by_name(self, guild_id: int, name: str) -> Channel | None:
        name = name.lstrip("#")
        guild = self.guilds[guild_id]
        for cid in guild.channel_ids:
            channel = self.channels[cid]
            if channel.name == name:
                return channel
        return None

    def dm_channel(self, user_id: int) -> Channel:
        """The DM channel between the bot and this user, created on first use."""
        known = self._dm_channel_ids.get(user_id)
        if known is not None and known in self.channels:
            return self.channels[known]
        channel = Channel(id=self.snowflake(), type=ChannelType.DM, recipient_id=user_id)
        self.channels[channel.id] = channel
        self._dm_channel_ids[user_id] = channel.id
        return channel

    def guild_of(self, channel: Channel) -> Guild | None:
        return self.guilds.get(channel.guild_id) if channel.guild_id is not None else None

    def visible_messages(self, channel_id: int, viewer_id: int | None) -> list[Message]:
        """Live messages in a channel, oldest first, as ``viewer_id`` would see them."""
        return [
            m
            for m in self.messages.values()
            if m.channel_id == channel_id
            and not m.deleted
            and (m.ephemeral_for is None or m.ephemeral_for == viewer_id)
        ]

    # ---- mutations ----------------------------------------------------------------
    def add_guild(self, name: str, owner_name: str = "owner") -> Guild:
        owner = self.add_user(owner_name)
        guild_id = self.snowflake()
        guild = Guild(id=guild_id, name=name, owner_id=owner.id)
        guild.roles[guild_id] = Role(guild_id, "@everyone", int(EVERYONE_PERMISSIONS), 0)
        self.guilds[guild_id] = guild
        guild.members[owner.id] = Member(owner.id, self.clock.now())
        bot_role = self.add_role(guild, self.bot_user.name, int(BOT_PERMISSIONS), managed=True)
        guild.members[self.bot_user.id] = Member(self.bot_user.id, self.clock.now(), [bot_role.id])
        return guild

    def add_user(self, name: str, *, bot: bool = False) -> User:
        if self.user_by_name(name) is not None:
            raise ValueError(f"a user named {name!r} already exists")
        user = User(id=self.snowflake(), name=name, bot=bot)
        self.users[user.id] = user
        self._user_ids_by_name[name] = user.id
        return user

    def add_role(self, guild: Guild, name: str, permissions: int, *, managed: bool = False) -> Role:
        # As on Discord, a new role goes to the bottom, just above @everyone, so the
        # bot's own role stays above the roles of the members it moderates.
        for other in guild.roles.values():
            if other.id != guild.id:
                other.position += 1
        role = Role(self.snowflake(), name, permissions, 1, managed)
        guild.roles[role.id] = role
        return role

    def add_channel(
        self, guild: Guild, name: str, *, type: ChannelType = ChannelType.GUILD_TEXT,
        parent_id: int | None = None, owner_id: int | None = None,
    ) -> Channel:
        channel = Channel(
            id=self.snowflake(), type=type, name=name.lstrip("#"), guild_id=guild.id,
            parent_id=parent_id, position=len(guild.channel_ids), owner_id=owner_id,
        )
        self.channels[channel.id] = channel
        guild.channel_ids.append(channel.id)
        return channel

    def add_message(self, channel: Channel, author_id: int, content: str, **fields: Any) -> Message:
        message = Message(
            id=self.snowflake(), channel_id=channel.id, author_id=author_id, content=content,
            timestamp=self.clock.now(), **fields,
        )
        self.messages[message.id] = message
        if message.ephemeral_for is None:
            channel.last_message_id = message.id
            channel.message_count += 1
        return message

    # ---- permissions ----------------------------------------------------------------
    def permissions(self, guild: Guild, user_id: int, channel: Channel | None = None) -> int:
        if user_id == guild.owner_id:
            return ALL_PERMISSIONS
        member = guild.members.get(user_id)
        if member is None:
            return 0
        bits = guild.everyone_role.permissions
        for role_id in member.roles:
            bits |= guild.roles[role_id].permissions
        if bits & Perm.ADMINISTRATOR:
            return ALL_PERMISSIONS
        if channel is None:
            return bits
        parent = channel.parent_id if channel.is_thread else None
        target = self.channels.get(parent) if parent is not None else channel
        if target is not None:
            bits = apply_overwrites(bits, guild.id, member, target)
            if user_id == self.bot_user.id:
                bits &= ~(target.bot_denied | channel.bot_denied)
        return bits

    def top_role_position(self, guild: Guild, user_id: int) -> int:
        member = guild.members.get(user_id)
        if member is None or not member.roles:
            return 0
        return max(guild.roles[r].position for r in member.roles)


def apply_overwrites(bits: int, guild_id: int, member: Member, channel: Channel) -> int:
    """Discord's order: @everyone's overwrite, then all the member's roles' overwrites
    together (an allow on any role beats a deny on another), then the member's own."""
    everyone = channel.overwrites.get(guild_id)
    if everyone is not None:
        bits = (bits & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in member.roles:
        found = channel.overwrites.get(role_id)
        if found is not None and found.type == 0:
            allow |= found.allow
            deny |= found.deny
    bits = (bits & ~deny) | allow
    own = channel.overwrites.get(member.user_id)
    if own is not None and own.type == 1:
        bits = (bits & ~own.deny) | own.allow
    # Without View Channel a member can do nothing else there either.
    return bits if bits & Perm.VIEW_CHANNEL else 0

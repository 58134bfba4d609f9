"""/setup: lay out the program's server (roles, channels and who sees what), safely.

A run first makes a *plan* against the server as it is: which roles and channels exist
(adopted as they are), which are missing (created), and which existing channels need
their permission overwrites changed. Creating is harmless; changing something that
exists is shown to the administrator first. Applying a plan only ever adds what is
missing, so a second run on a finished server finds nothing to do and writes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime

import discord

from bot.kernel.channels import find_text_channel
from bot.kernel.config import Settings
from bot.kernel.db.connection import Database
from bot.ops import storage as layout_db
from bot.ops.permissions import NEEDS, need

log = logging.getLogger(__name__)

REASON = "Companion /setup"
VIEW = discord.Permissions(view_channel=True).value
SEND = discord.Permissions(send_messages=True).value
EMBED = discord.Permissions(embed_links=True).value
HISTORY = discord.Permissions(read_message_history=True).value

# Overwrite targets besides the three program roles.
EVERYONE = "everyone"
BOT = "bot"
ROLE_PURPOSES = ("facilitator", "participant", "peer")

Pair = tuple[int, int]  # (allow, deny) bits of one permission overwrite


@dataclass(frozen=True)
class ChannelSpec:
    purpose: str  # a key of bot.ops.permissions.CHANNEL_NEEDS
    slot: str  # the stored purpose; unique per channel (several peer channels may exist)
    name: str
    access: str  # 'open', 'read_only' (members read, facilitators post) or 'facilitators'


def role_names(settings: Settings) -> dict[str, str]:
    return {
        "facilitator": settings.facilitator_role,
        "participant": settings.participant_role,
        "peer": settings.peer_role,
    }


def channel_specs(settings: Settings) -> list[ChannelSpec]:
    names = settings.channels
    specs = [ChannelSpec("agendas", "agendas", names.agendas, "read_only")]
    for index, name in enumerate(names.peer_support):
        slot = "peer_support" if index == 0 else f"peer_support:{name}"
        specs.append(ChannelSpec("peer_support", slot, name, "open"))
    specs += [
        ChannelSpec("daily_checkin", "daily_checkin", names.daily_checkin, "open"),
        ChannelSpec("facilitators", "facilitators", names.facilitators, "facilitators"),
        ChannelSpec("mod_log", "mod_log", names.mod_log, "facilitators"),
    ]
    return specs


def wanted_overwrites(access: str, bot_bits: int) -> dict[str, Pair]:
    """The overwrites a channel of this kind must carry, by target. The bot's own
    overwrite only undoes what the channel denies everyone."""
    wanted = _wanted(access)
    # Discord refuses to allow or deny a bit the bot lacks itself (error 50013); what the
    # bot lacks, /setup-status reports instead.
    return {target: (allow & bot_bits, deny & bot_bits) for target, (allow, deny) in
            wanted.items()}


def _wanted(access: str) -> dict[str, Pair]:
    # The order is the order of applying: the bot's own overwrite first, or hiding the
    # channel from @everyone would lock the bot out before it finished.
    if access == "facilitators":
        return {
            BOT: (VIEW | SEND | EMBED | HISTORY, 0),
            "facilitator": (VIEW | SEND | HISTORY, 0),
            EVERYONE: (0, VIEW),
            "participant": (0, VIEW),
            "peer": (0, VIEW),
        }
    if access == "read_only":
        # Members still talk in the agenda's questions thread.
        return {BOT: (SEND, 0), "facilitator": (SEND, 0), EVERYONE: (0, SEND)}
    return {}


def merge(current: Pair | None, want: Pair) -> Pair:
    """``current`` with ``want`` added; other bits the server's admins set are kept."""
    allow, deny = current or (0, 0)
    want_allow, want_deny = want
    return (allow | want_allow) & ~want_deny, (deny | want_deny) & ~want_allow


def bit_labels(bits: int) -> str:
    names = [item.label for item in NEEDS if bits & item.value]
    return ", ".join(names) or "nothing"


@dataclass
class Plan:
    specs: list[ChannelSpec]
    names: dict[str, str]  # role purpose -> name
    roles: dict[str, discord.Role | None]  # None: to create
    channels: dict[str, discord.TextChannel | None]  # by slot; None: to create
    fixes: dict[str, dict[str, Pair]] = field(default_factory=dict)  # slot -> target -> new
    blockers: list[str] = field(default_factory=list)

    @property
    def creates(self) -> bool:
        return any(r is None for r in self.roles.values()) or any(
            c is None for c in self.channels.values()
        )

    @property
    def changes_existing(self) -> bool:
        return bool(self.fixes)

    @property
    def nothing_to_do(self) -> bool:
        return not self.creates and not self.changes_existing

    def target_name(self, target: str, bot_name: str) -> str:
        if target == EVERYONE:
            return "@everyone"
        if target == BOT:
            return bot_name
        return self.names[target]

    def describe(self, bot_name: str) -> list[str]:
        lines: list[str] = []
        for purpose, role in self.roles.items():
            name = self.names[purpose]
            lines.append(f"Use the role **{name}**" if role else f"Create the role **{name}**")
        for spec in self.specs:
            channel = self.channels[spec.slot]
            if channel is None:
                lines.append(f"Create the channel **#{spec.name}**{_access_note(spec.access)}")
                continue
            lines.append(f"Use the channel {channel.mention}")
            for target, (allow, deny) in self.fixes.get(spec.slot, {}).items():
                who = self.target_name(target, bot_name)
                lines.append(
                    f"Change {channel.mention} for **{who}**: {_pair_text(allow, deny)}"
                )
        return lines


def _access_note(access: str) -> str:
    if access == "facilitators":
        return " (facilitators only)"
    if access == "read_only":
        return " (facilitators post, everyone reads)"
    return ""


def _pair_text(allow: int, deny: int) -> str:
    parts = []
    if allow:
        parts.append(f"allow {bit_labels(allow)}")
    if deny:
        parts.append(f"deny {bit_labels(deny)}")
    return "; ".join(parts)


def find_role(guild: discord.Guild, name_or_id: str, stored_id: int | None) -> discord.Role | None:
    if stored_id is not None and (role := guild.get_role(stored_id)) is not None:
        return role
    wanted = name_or_id.strip()
    for role in guild.roles:
        if role.name == wanted or str(role.id) == wanted:
            return role
    return None


def find_channel(
    guild: discord.Guild, spec: ChannelSpec, stored_id: int | None
) -> discord.TextChannel | None:
    if stored_id is not None:
        channel = guild.get_channel(stored_id)
        if isinstance(channel, discord.TextChannel):
            return channel
    return find_text_channel(guild, spec.name)


def _current_pair(channel: discord.TextChannel, target: discord.abc.Snowflake | None) -> Pair:
    if target is None:
        return (0, 0)
    allow, deny = channel.overwrites_for(target).pair()  # type: ignore[arg-type]
    return allow.value, deny.value


def make_plan(
    guild: discord.Guild,
    settings: Settings,
    stored: dict[tuple[str, str], layout_db.LayoutRow],
) -> Plan:
    def stored_id(kind: str, purpose: str) -> int | None:
        row = stored.get((kind, purpose))
        return None if row is None else row.discord_id

    names = role_names(settings)
    specs = channel_specs(settings)
    me = guild.me
    bot_bits = me.guild_permissions.value
    roles = {p: find_role(guild, names[p], stored_id("role", p)) for p in ROLE_PURPOSES}
    channels = {s.slot: find_channel(guild, s, stored_id("channel", s.slot)) for s in specs}
    plan = Plan(specs, names, roles, channels)
    targets: dict[str, discord.abc.Snowflake | None] = {
        EVERYONE: guild.default_role, BOT: me, **roles
    }
    for spec in specs:
        channel = channels[spec.slot]
        if channel is None:
            continue
        changes = {}
        for target, want in wanted_overwrites(spec.access, bot_bits).items():
            current = _current_pair(channel, targets[target])
            if merge(current, want) != current:
                changes[target] = merge(current, want)
        if changes:
            plan.fixes[spec.slot] = changes
            mine = channel.permissions_for(me)
            if not (mine.view_channel and mine.manage_roles):
                plan.blockers.append(
                    f"I cannot change who sees {channel.mention}: in its settings > "
                    f"Permissions, add {me.display_name} with View Channel and Manage "
                    "Permissions, then run /setup again."
                )
    perms = me.guild_permissions
    if plan.creates or plan.fixes:
        if not perms.manage_roles:
            plan.blockers.append(_missing_guild_permission("manage_roles", me))
    if any(c is None for c in channels.values()) and not perms.manage_channels:
        plan.blockers.append(_missing_guild_permission("manage_channels", me))
    return plan


def _missing_guild_permission(flag: str, me: discord.Member) -> str:
    item = need(flag)
    return (
        f"I lack **{item.label}**, so {item.without}. Give my role ({me.top_role.name}) "
        f"{item.label} in Server Settings > Roles, or invite me again with the link from "
        "`python -m bot invite`, then run /setup again."
    )


@dataclass(frozen=True)
class Applied:
    done: list[str]
    stored: int  # rows of the stored layout that changed


class SetupService:
    """Plans and applies the layout; one run at a time per process."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self._lock = asyncio.Lock()

    async def plan(self, guild: discord.Guild) -> Plan:
        stored = await layout_db.layout(self.db, guild.id)
        return make_plan(guild, self.settings, stored)

    async def apply(self, guild: discord.Guild, admin_id: int, now: datetime) -> Applied:
        """Make a fresh plan and carry it out (the server may have changed since the
        administrator saw the preview)."""
        async with self._lock:
            plan = await self.plan(guild)
            if plan.blockers:
                return Applied(plan.blockers, 0)
            done, created = await _carry_out(plan, guild)
            choices = _choices(plan, created)
            stored = await layout_db.store(self.db, guild.id, choices, admin_id, now)
        log.info("setup by %s: %d action(s), %d stored choice(s) changed", admin_id,
                 len(done), stored)
        return Applied(done, stored)


async def _carry_out(plan: Plan, guild: discord.Guild) -> tuple[list[str], set[int]]:
    """Create what is missing and fix overwrites; return what was done and the ids of
    what was created."""
    done: list[str] = []
    created: set[int] = set()
    for purpose, role in list(plan.roles.items()):
        if role is None:
            # No server-wide permissions and never mentionable: nobody pings a role.
            role = await guild.create_role(
                name=plan.names[purpose], permissions=discord.Permissions.none(),
                mentionable=False, reason=REASON,
            )
            plan.roles[purpose] = role
            created.add(role.id)
            done.append(f"Created the role **{plan.names[purpose]}**")
    me = guild.me
    targets: dict[str, discord.Role | discord.Member | None] = {
        EVERYONE: guild.default_role, BOT: me, **plan.roles
    }
    for spec in plan.specs:
        channel = plan.channels[spec.slot]
        if channel is None:
            wanted = wanted_overwrites(spec.access, me.guild_permissions.value)
            overwrites: dict[discord.Role | discord.Member | discord.Object,
                             discord.PermissionOverwrite] = {
                target: discord.PermissionOverwrite.from_pair(
                    discord.Permissions(allow), discord.Permissions(deny)
                )
                for key, (allow, deny) in wanted.items()
                if (target := targets[key]) is not None
            }
            channel = await guild.create_text_channel(
                spec.name, overwrites=overwrites, reason=REASON
            )
            plan.channels[spec.slot] = channel
            created.add(channel.id)
            done.append(f"Created the channel **#{spec.name}**{_access_note(spec.access)}")
            continue
        for key, (allow, deny) in plan.fixes.get(spec.slot, {}).items():
            target = targets[key]
            if target is None:
                continue
            await channel.set_permissions(
                target,
                overwrite=discord.PermissionOverwrite.from_pair(
                    discord.Permissions(allow), discord.Permissions(deny)
                ),
                reason=REASON,
            )
            done.append(f"Changed {channel.mention} for **{plan.target_name(key, me.name)}**")
    return done, created


def _choices(plan: Plan, created: set[int]) -> list[tuple[str, str, int, str, str]]:
    """What to store: every role and channel, and whether this run created it."""
    def origin(discord_id: int) -> str:
        return "created" if discord_id in created else "adopted"

    choices: list[tuple[str, str, int, str, str]] = []
    for purpose, role in plan.roles.items():
        if role is not None:
            choices.append(("role", purpose, role.id, role.name, origin(role.id)))
    for spec in plan.specs:
        channel = plan.channels[spec.slot]
        if channel is not None:
            choices.append(("channel", spec.slot, channel.id, channel.name, origin(channel.id)))
    return choices

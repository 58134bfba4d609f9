"""What is missing in the server layout and what the bot cannot do: `/setup-status` and
the start-up self-check, which tells facilitators once, in their channel."""

from __future__ import annotations

import hashlib
import logging

import discord

from bot.kernel.channels import program_guild
from bot.kernel.clock import Clock
from bot.kernel.config import Settings
from bot.kernel.db import deliveries
from bot.kernel.db.connection import Database
from bot.ops import storage as layout_db
from bot.ops.permissions import CHANNEL_NEEDS, need
from bot.ops.setup import channel_specs, find_channel, make_plan

log = logging.getLogger(__name__)

MAX_MESSAGE = 1900  # under Discord's 2,000 characters, with room for "and N more"
SETUP_ONLY = ("manage_channels", "manage_roles")
Stored = dict[tuple[str, str], layout_db.LayoutRow]


def _fix_for(flag: str, me: discord.Member, channel: discord.TextChannel | None = None) -> str:
    label = need(flag).label
    if channel is not None and getattr(me.guild_permissions, flag):
        # The server grants it; this channel's overwrites take it away.
        return (
            f"in {channel.mention}'s settings > Permissions, allow {label} for "
            f"{me.display_name} (or remove the overwrite that denies it)"
        )
    return (
        f"give my role ({me.top_role.name}) {label} in Server Settings > Roles, or "
        "invite me again with the link from `python -m bot invite`"
    )


def bot_problems(guild: discord.Guild, settings: Settings, stored: Stored) -> list[str]:
    """What the bot cannot do in each configured channel, with the fix, one per line."""
    me = guild.me
    problems: list[str] = []
    for spec in channel_specs(settings):
        row = stored.get(("channel", spec.slot))
        channel = find_channel(guild, spec, row.discord_id if row else None)
        if channel is None:
            problems.append(
                f"There is no #{spec.name} channel, so nothing I should post there can "
                "arrive. Fix: an administrator runs /setup."
            )
            continue
        granted = channel.permissions_for(me)
        for flag in CHANNEL_NEEDS[spec.purpose]:
            if not getattr(granted, flag):
                item = need(flag)
                problems.append(
                    f"In {channel.mention} I lack **{item.label}**, so {item.without}. "
                    f"Fix: {_fix_for(flag, me, channel)}."
                )
    return problems


def layout_problems(guild: discord.Guild, settings: Settings, stored: Stored) -> list[str]:
    """Roles or channels missing, and channels whose overwrites differ from the layout."""
    plan = make_plan(guild, settings, stored)
    problems = [
        f"The **{plan.names[purpose]}** role does not exist. Fix: run /setup."
        for purpose, role in plan.roles.items()
        if role is None
    ]
    for purpose, role in plan.roles.items():
        wanted = plan.names[purpose]
        if role is not None and wanted not in (role.name, str(role.id)):
            problems.append(
                f"The {purpose} role is now called **{role.name}**, but my settings name "
                f"it {wanted}. Fix: rename it back, or set its name in .env."
            )
    for spec in plan.specs:
        channel = plan.channels[spec.slot]
        if channel is not None and spec.name not in (channel.name, str(channel.id)):
            # Other features find their channel by the configured name.
            problems.append(
                f"{channel.mention} was set up as the {spec.slot.replace('_', ' ')} "
                f"channel, but my settings name it #{spec.name}. Fix: rename it back, or "
                "set its name in .env and restart me."
            )
        if channel is not None and spec.slot in plan.fixes:
            if spec.access == "facilitators":
                what = "is not private to facilitators yet"
            else:
                what = "lets members post where only facilitators should"
            problems.append(f"{channel.mention} {what}. Fix: run /setup.")
    me = guild.me
    for purpose in ("participant", "peer"):
        role = plan.roles[purpose]
        if role is not None and role >= me.top_role:
            # Discord lets a bot time out only members whose top role is below its own.
            problems.append(
                f"My role ({me.top_role.name}) is not above **{role.name}**, so the "
                f"moderator cannot time out its members. Fix: in Server Settings > Roles, "
                f"drag {me.top_role.name} above {role.name}."
            )
    for flag in SETUP_ONLY:
        if not getattr(me.guild_permissions, flag):
            item = need(flag)
            problems.append(
                f"I lack **{item.label}** in the server, so {item.without} (only /setup "
                f"needs it). Fix: {_fix_for(flag, me)}."
            )
    return problems


def clip(lines: list[str], budget: int = MAX_MESSAGE) -> list[str]:
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        if used + len(line) + 1 > budget:
            kept.append(f"... and {len(lines) - index} more.")
            break
        kept.append(line)
        used += len(line) + 1
    return kept


# What each channel is for, in words (a stored slot is an identifier).
CHANNEL_LABELS = {
    "agendas": "group agendas",
    "peer_support": "peer support",
    "daily_checkin": "daily check-in",
    "facilitators": "facilitators",
    "mod_log": "moderation log",
}


def status_text(
    guild: discord.Guild, settings: Settings, stored: Stored, extra: list[str] | None = None
) -> str:
    """The /setup-status answer; ``extra`` adds problems found elsewhere (the command
    picker, bot.ops.command_picker)."""
    plan = make_plan(guild, settings, stored)
    lines = ["**Companion setup**", "Roles:"]
    for purpose, role in plan.roles.items():
        origin = _origin(stored, "role", purpose)
        shown = f"**{role.name}**{origin}" if role else "missing"
        lines.append(f"- {purpose}: {shown}")
    lines.append("Channels:")
    for spec in plan.specs:
        channel = plan.channels[spec.slot]
        origin = _origin(stored, "channel", spec.slot)
        shown = f"{channel.mention}{origin}" if channel else f"#{spec.name} missing"
        lines.append(f"- {CHANNEL_LABELS.get(spec.purpose, spec.purpose)}: {shown}")
    if not stored:
        lines.append("/setup has not been run in this server yet.")
    problems = layout_problems(guild, settings, stored) + bot_problems(guild, settings, stored)
    problems += extra or []
    if problems:
        lines.append(f"**Problems ({len(problems)})**")
        lines += [f"- {p}" for p in problems]
    else:
        lines.append("No problems: every role and channel is in place, and I have every "
                     "permission I need in each channel.")
    head = "\n".join(lines)
    if len(head) <= MAX_MESSAGE:
        return head
    return "\n".join(clip(lines, MAX_MESSAGE))


def _origin(stored: Stored, kind: str, purpose: str) -> str:
    row = stored.get((kind, purpose))
    if row is None:
        return ""
    return " (created by /setup)" if row.origin == "created" else " (adopted by /setup)"


def selfcheck_key(guild_id: int, problems: list[str]) -> str:
    """Stable for the same set of problems, so each set is told once, even across
    restarts; a new problem makes a new key and is told too."""
    digest = hashlib.sha256("\n".join(sorted(problems)).encode()).hexdigest()[:16]
    return f"selfcheck:{guild_id}:{digest}"


async def self_check(
    client: discord.Client, db: Database, clock: Clock, settings: Settings
) -> list[str]:
    """Check the bot's permissions in every configured channel and tell facilitators once.

    Returns the problems found (empty when all is well)."""
    guild = program_guild(client, settings.guild_id)
    if guild is None:
        log.warning("self-check: the bot is not in the program's server (GUILD_ID %s)",
                    settings.guild_id)
        return []
    stored = await layout_db.layout(db, guild.id)
    problems = bot_problems(guild, settings, stored)
    if not problems:
        log.info("self-check: every configured channel gives the bot what it needs")
        return problems
    for problem in problems:
        log.warning("self-check: %s", problem)
    spec = next(s for s in channel_specs(settings) if s.purpose == "facilitators")
    row = stored.get(("channel", spec.slot))
    channel = find_channel(guild, spec, row.discord_id if row else None)
    if channel is None or not channel.permissions_for(guild.me).send_messages:
        log.error("self-check: cannot tell facilitators in #%s; fix the problems above",
                  spec.name)
        return problems
    now = clock.now()
    key = selfcheck_key(guild.id, problems)
    if not await deliveries.claim(db, key, "selfcheck", None, now, now):
        return problems  # these very problems were already told
    text = "\n".join(
        ["**Companion start-up check**: some things I cannot do here.", *problems]
    )
    try:
        message = await channel.send("\n".join(clip(text.splitlines(), MAX_MESSAGE)))
    except discord.HTTPException as exc:
        await deliveries.settle(db, key, "failed", now, detail=str(exc)[:200])
        log.error("self-check: could not post in #%s: %s", spec.name, exc)
        return problems
    await deliveries.settle(db, key, "sent", clock.now(), message_id=message.id)
    return problems

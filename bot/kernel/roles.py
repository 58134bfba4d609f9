"""Who may do what: the one place every cog asks."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.kernel.config import Settings
from bot.kernel.errors import NotAllowed

T = TypeVar("T", bound=Any)


class Role(enum.Enum):
    PARTICIPANT = "participant"
    PEER = "peer"
    FACILITATOR = "facilitator"
    ADMIN = "admin"


def _has_role(member: discord.Member, wanted: str) -> bool:
    wanted = wanted.strip()
    return any(role.name == wanted or str(role.id) == wanted for role in member.roles)


def roles_of(member: discord.abc.User, settings: Settings) -> set[Role]:
    if not isinstance(member, discord.Member):
        return set()
    found: set[Role] = set()
    if member.guild_permissions.administrator:
        found |= {Role.ADMIN, Role.FACILITATOR}
    if _has_role(member, settings.facilitator_role):
        found.add(Role.FACILITATOR)
    if _has_role(member, settings.participant_role):
        found.add(Role.PARTICIPANT)
    if _has_role(member, settings.peer_role):
        found.add(Role.PEER)
    return found


def is_facilitator(member: discord.abc.User, settings: Settings) -> bool:
    return Role.FACILITATOR in roles_of(member, settings)


def facilitator_only() -> Callable[[T], T]:
    """An app-command check: the invoker has the facilitator role (or is an admin)."""

    async def predicate(interaction: discord.Interaction) -> bool:
        settings: Settings = interaction.client.settings  # type: ignore[attr-defined]
        user: discord.abc.User = interaction.user
        if not isinstance(user, discord.Member):
            # In DMs the invoker is a plain User: look them up in the program's server.
            guild = interaction.guild or interaction.client.get_guild(settings.guild_id or 0)
            member = guild.get_member(user.id) if guild else None
            user = member or user
        if is_facilitator(user, settings):
            return True
        raise NotAllowed(
            f"Only facilitators can do this (it needs the {settings.facilitator_role} role)."
        )

    return app_commands.check(predicate)


# Privacy (issue 9): /audit is for admins only (the facilitators' own views are what it
# shows). Same DM lookup as facilitator_only, so it works wherever the command runs.
def is_admin(member: discord.abc.User, settings: Settings) -> bool:
    return Role.ADMIN in roles_of(member, settings)


def admin_only() -> Callable[[T], T]:
    """An app-command check: the invoker is a server administrator."""

    async def predicate(interaction: discord.Interaction) -> bool:
        settings: Settings = interaction.client.settings  # type: ignore[attr-defined]
        user: discord.abc.User = interaction.user
        if not isinstance(user, discord.Member):
            guild = interaction.guild or interaction.client.get_guild(settings.guild_id or 0)
            user = (guild.get_member(user.id) if guild else None) or user
        if is_admin(user, settings):
            return True
        raise NotAllowed("Only the server's administrators can do this.")

    return app_commands.check(predicate)

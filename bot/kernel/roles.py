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

    predicate.picker = FACILITATOR_PICKER  # type: ignore[attr-defined]
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

    predicate.picker = ADMIN_PICKER  # type: ignore[attr-defined]
    return app_commands.check(predicate)


# ---- the command picker ---------------------------------------------------------------------
# Discord shows a command only to members with its default member permissions (unless a
# server allows more in Server Settings > Integrations). The runtime checks above stay
# the rule; these keep participants and peers from even seeing what they may not use.
# Facilitators usually hold no server-wide permission (/setup gives the role none), so a
# server shows them the facilitator commands by allowing the Facilitator role there.
FACILITATOR_PICKER = discord.Permissions(manage_guild=True)
ADMIN_PICKER = discord.Permissions(administrator=True)

AnyCommand = app_commands.Command[Any, ..., Any] | app_commands.Group


def _leaves(command: AnyCommand) -> list[app_commands.Command[Any, ..., Any]]:
    if isinstance(command, app_commands.Command):
        return [command]
    return [c for c in command.walk_commands() if isinstance(c, app_commands.Command)]


def _picker_of(command: app_commands.Command[Any, ..., Any]) -> discord.Permissions | None:
    """The strictest picker permission among the command's role checks (its group's
    checks included); None for a command everyone may use."""
    found: list[discord.Permissions] = []
    node: Any = command
    while node is not None:
        checks = getattr(node, "checks", ())  # a group has none of its own
        found += [check.picker for check in checks if hasattr(check, "picker")]
        node = node.parent
    if not found:
        return None
    return ADMIN_PICKER if ADMIN_PICKER in found else FACILITATOR_PICKER


def picker_permissions(command: AnyCommand) -> discord.Permissions | None:
    """What a top-level command (or group) needs to be shown: set only when every
    command under it is restricted (Discord sets it per top-level command), and then
    the loosest of theirs, so nobody who may use one of them loses sight of it."""
    pickers = [_picker_of(leaf) for leaf in _leaves(command)]
    if not pickers or any(p is None for p in pickers):
        return None
    return FACILITATOR_PICKER if FACILITATOR_PICKER in pickers else ADMIN_PICKER


def hide_restricted_commands(tree: app_commands.CommandTree[Any]) -> list[str]:
    """Give each facilitator or admin command its default member permissions (unless
    its cog set its own). Returns the names it set, for the log and the tests."""
    hidden = []
    for command in tree.get_commands():
        if not isinstance(command, app_commands.Command | app_commands.Group):
            continue
        wanted = picker_permissions(command)
        if wanted is not None and command.default_permissions is None:
            command.default_permissions = wanted
            hidden.append(command.name)
    return hidden

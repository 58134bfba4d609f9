"""Whether facilitators see their commands in Discord's command picker.

Facilitator and admin commands carry default member permissions (``bot.kernel.roles``:
Manage Server, Administrator), so participants and peers never see them. Facilitators
usually hold neither, so a server shows the facilitator commands to the Facilitator
role in Server Settings > Integrations > Companion. The bot can *read* those settings
with its own token (one request) but not change them: Discord lets only a person (or
an OAuth2 bearer token with ``applications.commands.permissions.update``) do that. So
/setup explains the step and /setup-status says whether it has been done.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.kernel.roles import FACILITATOR_PICKER

log = logging.getLogger(__name__)

HOW_TO = (
    "Facilitator commands are hidden from members who lack Manage Server. To show them "
    "to facilitators: Server Settings > Integrations > Companion > Roles & Members > "
    "add the **{role}** role."
)
MAX_NAMED = 6


def how_to(facilitator_role: str) -> str:
    return HOW_TO.format(role=facilitator_role)


def _allowed_for_role(
    overrides: dict[int, list[dict[str, Any]]], command_id: int, app_id: int, role_id: int
) -> bool | None:
    """The override for ``role_id``: the command's own first, then the bot's (all
    commands); None when neither names the role."""
    for key in (command_id, app_id):
        for item in overrides.get(key, []):
            if int(item["type"]) == 1 and int(item["id"]) == role_id:
                return bool(item["permission"])
    return None


def hidden_from(
    commands: list[discord.app_commands.AppCommand],
    overrides: dict[int, list[dict[str, Any]]],
    app_id: int,
    role: discord.Role,
    everyone_id: int,
) -> list[str]:
    """Names of the commands a member whose only role is ``role`` does not see."""
    hidden = []
    for command in commands:
        needed = command.default_member_permissions
        if needed is None or needed != FACILITATOR_PICKER:
            continue  # everyone's, or an administrator's (/setup, /audit)
        decided = _allowed_for_role(overrides, command.id, app_id, role.id)
        if decided is None:
            decided = _allowed_for_role(overrides, command.id, app_id, everyone_id)
        if decided is None:
            granted = role.permissions.value | role.guild.default_role.permissions.value
            decided = role.permissions.administrator or (
                needed.value != 0 and granted & needed.value == needed.value
            )
        if not decided:
            hidden.append(command.name)
    return sorted(hidden)


async def picker_problems(
    client: discord.Client, tree: discord.app_commands.CommandTree[Any], guild: discord.Guild,
    facilitator_role: str,
) -> list[str]:
    """One line when facilitators cannot see some of their commands (with the fix), or
    when the bot could not find out; nothing when all is well."""
    role = discord.utils.find(
        lambda r: facilitator_role in (r.name, str(r.id)), guild.roles
    )
    if role is None:
        return []  # the layout check already says the role is missing
    app_id = client.application_id
    if app_id is None:
        return []
    try:
        commands = await tree.fetch_commands(guild=guild)
        raw = await client.http.get_guild_application_command_permissions(app_id, guild.id)
    except discord.HTTPException as exc:
        log.warning("could not read the command permissions: %s", exc)
        return [
            "I could not read the command settings in Server Settings > Integrations "
            f"(Discord answered {exc.status}), so I cannot tell whether facilitators see "
            "their commands."
        ]
    overrides = {int(entry["id"]): [dict(p) for p in entry["permissions"]] for entry in raw}
    hidden = hidden_from(commands, overrides, app_id, role, guild.id)
    if not hidden:
        return []
    named = ", ".join(f"/{name}" for name in hidden[:MAX_NAMED])
    more = f" and {len(hidden) - MAX_NAMED} more" if len(hidden) > MAX_NAMED else ""
    return [
        f"Members with only the **{role.name}** role do not see {len(hidden)} facilitator "
        f"command{'s' if len(hidden) != 1 else ''} ({named}{more}) in their command list. "
        f"Fix: {how_to(role.name)} (I can check this setting but only a person can change it.)"
    ]

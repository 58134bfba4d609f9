"""Who may use an application command, as Discord decides it: a command's default member
permissions, and the overrides a server sets in Server Settings > Integrations.

Discord's client does not offer a command a member may not use, and Discord refuses the
interaction if one is sent anyway; the sandbox's member actions ask ``may_use`` before
running a slash command. Overrides are kept per server: for one command (its id) or for
every command of the application (the application's id), each naming a role (the
server's id for @everyone) or a member, allowed or denied. The bot can read them (the
GET routes below, with its bot token); changing them takes a person in Discord.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.sandbox import errors
from bot.sandbox.rest import ApiRequest, Reply, RouteSet
from bot.sandbox.state import ALL_PERMISSIONS, AppCommand, Guild, SandboxState

if TYPE_CHECKING:
    from bot.sandbox.server import SandboxServer

routes = RouteSet()
ROLE, USER = 1, 2  # Discord's application command permission types (3: channel)


@dataclass(frozen=True)
class Override:
    target_id: int
    type: int  # ROLE or USER
    allowed: bool

    def payload(self) -> dict[str, Any]:
        return {"id": str(self.target_id), "type": self.type, "permission": self.allowed}


def overrides(state: SandboxState, guild_id: int) -> dict[int, list[Override]]:
    """The server's overrides, by command id (or the application's id for all)."""
    return state.command_permissions.setdefault(guild_id, {})


def set_override(
    state: SandboxState, guild: Guild, target_id: int, target_type: int, allowed: bool,
    command: AppCommand | None = None,
) -> None:
    """What an admin does in Server Settings > Integrations (``command=None``: every
    command of the bot)."""
    key = command.id if command is not None else state.application_id
    kept = [o for o in overrides(state, guild.id).get(key, []) if o.target_id != target_id]
    overrides(state, guild.id)[key] = [*kept, Override(target_id, target_type, allowed)]


def allow_role(state: SandboxState, guild: Guild, role_name: str, *, allowed: bool = True,
               command: AppCommand | None = None) -> None:
    """Allow (or deny) a role by name, as a server admin does in Integrations;
    ``@everyone`` names the server's everyone role."""
    if role_name == "@everyone":
        role_id = guild.id
    else:
        found = [r.id for r in guild.roles.values() if r.name == role_name]
        if not found:
            raise ValueError(f"no role named {role_name!r}")
        role_id = found[0]
    set_override(state, guild, role_id, ROLE, allowed, command)


def _decide(found: list[Override], user_id: int, role_ids: set[int], guild_id: int) -> bool | None:
    """Discord's order within one level: the member, then their roles (any allow wins),
    then @everyone; None when nothing there applies."""
    for item in found:
        if item.type == USER and item.target_id == user_id:
            return item.allowed
    roles = [o for o in found if o.type == ROLE and o.target_id in role_ids]
    if roles:
        return any(o.allowed for o in roles)
    for item in found:
        if item.type == ROLE and item.target_id == guild_id:
            return item.allowed
    return None


def may_use(state: SandboxState, guild: Guild, user_id: int, command: AppCommand) -> bool:
    """Whether Discord offers ``command`` to the member in this server."""
    bits = state.permissions(guild, user_id)
    if bits == ALL_PERMISSIONS:
        return True  # the owner and administrators see every command
    member = guild.members.get(user_id)
    role_ids = set(member.roles) if member is not None else set()
    levels = overrides(state, guild.id)
    for key in (command.id, state.application_id):
        decided = _decide(levels.get(key, []), user_id, role_ids, guild.id)
        if decided is not None:
            return decided
    if command.default_member_permissions is None:
        return True
    needed = int(command.default_member_permissions)
    return needed != 0 and bits & needed == needed


def _check_application(server: SandboxServer, api: ApiRequest) -> int:
    if api.int_param("application_id") != server.state.application_id:
        raise errors.missing_access()
    guild_id = api.int_param("guild_id")
    if guild_id not in server.state.guilds:
        raise errors.unknown_guild()
    return guild_id


def _payload(server: SandboxServer, guild_id: int, key: int) -> dict[str, Any]:
    state = server.state
    return {
        "id": str(key),
        "application_id": str(state.application_id),
        "guild_id": str(guild_id),
        "permissions": [o.payload() for o in overrides(state, guild_id).get(key, [])],
    }


@routes("GET", "/applications/{application_id}/guilds/{guild_id}/commands/permissions")
async def all_permissions(server: SandboxServer, api: ApiRequest) -> Reply:
    guild_id = _check_application(server, api)
    keys = [k for k, found in overrides(server.state, guild_id).items() if found]
    return Reply([_payload(server, guild_id, k) for k in keys])


@routes("GET", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}/permissions")
async def command_permissions(server: SandboxServer, api: ApiRequest) -> Reply:
    guild_id = _check_application(server, api)
    key = api.int_param("command_id")
    if not overrides(server.state, guild_id).get(key):
        raise errors.DiscordError(404, 10066, "Unknown application command permissions")
    return Reply(_payload(server, guild_id, key))

"""REST: the bot's own user and application, the gateway, guilds, members, roles,
channels, DMs and application commands."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.sandbox import errors, payloads
from bot.sandbox.rest import NO_CONTENT, ApiRequest, Reply, RouteSet
from bot.sandbox.state import AppCommand, Channel, ChannelType, Guild, Member, Overwrite, Perm

if TYPE_CHECKING:
    from bot.sandbox.server import SandboxServer

routes = RouteSet()
MAX_TIMEOUT = timedelta(days=28)


def _guild(server: SandboxServer, api: ApiRequest) -> Guild:
    guild = server.state.guilds.get(api.int_param("guild_id"))
    if guild is None:
        raise errors.unknown_guild()
    return guild


def _member(guild: Guild, api: ApiRequest, key: str = "user_id") -> Member:
    member = guild.members.get(api.int_param(key))
    if member is None:
        raise errors.unknown_member()
    return member


# ---- login and the gateway -----------------------------------------------------------
@routes("GET", "/users/@me")
async def get_me(server: SandboxServer, api: ApiRequest) -> Reply:
    return Reply(payloads.current_user(server.state))


@routes("GET", "/oauth2/applications/@me")
async def get_application(server: SandboxServer, api: ApiRequest) -> Reply:
    return Reply(payloads.application(server.state))


@routes("GET", "/gateway")
async def get_gateway(server: SandboxServer, api: ApiRequest) -> Reply:
    return Reply({"url": server.gateway_url})


@routes("GET", "/gateway/bot")
async def get_gateway_bot(server: SandboxServer, api: ApiRequest) -> Reply:
    return Reply({
        "url": server.gateway_url,
        "shards": 1,
        "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 86_400_000,
                                "max_concurrency": 1},
    })


# ---- users and DMs ---------------------------------------------------------------------
@routes("GET", "/users/{user_id}")
async def get_user(server: SandboxServer, api: ApiRequest) -> Reply:
    user = server.state.users.get(api.int_param("user_id"))
    if user is None:
        raise errors.unknown_user()
    return Reply(payloads.user(user))


@routes("POST", "/users/@me/channels")
async def open_dm(server: SandboxServer, api: ApiRequest) -> Reply:
    recipient = int(api.json().get("recipient_id", 0))
    user = server.state.users.get(recipient)
    if user is None:
        raise errors.unknown_user()
    # Opening the channel always works; sending into it is what fails when DMs are closed.
    return Reply(payloads.channel(server.state, server.state.dm_channel(user.id)))


# ---- guilds, channels, roles --------------------------------------------------------------
@routes("GET", "/guilds/{guild_id}")
async def get_guild(server: SandboxServer, api: ApiRequest) -> Reply:
    data = payloads.guild_create(server.state, _guild(server, api))
    for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at",
                "large", "unavailable", "member_count", "stage_instances",
                "guild_scheduled_events", "soundboard_sounds"):
        data.pop(key, None)
    return Reply(data)


@routes("GET", "/guilds/{guild_id}/channels")
async def list_channels(server: SandboxServer, api: ApiRequest) -> Reply:
    state = server.state
    guild = _guild(server, api)
    channels = [state.channels[c] for c in guild.channel_ids if not state.channels[c].is_thread]
    return Reply([payloads.channel(state, c) for c in channels])


@routes("POST", "/guilds/{guild_id}/channels")
async def create_channel(server: SandboxServer, api: ApiRequest) -> Reply:
    state = server.state
    guild = _guild(server, api)
    if not state.permissions(guild, state.bot_user.id) & Perm.MANAGE_CHANNELS:
        raise errors.missing_permissions()
    body = api.json()
    if int(body.get("type") or 0) != ChannelType.GUILD_TEXT:
        raise errors.DiscordError(400, 50024, "Cannot execute action on this channel type")
    overwrites = _overwrites_from(server, guild, body.get("permission_overwrites") or [])
    channel = state.add_channel(guild, str(body.get("name", "")))
    channel.overwrites = {o.id: o for o in overwrites}
    server.gateway.dispatch("CHANNEL_CREATE", payloads.channel(state, channel))
    return Reply(payloads.channel(state, channel), 201)


@routes("GET", "/guilds/{guild_id}/roles")
async def list_roles(server: SandboxServer, api: ApiRequest) -> Reply:
    return Reply([payloads.role(r) for r in _guild(server, api).roles.values()])


# ---- members -----------------------------------------------------------------------------
@routes("GET", "/guilds/{guild_id}/members")
async def list_members(server: SandboxServer, api: ApiRequest) -> Reply:
    guild = _guild(server, api)
    limit = max(1, min(int(api.query.get("limit", 1)), 1000))
    after = int(api.query.get("after", 0))
    members = sorted((m for m in guild.members.values() if m.user_id > after),
                     key=lambda m: m.user_id)[:limit]
    return Reply([payloads.member(server.state, m) for m in members])


@routes("GET", "/guilds/{guild_id}/members/{user_id}")
async def get_member(server: SandboxServer, api: ApiRequest) -> Reply:
    guild = _guild(server, api)
    return Reply(payloads.member(server.state, _member(guild, api)))


def _check_outranks(server: SandboxServer, guild: Guild, target: int) -> None:
    """Discord refuses to moderate the owner or anyone whose top role is not below ours."""
    state = server.state
    if target == guild.owner_id or state.top_role_position(guild, target) >= (
        state.top_role_position(guild, state.bot_user.id)
    ):
        raise errors.missing_permissions()


def _timeout_until(raw: Any, now: datetime) -> datetime | None:
    if raw is None:
        return None
    until = datetime.fromisoformat(str(raw))
    if until - now > MAX_TIMEOUT:
        raise errors.invalid_form({"communication_disabled_until": {"_errors": [{
            "code": "BASE_TYPE_BAD_TIME",
            "message": "Timeouts cannot be longer than 28 days."}]}})
    return until


@routes("PATCH", "/guilds/{guild_id}/members/{user_id}")
async def edit_member(server: SandboxServer, api: ApiRequest) -> Reply:
    state = server.state
    guild = _guild(server, api)
    member = _member(guild, api)
    body = api.json()
    bits = state.permissions(guild, state.bot_user.id)
    if "communication_disabled_until" in body:
        if not bits & Perm.MODERATE_MEMBERS:
            raise errors.missing_permissions()
        _check_outranks(server, guild, member.user_id)
        member.timed_out_until = _timeout_until(body["communication_disabled_until"],
                                                state.clock.now())
        server.log.timeout(guild.name, member.user_id, member.timed_out_until,
                           state.bot_user.id)
    if "roles" in body:
        if not bits & Perm.MANAGE_ROLES:
            raise errors.missing_permissions()
        roles = [int(r) for r in body["roles"] or []]
        if any(r not in guild.roles for r in roles):
            raise errors.unknown_role()
        member.roles = roles
    if "nick" in body:
        member.nick = body["nick"]
    _member_updated(server, guild, member)
    return Reply(payloads.member(state, member))


def _member_updated(server: SandboxServer, guild: Guild, member: Member) -> None:
    data = payloads.member(server.state, member)
    data["guild_id"] = str(guild.id)
    server.gateway.dispatch("GUILD_MEMBER_UPDATE", data)


def _role_change(server: SandboxServer, api: ApiRequest, add: bool) -> Reply:
    state = server.state
    guild = _guild(server, api)
    member = _member(guild, api)
    role_id = api.int_param("role_id")
    role = guild.roles.get(role_id)
    if role is None:
        raise errors.unknown_role()
    bot_top = state.top_role_position(guild, state.bot_user.id)
    if not state.permissions(guild, state.bot_user.id) & Perm.MANAGE_ROLES or (
        role.position >= bot_top or role.managed
    ):
        raise errors.missing_permissions()
    if add and role_id not in member.roles:
        member.roles.append(role_id)
    elif not add and role_id in member.roles:
        member.roles.remove(role_id)
    _member_updated(server, guild, member)
    return NO_CONTENT


@routes("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
async def add_role(server: SandboxServer, api: ApiRequest) -> Reply:
    return _role_change(server, api, True)


@routes("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
async def remove_role(server: SandboxServer, api: ApiRequest) -> Reply:
    return _role_change(server, api, False)


# ---- application commands ------------------------------------------------------------------
def _command_from(server: SandboxServer, guild_id: int | None, body: dict[str, Any],
                  existing: AppCommand | None) -> AppCommand:
    name = str(body.get("name", ""))
    if not 1 <= len(name) <= 32 or (int(body.get("type") or 1) == 1 and name != name.lower()):
        raise errors.invalid_form({"name": {"_errors": [{
            "code": "APPLICATION_COMMAND_INVALID_NAME", "message": "Command name is invalid"}]}})
    if len(body.get("options") or []) > 25:
        raise errors.invalid_form({"options": {"_errors": [{
            "code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer in length."}]}})
    return AppCommand(
        id=existing.id if existing else server.state.snowflake(),
        guild_id=guild_id,
        name=name,
        description=str(body.get("description", "")),
        type=int(body.get("type") or 1),
        options=body.get("options") or [],
        # discord.py sends the permission bits as a number; Discord answers with a string.
        default_member_permissions=(
            None if body.get("default_member_permissions") is None
            else str(body["default_member_permissions"])
        ),
        contexts=body.get("contexts"),
        integration_types=body.get("integration_types"),
        nsfw=bool(body.get("nsfw", False)),
        version=(existing.version + 1) if existing else 1,
        raw=body,
    )


def _commands_in(server: SandboxServer, guild_id: int | None) -> list[AppCommand]:
    return [c for c in server.state.commands.values() if c.guild_id == guild_id]


def _overwrite(server: SandboxServer, api: ApiRequest, guild_id: int | None) -> Reply:
    if api.int_param("application_id") != server.state.application_id:
        raise errors.missing_access()
    body = api.body if isinstance(api.body, list) else []
    current = {(c.name, c.type): c for c in _commands_in(server, guild_id)}
    fresh = [_command_from(server, guild_id, item,
                           current.get((item.get("name"), int(item.get("type") or 1))))
             for item in body]
    for command in current.values():
        del server.state.commands[command.id]
    for command in fresh:
        server.state.commands[command.id] = command
    return Reply([payloads.app_command(server.state, c) for c in fresh])


@routes("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
async def overwrite_guild_commands(server: SandboxServer, api: ApiRequest) -> Reply:
    return _overwrite(server, api, _guild(server, api).id)


@routes("GET", "/applications/{application_id}/guilds/{guild_id}/commands")
async def list_guild_commands(server: SandboxServer, api: ApiRequest) -> Reply:
    commands = _commands_in(server, _guild(server, api).id)
    return Reply([payloads.app_command(server.state, c) for c in commands])


@routes("PUT", "/applications/{application_id}/commands")
async def overwrite_global_commands(server: SandboxServer, api: ApiRequest) -> Reply:
    return _overwrite(server, api, None)


@routes("GET", "/applications/{application_id}/commands")
async def list_global_commands(server: SandboxServer, api: ApiRequest) -> Reply:
    return Reply([payloads.app_command(server.state, c) for c in _commands_in(server, None)])



# ---- server layout: new roles and channel permission overwrites (/setup) ----------------
def _check_grantable(server: SandboxServer, guild: Guild, bits: int) -> None:
    """Discord lets a bot allow or deny only permissions it has itself in the server."""
    state = server.state
    if bits & ~state.permissions(guild, state.bot_user.id):
        raise errors.missing_permissions()


def _overwrite_from(server: SandboxServer, guild: Guild, overwrite_id: int,
                    item: dict[str, Any]) -> Overwrite:
    kind = item.get("type")
    if kind not in (0, 1, "0", "1"):
        raise errors.invalid_form({"type": {"_errors": [{
            "code": "BASE_TYPE_CHOICES", "message": "Value must be one of {0, 1}."}]}})
    allow, deny = int(item.get("allow") or 0), int(item.get("deny") or 0)
    if int(kind) == 0 and overwrite_id not in guild.roles:
        raise errors.unknown_role()
    if int(kind) == 1 and overwrite_id not in guild.members:
        raise errors.unknown_member()
    _check_grantable(server, guild, allow | deny)
    return Overwrite(overwrite_id, int(kind), allow, deny)


def _overwrites_from(server: SandboxServer, guild: Guild, items: list[Any]) -> list[Overwrite]:
    return [_overwrite_from(server, guild, int(item.get("id", 0)), item) for item in items]


@routes("POST", "/guilds/{guild_id}/roles")
async def create_role(server: SandboxServer, api: ApiRequest) -> Reply:
    state = server.state
    guild = _guild(server, api)
    if not state.permissions(guild, state.bot_user.id) & Perm.MANAGE_ROLES:
        raise errors.missing_permissions()
    body = api.json()
    permissions = body.get("permissions")
    bits = guild.everyone_role.permissions if permissions is None else int(permissions)
    _check_grantable(server, guild, bits)
    role = state.add_role(guild, str(body.get("name") or "new role"), bits)
    server.gateway.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(guild.id),
                                                  "role": payloads.role(role)})
    return Reply(payloads.role(role))


def _overwrite_target(server: SandboxServer, api: ApiRequest) -> tuple[Guild, Channel]:
    state = server.state
    channel = state.channels.get(api.int_param("channel_id"))
    guild = state.guild_of(channel) if channel is not None else None
    if channel is None or guild is None or channel.is_thread:
        raise errors.unknown_channel()
    if not state.permissions(guild, state.bot_user.id, channel) & Perm.MANAGE_ROLES:
        raise errors.missing_permissions()
    return guild, channel


@routes("PUT", "/channels/{channel_id}/permissions/{overwrite_id}")
async def edit_overwrite(server: SandboxServer, api: ApiRequest) -> Reply:
    guild, channel = _overwrite_target(server, api)
    overwrite_id = api.int_param("overwrite_id")
    channel.overwrites[overwrite_id] = _overwrite_from(server, guild, overwrite_id, api.json())
    server.gateway.dispatch("CHANNEL_UPDATE", payloads.channel(server.state, channel))
    return NO_CONTENT


@routes("DELETE", "/channels/{channel_id}/permissions/{overwrite_id}")
async def delete_overwrite(server: SandboxServer, api: ApiRequest) -> Reply:
    _, channel = _overwrite_target(server, api)
    channel.overwrites.pop(api.int_param("overwrite_id"), None)
    server.gateway.dispatch("CHANNEL_UPDATE", payloads.channel(server.state, channel))
    return NO_CONTENT

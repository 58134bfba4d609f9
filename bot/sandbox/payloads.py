"""JSON payloads as Discord sends them, built from the sandbox state.

One builder per object. They carry every field Discord's OpenAPI description marks as
required (the conformance test checks this) and what discord.py reads when parsing.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.sandbox.state import (
    AppCommand,
    Channel,
    ChannelType,
    Guild,
    Interaction,
    Member,
    Message,
    Role,
    SandboxState,
    User,
)

Json = dict[str, Any]


def iso(instant: datetime | None) -> str | None:
    return instant.isoformat() if instant is not None else None


def user(u: User) -> Json:
    payload: Json = {
        "id": str(u.id),
        "username": u.name,
        "global_name": u.name,
        "discriminator": "0",
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
        "primary_guild": None,
    }
    if u.bot:
        payload["bot"] = True
    return payload


def current_user(state: SandboxState) -> Json:
    payload = user(state.bot_user)
    payload.update(mfa_enabled=False, locale="en-US", verified=True, email=None)
    return payload


def application(state: SandboxState) -> Json:
    owner = user(state.bot_user)
    return {
        "id": str(state.application_id),
        "name": state.bot_user.name,
        "icon": None,
        "description": "A companion for an intensive outpatient program (sandbox).",
        "type": None,
        "bot": user(state.bot_user),
        "bot_public": False,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": 0,
        "flags_new": "0",
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "owner": owner,
        "approximate_guild_count": len(state.guilds),
        "approximate_user_install_count": 0,
        "approximate_user_authorization_count": 0,
        "explicit_content_filter": 0,
        "team": None,
        "eligible_oauth2_scopes": ["bot", "applications.commands"],
        "rpc_origins": [],
        "tags": [],
    }


def role(r: Role) -> Json:
    return {
        "id": str(r.id),
        "name": r.name,
        "permissions": str(r.permissions),
        "position": r.position,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "managed": r.managed,
        "mentionable": False,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }


def member(state: SandboxState, m: Member, *, with_user: bool = True) -> Json:
    payload: Json = {
        "avatar": None,
        "banner": None,
        "communication_disabled_until": iso(m.timed_out_until),
        "flags": 0,
        "joined_at": iso(m.joined_at),
        "nick": m.nick,
        "pending": False,
        "premium_since": None,
        "roles": [str(r) for r in m.roles],
        "mute": False,
        "deaf": False,
    }
    if with_user:
        payload["user"] = user(state.users[m.user_id])
    return payload


def channel(state: SandboxState, c: Channel) -> Json:
    base: Json = {
        "id": str(c.id),
        "type": int(c.type),
        "flags": 0,
        "last_message_id": str(c.last_message_id) if c.last_message_id else None,
    }
    if c.type is ChannelType.DM:
        recipient = state.users[c.recipient_id] if c.recipient_id else state.bot_user
        base["recipients"] = [user(recipient)]
        return base
    base.update(guild_id=str(c.guild_id), name=c.name, rate_limit_per_user=0)
    if c.is_thread:
        base.update(
            parent_id=str(c.parent_id),
            owner_id=str(c.owner_id),
            message_count=c.message_count,
            total_message_sent=c.message_count,
            member_count=1,
            thread_metadata={
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": iso(state.clock.now()),
                "locked": False,
                "invitable": True,
                "create_timestamp": iso(state.clock.now()),
            },
        )
        return base
    base.update(
        position=c.position,
        parent_id=None,
        topic=None,
        nsfw=False,
        permission_overwrites=[
            {"id": str(o.id), "type": o.type, "allow": str(o.allow), "deny": str(o.deny)}
            for o in c.overwrites.values()
        ],
    )
    return base


def guild_create(state: SandboxState, g: Guild) -> Json:
    """The GUILD_CREATE dispatch: the whole guild with its members and channels."""
    channels = [state.channels[cid] for cid in g.channel_ids]
    return {
        "id": str(g.id),
        "name": g.name,
        "icon": None,
        "owner_id": str(g.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "features": [],
        "mfa_level": 0,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "nsfw_level": 0,
        "roles": [role(r) for r in g.roles.values()],
        "emojis": [],
        "stickers": [],
        "joined_at": iso(g.members[state.bot_user.id].joined_at),
        "large": False,
        "unavailable": False,
        # discord.py only skips chunking when this equals the members sent.
        "member_count": len(g.members),
        "members": [member(state, m) for m in g.members.values()],
        "channels": [channel(state, c) for c in channels if not c.is_thread],
        "threads": [channel(state, c) for c in channels if c.is_thread],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def message(state: SandboxState, m: Message) -> Json:
    author = state.users[m.author_id]
    payload: Json = {
        "id": str(m.id),
        "channel_id": str(m.channel_id),
        "type": m.type,
        "content": m.content,
        "author": user(author),
        "mentions": [user(state.users[uid]) for uid in mentioned_user_ids(state, m.content)],
        "mention_roles": [],
        "mention_everyone": False,
        "attachments": m.attachments,
        "embeds": m.embeds,
        "components": m.components,
        "timestamp": iso(m.timestamp),
        "edited_timestamp": iso(m.edited_timestamp),
        "flags": m.flags,
        "pinned": m.pinned,
        "tts": False,
    }
    if m.webhook_id is not None:
        payload["webhook_id"] = str(m.webhook_id)
        payload["application_id"] = str(state.application_id)
    if m.reference_id is not None:
        payload["message_reference"] = {
            "type": 0, "channel_id": str(m.channel_id), "message_id": str(m.reference_id),
        }
    if m.thread_id is not None and m.thread_id in state.channels:
        payload["thread"] = channel(state, state.channels[m.thread_id])
    if m.interaction_id is not None and m.interaction_id in state.interactions:
        payload["interaction_metadata"] = interaction_metadata(
            state, state.interactions[m.interaction_id]
        )
    return payload


def interaction_metadata(state: SandboxState, ix: Interaction) -> Json:
    """What a response message says about the interaction that caused it."""
    meta: Json = {
        "id": str(ix.id),
        "type": ix.type,
        "user": user(state.users[ix.user_id]),
        "authorizing_integration_owners": {"0": str(ix.guild_id)} if ix.guild_id else {},
    }
    if ix.original_message_id is not None:
        meta["original_response_message_id"] = str(ix.original_message_id)
    if ix.type == 3 and ix.message_id is not None:
        meta["interacted_message_id"] = str(ix.message_id)
    if ix.type == 5 and ix.trigger_id in state.interactions:
        meta["triggering_interaction_metadata"] = interaction_metadata(
            state, state.interactions[ix.trigger_id]
        )
    return meta


def message_dispatch(state: SandboxState, m: Message) -> Json:
    """MESSAGE_CREATE/UPDATE: the REST shape plus guild_id and the author's member."""
    payload = message(state, m)
    channel_obj = state.channels[m.channel_id]
    guild = state.guild_of(channel_obj)
    if guild is not None:
        payload["guild_id"] = str(guild.id)
        author_member = guild.members.get(m.author_id)
        if author_member is not None:
            payload["member"] = member(state, author_member, with_user=False)
    return payload


_USER_MENTION = re.compile(r"<@!?(\d+)>")


def mentioned_user_ids(state: SandboxState, content: str) -> list[int]:
    """The users a message mentions, in order of first mention (read from the content,
    not by trying every user: a server may have 10,000)."""
    found: list[int] = []
    for match in _USER_MENTION.finditer(content):
        uid = int(match.group(1))
        if uid in state.users and uid not in found:
            found.append(uid)
    return found


def app_command(state: SandboxState, c: AppCommand) -> Json:
    payload: Json = {
        "id": str(c.id),
        "application_id": str(state.application_id),
        "version": str(c.version),
        "default_member_permissions": c.default_member_permissions,
        "type": c.type,
        "name": c.name,
        "description": c.description,
        "options": c.options,
        "nsfw": c.nsfw,
    }
    if c.guild_id is not None:
        payload["guild_id"] = str(c.guild_id)
    if c.contexts is not None:
        payload["contexts"] = c.contexts
    if c.integration_types is not None:
        payload["integration_types"] = c.integration_types
    return payload


def interaction(state: SandboxState, ix: Interaction) -> Json:
    """INTERACTION_CREATE: who did what, where, with the token the bot answers with."""
    invoker = state.users[ix.user_id]
    channel_obj = state.channels[ix.channel_id]
    payload: Json = {
        "id": str(ix.id),
        "application_id": str(state.application_id),
        "type": ix.type,
        "data": ix.data,
        "channel_id": str(ix.channel_id),
        "channel": channel(state, channel_obj),
        "token": ix.token,
        "version": 1,
        "locale": "en-US",
        "app_permissions": str(0),
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(ix.guild_id)} if ix.guild_id else {},
        "context": 0 if ix.guild_id else 1,
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if ix.guild_id is not None:
        guild = state.guilds[ix.guild_id]
        payload["guild_id"] = str(ix.guild_id)
        payload["guild_locale"] = "en-US"
        payload["member"] = member(state, guild.members[ix.user_id])
        payload["member"]["permissions"] = str(state.permissions(guild, ix.user_id, channel_obj))
        payload["app_permissions"] = str(
            state.permissions(guild, state.bot_user.id, channel_obj) & ((1 << 53) - 1)
        )
    else:
        payload["user"] = user(invoker)
    if ix.message_id is not None and ix.message_id in state.messages:
        payload["message"] = message(state, state.messages[ix.message_id])
    return payload


def interaction_callback(state: SandboxState, ix: Interaction, resource: Json | None) -> Json:
    """The body of a callback asked for with ``with_response=1``."""
    info: Json = {
        "id": str(ix.id),
        "type": ix.type,
        "response_message_loading": ix.response_type == 5,
        "response_message_ephemeral": ix.ephemeral,
        "channel_id": str(ix.channel_id),
    }
    if ix.guild_id is not None:
        info["guild_id"] = str(ix.guild_id)
    if ix.original_message_id is not None:
        info["response_message_id"] = str(ix.original_message_id)
    body: Json = {"interaction": info}
    if resource is not None:
        body["resource"] = resource
    return body

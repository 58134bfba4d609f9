"""REST: channels, messages, pins, threads, reactions, typing."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.sandbox import errors, payloads
from bot.sandbox.rest import NO_CONTENT, ApiRequest, Reply, RouteSet
from bot.sandbox.state import Channel, ChannelType, Message, Perm, SandboxState

if TYPE_CHECKING:
    from bot.sandbox.server import SandboxServer

routes = RouteSet()
EPHEMERAL_FLAG = 1 << 6
SUPPRESS_EMBEDS_FLAG = 1 << 2


# ---- shared checks and builders (the interaction routes use them too) --------------------
def bot_channel(state: SandboxState, channel_id: int, need: int = Perm.VIEW_CHANNEL) -> Channel:
    """The channel, if the bot may do ``need`` there; Discord's error otherwise."""
    channel = state.channels.get(channel_id)
    if channel is None:
        raise errors.unknown_channel()
    guild = state.guild_of(channel)
    if guild is None:
        return channel
    bits = state.permissions(guild, state.bot_user.id, channel)
    if not bits & Perm.VIEW_CHANNEL:
        raise errors.missing_access()
    if need & ~bits:
        raise errors.missing_permissions()
    return channel


def send_permission(channel: Channel) -> int:
    return Perm.SEND_MESSAGES_IN_THREADS if channel.is_thread else Perm.SEND_MESSAGES


def check_can_dm(state: SandboxState, channel: Channel) -> None:
    if channel.type is ChannelType.DM:
        recipient = state.users.get(channel.recipient_id or 0)
        if recipient is None or recipient.bot or not recipient.dms_open:
            raise errors.cannot_dm()


def normalise_embeds(embeds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"type": "rich", **{k: v for k, v in e.items() if v is not None}} for e in embeds]


def number_components(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Discord numbers every component it stores (the ``id`` field) when the bot did not."""
    counter = 0

    def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        nonlocal counter
        out = []
        for item in items:
            counter += 1
            copy = {**item, "id": item.get("id", counter)}
            if "components" in item:
                copy["components"] = walk(item["components"])
            out.append(copy)
        return out

    return walk(components)


def attachments_from(state: SandboxState, api: ApiRequest, body: dict[str, Any]) -> list:
    attachments = []
    for index, upload in enumerate(api.files):
        described = (body.get("attachments") or [{}] * (index + 1))
        meta = described[index] if index < len(described) else {}
        filename = meta.get("filename") or upload["filename"]
        attachment_id = state.snowflake()
        state.uploads[str(attachment_id)] = upload.get("data") or b""
        url = f"https://cdn.discordapp.com/attachments/0/{attachment_id}/{filename}"
        attachments.append({
            "id": str(attachment_id), "filename": filename, "size": upload["size"],
            "url": url, "proxy_url": url,
        })
    return attachments


def message_fields(state: SandboxState, api: ApiRequest, body: dict[str, Any]) -> dict[str, Any]:
    """Message fields from a create/edit body; only the keys the body names."""
    fields: dict[str, Any] = {}
    if "content" in body:
        fields["content"] = body["content"] or ""
    if "embeds" in body:
        fields["embeds"] = normalise_embeds(body["embeds"] or [])
    elif "embed" in body and body["embed"] is not None:
        fields["embeds"] = normalise_embeds([body["embed"]])
    if "components" in body:
        fields["components"] = number_components(body["components"] or [])
    if api.files:
        fields["attachments"] = attachments_from(state, api, body)
    elif "attachments" in body and body["attachments"] is not None:
        fields["attachments"] = []
    if "flags" in body and body["flags"] is not None:
        fields["flags"] = int(body["flags"]) & ~EPHEMERAL_FLAG
    return fields


def find_message(state: SandboxState, channel: Channel, message_id: int) -> Message:
    message = state.messages.get(message_id)
    if message is None or message.deleted or message.channel_id != channel.id:
        raise errors.unknown_message()
    return message


def apply_edit(server: SandboxServer, message: Message, fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        setattr(message, key, value)
    message.edited_timestamp = server.state.clock.now()
    server.publish_edit(message)


# ---- channels ------------------------------------------------------------------------
@routes("GET", "/channels/{channel_id}")
async def get_channel(server: SandboxServer, api: ApiRequest) -> Reply:
    channel = bot_channel(server.state, api.int_param("channel_id"))
    return Reply(payloads.channel(server.state, channel))


@routes("POST", "/channels/{channel_id}/typing")
async def typing(server: SandboxServer, api: ApiRequest) -> Reply:
    channel = bot_channel(server.state, api.int_param("channel_id"))
    check_can_dm(server.state, channel)
    return NO_CONTENT


# ---- messages ------------------------------------------------------------------------
@routes("POST", "/channels/{channel_id}/messages")
async def create_message(server: SandboxServer, api: ApiRequest) -> Reply:
    state = server.state
    channel = state.channels.get(api.int_param("channel_id"))
    if channel is None:
        raise errors.unknown_channel()
    channel = bot_channel(state, channel.id, send_permission(channel))
    check_can_dm(state, channel)
    body = api.json()
    errors.check_message_body(body)
    if not api.files:
        errors.check_not_empty(body)
    fields = message_fields(state, api, body)
    reference = (body.get("message_reference") or {}).get("message_id")
    if reference is not None:
        find_message(state, channel, int(reference))
        fields.update(reference_id=int(reference), type=19)
    fields.setdefault("content", "")
    content = fields.pop("content")
    message = state.add_message(channel, state.bot_user.id, content, **fields)
    server.publish_message(message)
    return Reply(payloads.message(state, message))


def _before_after(api: ApiRequest, messages: list[Message]) -> list[Message]:
    limit = max(1, min(int(api.query.get("limit", 50)), 100))
    if "around" in api.query:
        around = int(api.query["around"])
        older = [m for m in messages if m.id <= around][-((limit + 1) // 2):]
        newer = [m for m in messages if m.id > around][: limit // 2]
        return list(reversed(older + newer))
    if "after" in api.query:
        after = int(api.query["after"])
        return list(reversed([m for m in messages if m.id > after][:limit]))
    before = int(api.query.get("before", 1 << 63))
    return list(reversed([m for m in messages if m.id < before]))[:limit]


@routes("GET", "/channels/{channel_id}/messages")
async def list_messages(server: SandboxServer, api: ApiRequest) -> Reply:
    state = server.state
    channel = bot_channel(state, api.int_param("channel_id"), Perm.READ_MESSAGE_HISTORY)
    visible = state.visible_messages(channel.id, None)
    return Reply([payloads.message(state, m) for m in _before_after(api, visible)])


@routes("GET", "/channels/{channel_id}/messages/{message_id}")
async def get_message(server: SandboxServer, api: ApiRequest) -> Reply:
    state = server.state
    channel = bot_channel(state, api.int_param("channel_id"), Perm.READ_MESSAGE_HISTORY)
    message = find_message(state, channel, api.int_param("message_id"))
    if message.ephemeral:
        raise errors.unknown_message()
    return Reply(payloads.message(state, message))


@routes("PATCH", "/channels/{channel_id}/messages/{message_id}")
async def edit_message(server: SandboxServer, api: ApiRequest) -> Reply:
    state = server.state
    channel = bot_channel(state, api.int_param("channel_id"))
    message = find_message(state, channel, api.int_param("message_id"))
    body = api.json()
    if message.author_id != state.bot_user.id and set(body) - {"flags"}:
        raise errors.cannot_edit_other()
    errors.check_message_body(body)
    apply_edit(server, message, message_fields(state, api, body))
    return Reply(payloads.message(state, message))


def _delete(server: SandboxServer, channel: Channel, message: Message) -> None:
    state = server.state
    if message.author_id != state.bot_user.id:
        guild = state.guild_of(channel)
        if guild is None or not state.permissions(guild, state.bot_user.id, channel) & (
            Perm.MANAGE_MESSAGES
        ):
            raise errors.missing_permissions()
    message.deleted = True
    server.publish_delete(message, state.bot_user.id)


@routes("DELETE", "/channels/{channel_id}/messages/{message_id}")
async def delete_message(server: SandboxServer, api: ApiRequest) -> Reply:
    channel = bot_channel(server.state, api.int_param("channel_id"))
    message = find_message(server.state, channel, api.int_param("message_id"))
    _delete(server, channel, message)
    return NO_CONTENT


@routes("POST", "/channels/{channel_id}/messages/bulk-delete")
async def bulk_delete(server: SandboxServer, api: ApiRequest) -> Reply:
    channel = bot_channel(server.state, api.int_param("channel_id"), Perm.MANAGE_MESSAGES)
    ids = [int(i) for i in api.json().get("messages") or []]
    if not 2 <= len(ids) <= 100:
        raise errors.invalid_form({"messages": {"_errors": [{
            "code": "BASE_TYPE_BAD_LENGTH", "message": "Must be between 2 and 100 in length."}]}})
    for message_id in ids:
        _delete(server, channel, find_message(server.state, channel, message_id))
    return NO_CONTENT


# ---- pins ----------------------------------------------------------------------------
def _pin(server: SandboxServer, api: ApiRequest, pinned: bool) -> Reply:
    state = server.state
    channel = bot_channel(state, api.int_param("channel_id"))
    guild = state.guild_of(channel)
    if guild is not None and not state.permissions(guild, state.bot_user.id, channel) & (
        Perm.MANAGE_MESSAGES
    ):
        raise errors.missing_permissions()
    message = find_message(state, channel, api.int_param("message_id"))
    was_pinned = message.pinned
    message.pinned = pinned
    message.pinned_at = state.clock.now() if pinned else None
    data: dict[str, Any] = {"channel_id": str(channel.id),
                            "last_pin_timestamp": payloads.iso(message.pinned_at)}
    if guild is not None:
        data["guild_id"] = str(guild.id)
    server.gateway.dispatch("CHANNEL_PINS_UPDATE", data)
    if pinned or was_pinned:
        server.log.pin(message, state.bot_user.id, pinned=pinned)
    return NO_CONTENT


@routes("PUT", "/channels/{channel_id}/messages/pins/{message_id}")
async def pin(server: SandboxServer, api: ApiRequest) -> Reply:
    return _pin(server, api, True)


@routes("DELETE", "/channels/{channel_id}/messages/pins/{message_id}")
async def unpin(server: SandboxServer, api: ApiRequest) -> Reply:
    return _pin(server, api, False)


@routes("PUT", "/channels/{channel_id}/pins/{message_id}")
async def pin_legacy(server: SandboxServer, api: ApiRequest) -> Reply:
    return _pin(server, api, True)


@routes("DELETE", "/channels/{channel_id}/pins/{message_id}")
async def unpin_legacy(server: SandboxServer, api: ApiRequest) -> Reply:
    return _pin(server, api, False)


def _pinned(server: SandboxServer, api: ApiRequest) -> list[Message]:
    channel = bot_channel(server.state, api.int_param("channel_id"), Perm.READ_MESSAGE_HISTORY)
    pins = [m for m in server.state.visible_messages(channel.id, None) if m.pinned]
    return sorted(pins, key=lambda m: m.pinned_at or datetime.min, reverse=True)


@routes("GET", "/channels/{channel_id}/messages/pins")
async def list_pins(server: SandboxServer, api: ApiRequest) -> Reply:
    items = [{"pinned_at": payloads.iso(m.pinned_at), "message": payloads.message(server.state, m)}
             for m in _pinned(server, api)]
    return Reply({"items": items, "has_more": False})


@routes("GET", "/channels/{channel_id}/pins")
async def list_pins_legacy(server: SandboxServer, api: ApiRequest) -> Reply:
    return Reply([payloads.message(server.state, m) for m in _pinned(server, api)])


# ---- reactions -----------------------------------------------------------------------
@routes("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me")
async def add_reaction(server: SandboxServer, api: ApiRequest) -> Reply:
    channel = bot_channel(server.state, api.int_param("channel_id"))
    message = find_message(server.state, channel, api.int_param("message_id"))
    message.reactions.add(api.params["emoji"])
    return NO_CONTENT


@routes("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me")
async def remove_reaction(server: SandboxServer, api: ApiRequest) -> Reply:
    channel = bot_channel(server.state, api.int_param("channel_id"))
    message = find_message(server.state, channel, api.int_param("message_id"))
    message.reactions.discard(api.params["emoji"])
    return NO_CONTENT


# ---- threads -------------------------------------------------------------------------
def _open_thread(server: SandboxServer, parent: Channel, name: str, kind: ChannelType,
                 thread_id: int | None = None) -> Channel:
    state = server.state
    guild = state.guild_of(parent)
    if guild is None or parent.type is not ChannelType.GUILD_TEXT:
        raise errors.DiscordError(400, 50024, "Cannot execute action on this channel type")
    if not name or len(name) > 100:
        raise errors.invalid_form({"name": {"_errors": [{
            "code": "BASE_TYPE_BAD_LENGTH", "message": "Must be between 1 and 100 in length."}]}})
    thread = state.add_channel(guild, name, type=kind, parent_id=parent.id,
                               owner_id=state.bot_user.id)
    if thread_id is not None:  # a thread started from a message takes the message's id
        del state.channels[thread.id]
        guild.channel_ids.remove(thread.id)
        thread.id = thread_id
        state.channels[thread.id] = thread
        guild.channel_ids.append(thread.id)
    data = payloads.channel(state, thread)
    server.gateway.dispatch("THREAD_CREATE", {**data, "newly_created": True})
    server.log.thread(thread, state.bot_user.id)
    return thread


@routes("POST", "/channels/{channel_id}/messages/{message_id}/threads")
async def thread_from_message(server: SandboxServer, api: ApiRequest) -> Reply:
    state = server.state
    parent = bot_channel(state, api.int_param("channel_id"), Perm.CREATE_PUBLIC_THREADS)
    message = find_message(state, parent, api.int_param("message_id"))
    if message.thread_id is not None:
        raise errors.DiscordError(400, 160004, "A thread has already been created for this message")
    thread = _open_thread(server, parent, str(api.json().get("name", "")),
                          ChannelType.PUBLIC_THREAD, thread_id=message.id)
    message.thread_id = thread.id
    return Reply(payloads.channel(state, thread), 201)


@routes("POST", "/channels/{channel_id}/threads")
async def thread_without_message(server: SandboxServer, api: ApiRequest) -> Reply:
    body = api.json()
    kind = ChannelType(int(body.get("type") or ChannelType.PRIVATE_THREAD))
    need = Perm.CREATE_PRIVATE_THREADS if kind is ChannelType.PRIVATE_THREAD else (
        Perm.CREATE_PUBLIC_THREADS
    )
    parent = bot_channel(server.state, api.int_param("channel_id"), need)
    thread = _open_thread(server, parent, str(body.get("name", "")), kind)
    return Reply(payloads.channel(server.state, thread), 201)


@routes("PUT", "/channels/{channel_id}/thread-members/{user_id}")
async def add_thread_member(server: SandboxServer, api: ApiRequest) -> Reply:
    channel = bot_channel(server.state, api.int_param("channel_id"))
    if not channel.is_thread:
        raise errors.DiscordError(400, 50024, "Cannot execute action on this channel type")
    if api.params["user_id"] != "@me" and int(api.params["user_id"]) not in server.state.users:
        raise errors.unknown_user()
    return NO_CONTENT

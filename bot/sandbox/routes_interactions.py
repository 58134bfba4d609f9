"""REST: answering interactions (the callback) and the interaction webhook (followups,
the original response). Neither takes the bot token: the interaction token is the key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox import errors, payloads
from bot.sandbox.rest import NO_CONTENT, ApiRequest, Reply, RouteSet
from bot.sandbox.routes_messages import EPHEMERAL_FLAG, apply_edit, message_fields
from bot.sandbox.state import Interaction, Message

if TYPE_CHECKING:
    from bot.sandbox.server import SandboxServer

routes = RouteSet()
LOADING_FLAG = 1 << 7
PONG, MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, AUTOCOMPLETE, MODAL = 1, 4, 5, 6, 7, 8, 9
APPLICATION_COMMAND, COMPONENT, AUTOCOMPLETE_INTERACTION, MODAL_SUBMIT = 2, 3, 4, 5
_ALLOWED = {
    APPLICATION_COMMAND: {MESSAGE, DEFERRED_MESSAGE, MODAL},
    COMPONENT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, MODAL},
    AUTOCOMPLETE_INTERACTION: {AUTOCOMPLETE},
    MODAL_SUBMIT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE},
}


def _interaction(server: SandboxServer, api: ApiRequest) -> Interaction:
    key = api.params.get("interaction_id") or api.params.get("webhook_id") or "0"
    ix = server.state.interactions.get(int(key)) if key.isdigit() else None
    if ix is None or ix.token != api.params.get("interaction_token"):
        raise errors.unknown_interaction()
    return ix


def _by_token(server: SandboxServer, api: ApiRequest) -> Interaction:
    if api.params["webhook_id"] != str(server.state.application_id):
        raise errors.unknown_webhook()
    token = api.params["webhook_token"]
    for ix in server.state.interactions.values():
        if ix.token == token and ix.response_type is not None:
            return ix
    raise errors.unknown_webhook()


def _new_message(server: SandboxServer, ix: Interaction, body: dict[str, Any],
                 api: ApiRequest, *, flags_extra: int = 0) -> Message:
    state = server.state
    errors.check_message_body(body)
    fields = message_fields(state, api, body)
    ephemeral = bool(int(body.get("flags") or 0) & EPHEMERAL_FLAG)
    fields["flags"] = fields.get("flags", 0) | flags_extra | (EPHEMERAL_FLAG if ephemeral else 0)
    content = fields.pop("content", "")
    kind = 20 if ix.type == APPLICATION_COMMAND and ix.original_message_id is None else 0
    return state.add_message(
        state.channels[ix.channel_id], state.bot_user.id, content, type=kind,
        interaction_id=ix.id, webhook_id=state.application_id,
        ephemeral_for=ix.user_id if ephemeral else None, **fields,
    )


@routes("POST", "/interactions/{interaction_id}/{interaction_token}/callback", interaction=True)
async def callback(server: SandboxServer, api: ApiRequest) -> Reply:
    state = server.state
    ix = _interaction(server, api)
    if ix.response_type is not None:
        raise errors.already_acknowledged()
    body = api.json()
    kind = int(body.get("type") or 0)
    data = body.get("data") or {}
    if kind not in _ALLOWED.get(ix.type, set()):
        raise errors.DiscordError(400, 40043, "Interaction response type is not valid here.")
    resource: dict[str, Any] | None = None
    if kind == MESSAGE:
        if not api.files:
            errors.check_not_empty(data)
        message = _new_message(server, ix, data, api)
        ix.original_message_id, ix.ephemeral = message.id, message.ephemeral
        server.publish_message(message)
        resource = {"type": MESSAGE, "message": payloads.message(state, message)}
    elif kind == DEFERRED_MESSAGE:
        # Discord shows "Bot is thinking..." as a real (loading) message right away.
        placeholder = _new_message(server, ix, {"flags": data.get("flags", 0)}, api,
                                   flags_extra=LOADING_FLAG)
        ix.original_message_id, ix.ephemeral = placeholder.id, placeholder.ephemeral
        if not placeholder.ephemeral:
            server.gateway.dispatch("MESSAGE_CREATE", payloads.message_dispatch(state, placeholder))
    elif kind in (UPDATE, DEFERRED_UPDATE):
        if ix.message_id is None:
            raise errors.DiscordError(400, 40043, "Interaction response type is not valid here.")
        ix.original_message_id = ix.message_id
        if kind == UPDATE:
            message = state.messages[ix.message_id]
            errors.check_message_body(data)
            apply_edit(server, message, message_fields(state, api, data))
            resource = {"type": UPDATE, "message": payloads.message(state, message)}
    elif kind == MODAL:
        errors.check_modal(data)
        ix.modal = data
    elif kind == AUTOCOMPLETE:
        ix.choices = list(data.get("choices") or [])
    ix.response_type = kind
    if api.query.get("with_response") in ("1", "true", "True"):
        return Reply(payloads.interaction_callback(state, ix, resource))
    return NO_CONTENT


def _target(server: SandboxServer, ix: Interaction, message_ref: str) -> Message:
    if message_ref == "@original":
        if ix.original_message_id is None:
            raise errors.unknown_message()
        message_id = ix.original_message_id
    else:
        message_id = int(message_ref)
        if message_id not in ix.followup_ids and message_id != ix.original_message_id:
            raise errors.unknown_message()
    message = server.state.messages.get(message_id)
    if message is None or message.deleted:
        raise errors.unknown_message()
    return message


@routes("POST", "/webhooks/{webhook_id}/{webhook_token}", interaction=True)
async def followup(server: SandboxServer, api: ApiRequest) -> Reply:
    ix = _by_token(server, api)
    body = api.json()
    if not api.files:
        errors.check_not_empty(body)
    if ix.response_type == DEFERRED_MESSAGE and _target(server, ix, "@original").flags & (
        LOADING_FLAG
    ):
        # The first followup after a "thinking" defer replaces the placeholder, as on Discord.
        return await _edit(server, api, ix, "@original")
    message = _new_message(server, ix, body, api)
    ix.followup_ids.append(message.id)
    server.publish_message(message)
    if api.query.get("wait") in ("1", "true", "True"):
        return Reply(payloads.message(server.state, message))
    return NO_CONTENT


async def _edit(server: SandboxServer, api: ApiRequest, ix: Interaction, ref: str) -> Reply:
    message = _target(server, ix, ref)
    body = api.json()
    errors.check_message_body(body)
    fields = message_fields(server.state, api, body)
    fields.pop("flags", None)  # a response's flags (ephemeral) cannot change after the fact
    if message.flags & LOADING_FLAG:
        for key, value in fields.items():
            setattr(message, key, value)
        message.flags &= ~LOADING_FLAG
        server.log.message(message)  # the first time it says anything
        if not message.ephemeral:
            server.gateway.dispatch("MESSAGE_UPDATE",
                                    payloads.message_dispatch(server.state, message))
    else:
        apply_edit(server, message, fields)
    return Reply(payloads.message(server.state, message))


@routes("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", interaction=True)
async def edit_original(server: SandboxServer, api: ApiRequest) -> Reply:
    return await _edit(server, api, _by_token(server, api), "@original")


@routes("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        interaction=True)
async def edit_followup(server: SandboxServer, api: ApiRequest) -> Reply:
    return await _edit(server, api, _by_token(server, api), api.params["message_id"])


async def _get(server: SandboxServer, api: ApiRequest, ref: str) -> Reply:
    message = _target(server, _by_token(server, api), ref)
    return Reply(payloads.message(server.state, message))


@routes("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", interaction=True)
async def get_original(server: SandboxServer, api: ApiRequest) -> Reply:
    return await _get(server, api, "@original")


@routes("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", interaction=True)
async def get_followup(server: SandboxServer, api: ApiRequest) -> Reply:
    return await _get(server, api, api.params["message_id"])


async def _delete(server: SandboxServer, api: ApiRequest, ref: str) -> Reply:
    message = _target(server, _by_token(server, api), ref)
    message.deleted = True
    server.publish_delete(message, server.state.bot_user.id)
    return NO_CONTENT


@routes("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", interaction=True)
async def delete_original(server: SandboxServer, api: ApiRequest) -> Reply:
    return await _delete(server, api, "@original")


@routes("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        interaction=True)
async def delete_followup(server: SandboxServer, api: ApiRequest) -> Reply:
    return await _delete(server, api, api.params["message_id"])

"""Discord's JSON error bodies and the checks that produce 50035 (invalid form body).

Routes raise ``DiscordError``; the server turns it into the status and body Discord
would send, so discord.py raises the same ``Forbidden``/``NotFound``/``HTTPException``
(with the same ``code``) as in production.
"""

from __future__ import annotations

from typing import Any

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_ACTION_ROWS = 5
MAX_ROW_ITEMS = 5
MAX_EMBED_TOTAL = 6000
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_EMBED_FIELDS = 25
MAX_BUTTON_LABEL = 80
MAX_CUSTOM_ID = 100
MAX_SELECT_OPTIONS = 25
MAX_MODAL_TITLE = 45


class DiscordError(Exception):
    """An error response: HTTP status, Discord's JSON error code and message."""

    def __init__(
        self, status: int, code: int, message: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            payload["errors"] = self.errors
        return payload


def unauthorized() -> DiscordError:
    return DiscordError(401, 0, "401: Unauthorized")


def unknown_channel() -> DiscordError:
    return DiscordError(404, 10003, "Unknown Channel")


def unknown_message() -> DiscordError:
    return DiscordError(404, 10008, "Unknown Message")


def unknown_member() -> DiscordError:
    return DiscordError(404, 10007, "Unknown Member")


def unknown_user() -> DiscordError:
    return DiscordError(404, 10013, "Unknown User")


def unknown_role() -> DiscordError:
    return DiscordError(404, 10011, "Unknown Role")


def unknown_guild() -> DiscordError:
    return DiscordError(404, 10004, "Unknown Guild")


def unknown_interaction() -> DiscordError:
    return DiscordError(404, 10062, "Unknown interaction")


def unknown_webhook() -> DiscordError:
    return DiscordError(404, 10015, "Unknown Webhook")


def unknown_command() -> DiscordError:
    return DiscordError(404, 10063, "Unknown application command")


def already_acknowledged() -> DiscordError:
    return DiscordError(400, 40060, "Interaction has already been acknowledged.")


def cannot_dm() -> DiscordError:
    return DiscordError(403, 50007, "Cannot send messages to this user")


def missing_access() -> DiscordError:
    return DiscordError(403, 50001, "Missing Access")


def missing_permissions() -> DiscordError:
    return DiscordError(403, 50013, "Missing Permissions")


def cannot_edit_other() -> DiscordError:
    return DiscordError(403, 50005, "Cannot edit a message authored by another user")


def empty_message() -> DiscordError:
    return DiscordError(400, 50006, "Cannot send an empty message")


def not_found_route() -> DiscordError:
    return DiscordError(404, 0, "404: Not Found")


def method_not_allowed() -> DiscordError:
    return DiscordError(405, 0, "405: Method Not Allowed")


def _error(code: str, message: str) -> dict[str, Any]:
    # Discord names field errors with text codes (BASE_TYPE_MAX_LENGTH...), but its OpenAPI
    # description types ``code`` as an integer; the sandbox follows the description and
    # keeps the text code in the message, where discord.py shows it.
    return {"_errors": [{"code": 50035, "message": f"{message} ({code})"}]}


def invalid_form(errors: dict[str, Any]) -> DiscordError:
    return DiscordError(400, 50035, "Invalid Form Body", errors)


def check_message_body(body: dict[str, Any]) -> None:
    """Refuse what Discord refuses in a message create/edit, with its 50035 error tree."""
    errors: dict[str, Any] = {}
    content = body.get("content")
    if isinstance(content, str) and len(content) > MAX_CONTENT:
        errors["content"] = _error(
            "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_CONTENT} or fewer in length."
        )
    embeds = body.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        errors["embeds"] = _error(
            "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_EMBEDS} or fewer in length."
        )
    else:
        embed_errors = {str(i): e for i, embed in enumerate(embeds) if (e := _embed_errors(embed))}
        if embed_errors:
            errors["embeds"] = embed_errors
        total = sum(_embed_length(e) for e in embeds)
        if total > MAX_EMBED_TOTAL and not embed_errors:
            errors["embeds"] = _error(
                "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
            )
    components = body.get("components") or []
    if len(components) > MAX_ACTION_ROWS:
        errors["components"] = _error(
            "BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {MAX_ACTION_ROWS} in length."
        )
    else:
        row_errors = {str(i): e for i, row in enumerate(components) if (e := _row_errors(row))}
        if row_errors:
            errors["components"] = row_errors
    if errors:
        raise invalid_form(errors)


def check_not_empty(body: dict[str, Any]) -> None:
    if not (body.get("content") or body.get("embeds") or body.get("components")
            or body.get("attachments") or body.get("sticker_ids") or body.get("poll")):
        raise empty_message()


def _embed_length(embed: dict[str, Any]) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    for f in embed.get("fields") or []:
        total += len(f.get("name") or "") + len(f.get("value") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    return total


def _embed_errors(embed: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if len(embed.get("title") or "") > MAX_EMBED_TITLE:
        errors["title"] = _error("BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer in length.")
    if len(embed.get("description") or "") > MAX_EMBED_DESCRIPTION:
        errors["description"] = _error("BASE_TYPE_MAX_LENGTH", "Must be 4096 or fewer in length.")
    if len(embed.get("fields") or []) > MAX_EMBED_FIELDS:
        errors["fields"] = _error("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    return errors


def _row_errors(row: dict[str, Any]) -> dict[str, Any]:
    if row.get("type") != 1:
        return {"type": _error("UNION_TYPE_CHOICES", 'Value of field "type" must be one of (1,).')}
    items = row.get("components") or []
    if not 1 <= len(items) <= MAX_ROW_ITEMS:
        return {"components": _error("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")}
    errors: dict[str, Any] = {}
    for i, item in enumerate(items):
        item_errors: dict[str, Any] = {}
        if len(item.get("label") or "") > MAX_BUTTON_LABEL:
            item_errors["label"] = _error("BASE_TYPE_MAX_LENGTH", "Must be 80 or fewer in length.")
        if len(item.get("custom_id") or "") > MAX_CUSTOM_ID:
            item_errors["custom_id"] = _error(
                "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."
            )
        if len(item.get("options") or []) > MAX_SELECT_OPTIONS:
            item_errors["options"] = _error(
                "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
            )
        if item_errors:
            errors[str(i)] = item_errors
    if len(items) > 1 and any(item.get("type") in (3, 5, 6, 7, 8) for item in items):
        errors["components"] = _error(
            "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width"
        )
    return {"components": errors} if errors else {}


def check_modal(data: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    if len(data.get("title") or "") > MAX_MODAL_TITLE:
        errors["title"] = _error("BASE_TYPE_MAX_LENGTH", "Must be 45 or fewer in length.")
    if not 1 <= len(data.get("components") or []) <= MAX_ACTION_ROWS:
        errors["components"] = _error("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
    if errors:
        raise invalid_form({"data": errors})

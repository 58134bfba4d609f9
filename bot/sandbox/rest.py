"""The plumbing REST routes share: a route table, the parsed request, the reply."""

from __future__ import annotations

import email.policy
import io
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from typing import TYPE_CHECKING, Any

from bot.sandbox.errors import DiscordError, invalid_form

if TYPE_CHECKING:
    from bot.sandbox.server import SandboxServer

API_PREFIX = "/api/v10"


@dataclass
class ApiRequest:
    method: str
    template: str  # the route as Discord documents it, e.g. /channels/{channel_id}/messages
    params: dict[str, str]
    query: dict[str, str]
    body: Any = None
    files: list[dict[str, Any]] = field(default_factory=list)
    reason: str | None = None

    def int_param(self, name: str) -> int:
        try:
            return int(self.params[name])
        except ValueError:
            raise invalid_form({name: {"_errors": [{
                "code": "NUMBER_TYPE_COERCE", "message": "Value is not snowflake."}]}}) from None

    def json(self) -> dict[str, Any]:
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise DiscordError(400, 50109, "The request body contains invalid JSON.")
        return self.body


@dataclass
class Reply:
    body: Any = None
    status: int = 200

    def encode(self) -> bytes:
        return b"" if self.body is None else json.dumps(self.body).encode()


NO_CONTENT = Reply(None, 204)

Handler = Callable[["SandboxServer", ApiRequest], Awaitable[Reply]]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler
    # Interaction callbacks and interaction webhooks take no bot token and are exempt from
    # the global rate limit (Discord's documentation says so for both).
    interaction: bool = False


class RouteSet:
    """Routes collected by decorator, one set per area (messages, guilds, interactions)."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def __call__(
        self, method: str, template: str, *, interaction: bool = False
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method, template, handler, interaction))
            return handler

        return register


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    data: bytes

    @property
    def file(self) -> io.BytesIO:
        return io.BytesIO(self.data)


def multipart_form(raw: bytes, content_type: str) -> dict[str, Any]:
    """Fields of a multipart/form-data body: text as str, files as ``UploadedFile``."""
    header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=email.policy.HTTP).parsebytes(header + raw)
    form: dict[str, Any] = {}
    if not message.is_multipart():
        raise DiscordError(400, 50035, "Invalid Form Body")
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        form[name] = UploadedFile(filename, data) if filename else data.decode("utf-8")
    return form


def parse_body(raw: bytes, content_type: str, form: dict[str, Any] | None) -> tuple[Any, list]:
    """The JSON body of a request, from plain JSON or from multipart ``payload_json``."""
    files: list[dict[str, Any]] = []
    if form is not None:
        payload = form.pop("payload_json", None)
        for name, value in form.items():
            data = value.file.read() if hasattr(value, "file") else str(value).encode()
            files.append({"field": name, "filename": getattr(value, "filename", name),
                          "size": len(data), "data": data})
        body = json.loads(payload) if payload else {}
        return body, files
    if not raw:
        return None, files
    if "json" not in content_type:
        raise DiscordError(400, 50109, "The request body contains invalid JSON.")
    try:
        return json.loads(raw), files
    except json.JSONDecodeError:
        raise DiscordError(400, 50109, "The request body contains invalid JSON.") from None

"""The sandbox's record of everything observable, in order: what transcripts and
``expect`` lines read.

The server appends a ``SandboxEvent`` whenever a message is posted (by the bot or a
member), edited, deleted, pinned or unpinned, a thread is started, or a member is timed out.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from bot.sandbox.state import Channel, ChannelType, Message, SandboxState
from bot.sandbox.threads import thread_place

EventKind = Literal[
    "message", "edit", "delete", "timeout", "pin", "unpin", "thread", "member_message"
]
_USER_MENTION = re.compile(r"<@!?(\d+)>")
_CHANNEL_MENTION = re.compile(r"<#(\d+)>")


@dataclass(frozen=True)
class SentFile:
    """A file attached to a message: its name, size and where the sandbox saved it."""

    filename: str
    size: int
    path: str | None = None  # None: no folder was given to save files in


class FileSaver:
    """Saves every file the bot sends into one folder, created when the first arrives.

    A name already used in this run gets a number ("progress-2.png"), so two charts
    sent on different days are both kept.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._used: set[str] = set()

    def save(self, filename: str, data: bytes) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        safe = Path(filename).name or "file"  # a name, never a path out of the folder
        stem, dot, suffix = safe.rpartition(".")
        if not dot:
            stem, suffix = safe, ""
        name, number = safe, 1
        while name in self._used or (self.folder / name).exists():
            number += 1
            name = f"{stem}-{number}.{suffix}" if dot else f"{stem}-{number}"
        self._used.add(name)
        path = self.folder / name
        # Exports hold a member's data: readable by the person running the sandbox only.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        return path


@dataclass(frozen=True)
class SandboxEvent:
    kind: EventKind
    at: datetime
    actor: str
    where: str  # "#channel", "dm:alex" or "#channel/thread-name" (see bot.sandbox.threads)
    visible_to: str | None  # None: everyone who can see the place; else the one member
    text: str
    message_id: int | None = None
    target: str | None = None  # delete/timeout: whose message / who
    files: tuple[SentFile, ...] = ()


def place(state: SandboxState, channel: Channel) -> str:
    if channel.type is ChannelType.DM:
        recipient = state.users.get(channel.recipient_id or 0)
        return f"dm:{recipient.name if recipient else channel.recipient_id}"
    if channel.is_thread:
        parent = state.channels.get(channel.parent_id or 0)
        return thread_place(parent.name if parent else str(channel.parent_id), channel.name)
    return f"#{channel.name}"


def render_content(state: SandboxState, content: str) -> str:
    """Content as a reader sees it: user mentions as @name, channel mentions as #name."""

    def user_name(match: re.Match[str]) -> str:
        user = state.users.get(int(match.group(1)))
        return f"@{user.name}" if user else match.group(0)

    def channel_name(match: re.Match[str]) -> str:
        channel = state.channels.get(int(match.group(1)))
        return f"#{channel.name}" if channel and channel.name else match.group(0)

    return _CHANNEL_MENTION.sub(channel_name, _USER_MENTION.sub(user_name, content))


def _component_text(component: dict[str, Any]) -> list[str]:
    parts: list[str] = []
    for key in ("label", "placeholder", "content"):
        if component.get(key):
            parts.append(str(component[key]))
    for option in component.get("options") or []:
        if option.get("label"):
            parts.append(str(option["label"]))
    for child in component.get("components") or []:
        parts.extend(_component_text(child))
    return parts


def message_text(state: SandboxState, message: Message) -> str:
    """The searchable text: content, embed text, component labels and placeholders."""
    parts = [render_content(state, message.content)] if message.content else []
    for embed in message.embeds:
        for key in ("title", "description"):
            if embed.get(key):
                parts.append(render_content(state, str(embed[key])))
        for f in embed.get("fields") or []:
            parts.append(f"{f.get('name', '')}: {render_content(state, str(f.get('value', '')))}")
        footer = (embed.get("footer") or {}).get("text")
        if footer:
            parts.append(str(footer))
    for component in message.components:
        parts.extend(_component_text(component))
    return "\n".join(parts)


class EventLog:
    """Append-only, shared by the server (which writes) and the driver (which reads)."""

    def __init__(self, state: SandboxState) -> None:
        self._state = state
        self.events: list[SandboxEvent] = []
        self.saver: FileSaver | None = None  # set to keep the files the bot sends
        self._files: dict[str, SentFile] = {}  # attachment id → what was recorded

    def _sent_files(self, message: Message) -> tuple[SentFile, ...]:
        out = []
        for attachment in message.attachments:
            key = str(attachment.get("id"))
            known = self._files.get(key)
            if known is None:
                filename = str(attachment.get("filename") or "file")
                data = self._state.uploads.pop(key, None)
                size = int(attachment.get("size") or (len(data) if data else 0))
                path = None
                if self.saver is not None and data is not None:
                    path = str(self.saver.save(filename, data))
                known = self._files[key] = SentFile(filename, size, path)
            out.append(known)
        return tuple(out)

    def _name(self, user_id: int | None) -> str:
        user = self._state.users.get(user_id or 0)
        return user.name if user else str(user_id)

    def _add(self, kind: EventKind, actor_id: int | None, channel: Channel | str,
             text: str, visible_to: str | None = None, **extra: Any) -> None:
        where = channel if isinstance(channel, str) else place(self._state, channel)
        self.events.append(SandboxEvent(
            kind=kind, at=self._state.clock.now(), actor=self._name(actor_id),
            where=where, visible_to=visible_to, text=text, **extra,
        ))

    def _visible_to(self, message: Message) -> str | None:
        return self._name(message.ephemeral_for) if message.ephemeral_for is not None else None

    def message(self, message: Message) -> None:
        kind: EventKind = (
            "message" if message.author_id == self._state.bot_user.id else "member_message"
        )
        self._add(kind, message.author_id, self._state.channels[message.channel_id],
                  message_text(self._state, message), visible_to=self._visible_to(message),
                  message_id=message.id, files=self._sent_files(message))

    def edit(self, message: Message) -> None:
        self._add("edit", self._state.bot_user.id, self._state.channels[message.channel_id],
                  message_text(self._state, message), visible_to=self._visible_to(message),
                  message_id=message.id, files=self._sent_files(message))

    def delete(self, message: Message, by: int) -> None:
        self._add("delete", by, self._state.channels[message.channel_id],
                  message_text(self._state, message), message_id=message.id,
                  target=self._name(message.author_id))

    def pin(self, message: Message, by: int, *, pinned: bool = True) -> None:
        self._add("pin" if pinned else "unpin", by, self._state.channels[message.channel_id],
                  message_text(self._state, message), message_id=message.id,
                  target=self._name(message.author_id))

    def thread(self, thread: Channel, by: int) -> None:
        self._add("thread", by, thread, thread.name)

    def timeout(self, guild_name: str, member_id: int, until: datetime | None, by: int) -> None:
        # A timeout belongs to no channel: it is placed in the server ("guild:NAME").
        text = f"timed out until {until.isoformat()}" if until else "timeout removed"
        self._add("timeout", by, f"guild:{guild_name}", text, target=self._name(member_id))

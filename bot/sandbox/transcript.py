"""A readable transcript of a sandbox run, with simulated timestamps.

Entries are the sandbox's events (what members and the bot did) interleaved with the
runner's notes (what cannot be seen as a message: a slash command, a click, time
advancing, a restart, an expectation's result). Times are shown in the script's zone with
a date header whenever the day changes, so a week replayed in seconds still reads like a
week.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo


class EventLike(Protocol):
    """The fields of ``bot.sandbox.events.SandboxEvent`` the transcript and checks read."""

    @property
    def kind(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def actor(self) -> str: ...
    @property
    def where(self) -> str: ...
    @property
    def visible_to(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def message_id(self) -> int | None: ...
    @property
    def target(self) -> str | None: ...


@dataclass(frozen=True)
class Note:
    """Something the runner did or found, shown between the events."""

    at: datetime
    text: str
    mark: str = "--"  # "--" an action, "ok" / "FAIL" an expectation


Entry = EventLike | Note
WIDTH = 100  # columns a transcript line wraps at
MIN_ROOM = 40  # text keeps at least this many columns, however deep the indent


def place(where: str, visible_to: str | None) -> str:
    if visible_to:
        return f"{where} (only {visible_to} sees)"
    return where


def _body(text: str) -> list[str]:
    lines = text.splitlines() or [""]
    return lines


class TranscriptWriter:
    """Turns entries into lines; remembers the last day shown, for date headers."""

    def __init__(self, zone: str = "UTC", width: int = WIDTH) -> None:
        self.zone = ZoneInfo(zone)
        self.width = width
        self._day: date | None = None

    def _local(self, at: datetime) -> datetime:
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        return at.astimezone(self.zone)

    def lines(self, entry: Entry) -> list[str]:
        local = self._local(entry.at)
        out: list[str] = []
        if local.date() != self._day:
            self._day = local.date()
            out.append(f"=== {local:%A %Y-%m-%d} ({self.zone.key}) ===")
        stamp = f"{local:%H:%M:%S}"
        head, body = self._describe(entry)
        # Continuation lines line up under the start of the text, so a multi-line embed
        # still reads as one message; long lines wrap there too.
        pad = " " * (len(stamp) + 2 + len(head))
        room = max(MIN_ROOM, self.width - len(pad))
        wrapped = [part for line in body for part in (textwrap.wrap(line, room) or [""])]
        out.append(f"{stamp}  {head}{wrapped[0] if wrapped else ''}".rstrip())
        out.extend((pad + line).rstrip() for line in wrapped[1:])
        return out

    def _describe(self, entry: Entry) -> tuple[str, list[str]]:
        if isinstance(entry, Note):
            return f"{entry.mark} ", _body(entry.text)
        where = place(entry.where, entry.visible_to)
        if entry.kind == "member_message":
            return f"{where}  {entry.actor}: ", _body(entry.text)
        if entry.kind == "message":
            return f"{where}  {entry.actor}: ", _body(entry.text)
        if entry.kind == "edit":
            return f"{where}  {entry.actor} (edited): ", _body(entry.text)
        if entry.kind == "delete":
            whose = f"{entry.target}'s" if entry.target else "a"
            return f"{where}  {entry.actor} deleted {whose} message: ", _body(entry.text)
        if entry.kind == "timeout":
            return f"{entry.actor}: {entry.target} {self._until(entry.text)}", []
        if entry.kind == "pin":
            return f"{where}  {entry.actor} pinned: ", _body(entry.text)
        if entry.kind == "unpin":
            return f"{where}  {entry.actor} unpinned: ", _body(entry.text)
        if entry.kind == "thread":
            return f"{where}  {entry.actor} opened a thread: ", _body(entry.text)
        return f"{where}  {entry.actor} [{entry.kind}]: ", _body(entry.text)

    def _until(self, text: str) -> str:
        """"timed out until ISO" with the instant shown in the transcript's zone."""
        prefix = "timed out until "
        if not text.startswith(prefix):
            return text
        try:
            until = self._local(datetime.fromisoformat(text[len(prefix):].strip()))
        except ValueError:
            return text
        return f"{prefix}{until:%Y-%m-%d %H:%M %Z}"

    def render(self, entries: Iterable[Entry]) -> str:
        out: list[str] = []
        for entry in entries:
            out.extend(self.lines(entry))
        return "\n".join(out)


def render(entries: Iterable[Entry], zone: str = "UTC") -> str:
    """The whole transcript as one string (a fresh writer: the first entry gets a date)."""
    return TranscriptWriter(zone).render(entries)

"""A readable transcript of a sandbox run, with simulated timestamps.

Entries are the sandbox's events (what members and the bot did) interleaved with the
runner's notes (what cannot be seen as a message: a slash command, a click, time
advancing, a restart, an expectation's result). Times are shown in the script's zone with
a date header whenever the day changes, so a week replayed in seconds still reads like a
week. Discord timestamps inside messages are shown as the reader's client would show them
(``Viewer``), and every file the bot sent gets a line naming it, its size and where the
sandbox saved it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.sandbox.timestamps import render_timestamps


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


class FileLike(Protocol):
    @property
    def filename(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def path(self) -> str | None: ...


def files_of(event: object) -> Sequence[FileLike]:
    """The files an event carries (events from older records or tests may have none)."""
    return getattr(event, "files", None) or ()


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def file_line(file: FileLike) -> str:
    where = f" -> {file.path}" if file.path else ""
    return f"[file {file.filename}, {size_text(file.size)}{where}]"


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


class Viewer:
    """Who reads an event, and so the zone its Discord timestamps are shown in.

    A DM is read by its member; an ephemeral reply ("only X sees") by X; anything else in
    a channel by whoever reads the transcript, in the script's clock zone. A member
    without a zone of their own reads in that zone too.
    """

    def __init__(
        self, zone: str = "UTC", member_zone: Callable[[str], str | None] | None = None
    ) -> None:
        self.zone = ZoneInfo(zone)
        self._member_zone = member_zone

    def zone_of(self, member: str) -> ZoneInfo:
        name = self._member_zone(member) if self._member_zone is not None else None
        return ZoneInfo(name) if name else self.zone

    def reader(self, event: EventLike) -> str | None:
        if event.visible_to:
            return event.visible_to
        if event.where.startswith("dm:"):
            return event.where[3:]
        return None

    def zone_for(self, event: EventLike) -> ZoneInfo:
        reader = self.reader(event)
        return self.zone_of(reader) if reader is not None else self.zone

    def text(self, event: EventLike) -> str:
        """The event's text with timestamps as its reader's client shows them."""
        return render_timestamps(event.text, self.zone_for(event), _aware(event.at))


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


def _wrap(line: str, room: int) -> list[str]:
    if line.startswith("[file ") or line.lstrip().startswith('File "'):
        return [line]  # a path split over two lines could not be copied
    return textwrap.wrap(line, room) or [""]


def _body(text: str) -> list[str]:
    lines = text.splitlines() or [""]
    return lines


class TranscriptWriter:
    """Turns entries into lines; remembers the last day shown, for date headers."""

    def __init__(self, zone: str = "UTC", width: int = WIDTH, viewer: Viewer | None = None) -> None:
        self.zone = ZoneInfo(zone)
        self.width = width
        self.viewer = viewer or Viewer(zone)
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
        wrapped = [part for line in body for part in _wrap(line, room)]
        out.append(f"{stamp}  {head}{wrapped[0] if wrapped else ''}".rstrip())
        out.extend((pad + line).rstrip() for line in wrapped[1:])
        return out

    def _describe(self, entry: Entry) -> tuple[str, list[str]]:
        if isinstance(entry, Note):
            return f"{entry.mark} ", _body(entry.text)
        where = place(entry.where, entry.visible_to)
        if entry.kind == "timeout":
            return f"{entry.actor}: {entry.target} {self._until(entry.text)}", []
        body = _body(self.viewer.text(entry)) if entry.text else []
        body += [file_line(f) for f in files_of(entry)]
        body = body or [""]
        if entry.kind in ("member_message", "message"):
            return f"{where}  {entry.actor}: ", body
        if entry.kind == "edit":
            return f"{where}  {entry.actor} (edited): ", body
        if entry.kind == "delete":
            whose = f"{entry.target}'s" if entry.target else "a"
            return f"{where}  {entry.actor} deleted {whose} message: ", body
        if entry.kind == "pin":
            return f"{where}  {entry.actor} pinned: ", body
        if entry.kind == "unpin":
            return f"{where}  {entry.actor} unpinned: ", body
        if entry.kind == "thread":
            return f"{where}  {entry.actor} opened a thread: ", body
        return f"{where}  {entry.actor} [{entry.kind}]: ", body

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


def render(entries: Iterable[Entry], zone: str = "UTC", viewer: Viewer | None = None) -> str:
    """The whole transcript as one string (a fresh writer: the first entry gets a date)."""
    return TranscriptWriter(zone, viewer=viewer).render(entries)

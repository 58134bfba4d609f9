"""Threads and pins in conversation scripts: how a thread is addressed, found and shown.

A thread is addressed like a channel, as ``#parent/thread-name``: the thread's name
folded to lowercase with spaces as ``-`` (``Check-ins 2026-12-07`` is
``#daily-check-in/check-ins-2026-12-07``), or ``#parent/latest`` for the newest thread
under that channel. The transcript shows a thread's messages at the same address, so
what a transcript shows is what a script writes.

Pure functions over names and recorded events, so the rules are tested without a bot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

LATEST = "latest"
SEPARATOR = "/"
# What may follow the "/" in a script: the folded name (see ``thread_slug``).
SLUG_RE = re.compile(r"[\w.-]+\Z")
_DROPPED = re.compile(r"[^\w.-]+")
_DASHES = re.compile(r"-{2,}")


class ThreadEventLike(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def where(self) -> str: ...


def thread_slug(name: str) -> str:
    """A thread's name as scripts write it: lowercase, spaces as ``-``, and what cannot
    stand in a script address (``:``, quotes, ``/``, emoji) left out."""
    folded = "-".join(name.casefold().split())
    return _DASHES.sub("-", _DROPPED.sub("", folded)).strip("-")


def thread_place(parent: str, thread_name: str) -> str:
    """The place of a thread's messages in the event log: ``#parent/thread-name``."""
    return f"#{parent}{SEPARATOR}{thread_slug(thread_name)}"


def split_address(address: str) -> tuple[str, str | None]:
    """``peer-support/latest`` → ("peer-support", "latest"); a channel → (name, None)."""
    parent, sep, thread = address.lstrip("#").partition(SEPARATOR)
    return parent, (thread if sep else None)


def is_latest(address: str) -> bool:
    return split_address(address)[1] == LATEST


def latest_thread_place(events: Sequence[ThreadEventLike], parent: str) -> str | None:
    """The place of the newest thread opened under ``#parent`` so far, from the log."""
    prefix = f"#{parent}{SEPARATOR}"
    for event in reversed(events):
        if event.kind == "thread" and event.where.startswith(prefix):
            return event.where
    return None


class NamedThread(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=NamedThread)


def pick_thread(threads: Iterable[T], wanted: str) -> T | None:
    """The thread ``wanted`` names among one channel's threads: ``latest`` is the newest
    (snowflake ids grow with time); otherwise the newest whose folded name matches."""
    ordered = sorted(threads, key=lambda t: t.id, reverse=True)
    if wanted == LATEST:
        return ordered[0] if ordered else None
    wanted = wanted.casefold()
    return next((t for t in ordered if thread_slug(t.name) == wanted), None)

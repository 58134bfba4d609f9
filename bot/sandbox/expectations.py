"""Checking ``expect`` lines against what the sandbox recorded.

Pure functions over event records (anything shaped like ``SandboxEvent``), so the rules
(which messages count, case-insensitive containment, exact counts, the window since the
previous run of ``expect`` lines) are tested without a bot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.sandbox.script import ExpectStep
from bot.sandbox.threads import is_latest, latest_thread_place, split_address
from bot.sandbox.transcript import EventLike, files_of

# How a reader sees an event's text (timestamps rendered); None: only the raw text.
View = Callable[[EventLike], str]

BOT_MESSAGE_KINDS = ("message", "edit")
TIMEOUT_UNTIL = "timed out until "


@dataclass(frozen=True)
class Outcome:
    ok: bool
    detail: str  # what was found; for a failure, why it failed


def _place(step: ExpectStep) -> str:
    return f"dm:{step.target}" if step.what == "dm" else f"#{step.target}"


def _describe_place(step: ExpectStep) -> str:
    if step.what == "pinned":
        return f"pinned message in #{step.target}"
    if step.file:
        return f"file in a DM to {step.target}" if step.what == "dm" else (
            f"file in #{step.target}")
    return f"DM to {step.target}" if step.what == "dm" else f"message in #{step.target}"


def _searchable(event: EventLike, view: View | None) -> str:
    """The raw text, and the text as its reader sees it when that differs, so an expect
    matches either ``<t:1796684400:F>`` or "Monday, December 7, 2026 6:00 PM"."""
    if view is None:
        return event.text
    shown = view(event)
    return event.text if shown == event.text else event.text + "\n" + shown


def bot_messages_at(
    events: Sequence[EventLike], where: str, view: View | None = None, *, files: bool = False
) -> dict[int | None, str]:
    """The bot's messages at a place, keyed by message id, with their latest text.

    An edit replaces its message's text rather than counting as another message, so a
    reply that is deferred and then edited counts once. Ephemeral replies in a channel
    are part of that channel (they were shown there, to the one who invoked). With
    ``files``, the text is the names of the files the message carries (one per line),
    and messages without a file are left out.
    """
    found: dict[int | None, str] = {}
    anonymous = 0
    for event in events:
        if event.kind not in BOT_MESSAGE_KINDS or event.where != where:
            continue
        key = event.message_id
        if key is None:
            # Without an id there is nothing to merge with: each one is its own message.
            anonymous -= 1
            key = anonymous
        if files:
            names = [f.filename for f in files_of(event)]
            if names:
                found[key] = "\n".join(names)
            continue
        text = _searchable(event, view)
        if event.kind == "edit" and key in found:
            found[key] = found[key] + "\n" + text
        else:
            found[key] = text
    return found


def _quoted(text: str) -> str:
    return '"' + text + '"'


def pinned_at(events: Sequence[EventLike], where: str) -> dict[int | None, str]:
    """The messages pinned at a place now (by anyone), keyed by id, with their text."""
    pinned: dict[int | None, str] = {}
    for event in events:
        if event.kind in ("pin", "unpin") and event.where == where:
            if event.kind == "pin":
                pinned[event.message_id] = event.text
            else:
                pinned.pop(event.message_id, None)
    return pinned


def check_messages(
    step: ExpectStep, window: Sequence[EventLike], view: View | None = None
) -> Outcome:
    return _count(step, bot_messages_at(window, _place(step), view, files=step.file))


def check_pinned(step: ExpectStep, history: Sequence[EventLike]) -> Outcome:
    """``expect pinned #channel "text"``: a state (pinned now), read from the whole run."""
    return _count(step, pinned_at(history, _place(step)))


def _count(step: ExpectStep, messages: dict[int | None, str]) -> Outcome:
    if step.text is None:
        matching = list(messages.values())
    elif step.file:
        needle = step.text.casefold()
        matching = [names for names in messages.values()
                    if any(needle in name.casefold() for name in names.splitlines())]
    else:
        needle = step.text.casefold()
        matching = [text for text in messages.values() if needle in text.casefold()]
    what = _describe_place(step)
    verb = "named like" if step.file else "containing"
    containing = f" {verb} {_quoted(step.text)}" if step.text is not None else ""
    n, total = len(matching), len(messages)
    if step.negated:
        if n == 0:
            return Outcome(True, f"no {what}{containing}")
        return Outcome(False, f"expected no {what}{containing}, found {n}")
    if step.count is not None:
        if n == step.count:
            return Outcome(True, f"{n} × {what}{containing}")
        return Outcome(
            False, f"expected exactly {step.count} × {what}{containing}, found {n} "
            f"(of {total} at {_place(step)})"
        )
    if n >= 1:
        return Outcome(True, f"{n} × {what}{containing}")
    if step.what == "pinned":
        shown = "; ".join(_quoted(_shorten(t)) for t in messages.values()) or "none"
        return Outcome(False, f"no {what}{containing} (pinned there now: {shown})")
    if step.file:
        sent = ("no file" if total == 0 else "one message with files" if total == 1
                else f"{total} messages with files")
        return Outcome(False, f"no {what}{containing} (the bot sent {sent} there)")
    return Outcome(False, f"no {what}{containing} (the bot sent {total} there)")


def newest_member_message(events: Sequence[EventLike], member: str) -> EventLike | None:
    for event in reversed(events):
        if event.kind == "member_message" and event.actor == member:
            return event
    return None


def timed_out(events: Sequence[EventLike], member: str, now: datetime | None) -> bool:
    """Whether the member's latest timeout is still running at ``now``.

    The server records "timed out until ISO-TIME" or "timeout removed"; without a ``now``
    a timeout that was set counts as running.
    """
    for event in reversed(events):
        if event.kind != "timeout" or event.target != member:
            continue
        _, found, until_text = event.text.partition(TIMEOUT_UNTIL)
        if not found:
            return False
        try:
            until = datetime.fromisoformat(until_text.strip())
        except ValueError:
            return True
        return now is None or until > now
    return False


def check_member_state(
    step: ExpectStep, events: Sequence[EventLike], now: datetime | None = None
) -> Outcome:
    """``deleted`` / ``kept`` / ``timeout``: states, read from the whole run so far."""
    member = step.target
    if step.what == "timeout":
        state = timed_out(events, member, now)
        if state != step.negated:
            return Outcome(True, f"{member} is {'not ' if step.negated else ''}timed out")
        return Outcome(False, f"{member} is {'' if step.negated else 'not '}timed out")
    newest = newest_member_message(events, member)
    if newest is None:
        return Outcome(False, f"{member} has not posted anything, so nothing could be {step.what}")
    deleted = any(e.kind == "delete" and e.message_id == newest.message_id for e in events)
    quote = _quoted(_shorten(newest.text))
    if step.what == "deleted":
        if deleted:
            return Outcome(True, f"{member}'s message {quote} was deleted")
        return Outcome(False, f"{member}'s newest message {quote} was not deleted")
    if deleted:
        return Outcome(False, f"{member}'s newest message {quote} was deleted")
    return Outcome(True, f"{member}'s message {quote} was kept")


def _shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def check(
    step: ExpectStep,
    window: Sequence[EventLike],
    history: Sequence[EventLike],
    now: datetime | None = None,
    view: View | None = None,
) -> Outcome:
    """Check one expectation: message checks read ``window``, member states and pins
    ``history``. ``#channel/latest`` is the newest thread under the channel by then."""
    if step.what in ("channel", "pinned") and is_latest(step.target):
        parent = split_address(step.target)[0]
        found = latest_thread_place(history, parent)
        if found is None:
            if step.negated:
                return Outcome(True, f"no thread under #{parent}, so nothing there")
            return Outcome(False, f"there is no thread under #{parent} yet")
        step = replace(step, target=found[1:])
    if step.is_message_check:
        return check_messages(step, window, view)
    if step.what == "pinned":
        return check_pinned(step, history)
    return check_member_state(step, history, now)

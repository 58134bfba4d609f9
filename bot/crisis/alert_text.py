"""What the facilitators' alert says: a crisis alert or a reach-out request, with every
message that went into it, who has it and whether it is closed. Rendered again from the
database at each change, so the post in #facilitators always shows the alert as it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.crisis.storage import CRISIS, AlertMessage, AlertRow
from bot.kernel.discord_time import discord_timestamp

# Discord's limit is 2000 characters; leave room for the footers.
BODY_CHARS = 1700

SOURCES = {
    "command": "used /crisis",
    "coping": "asked /coping for help with thoughts of harming themselves",
    "peer": "wrote words of crisis",
    "dm": "wrote words of crisis to the bot in a DM",
    "checkin": "wrote words of crisis in their check-in note",
}


@dataclass(frozen=True)
class AlertContext:
    """What the text needs beyond the database rows."""

    person_name: str  # the member's username (never shown without their mention)
    crisis_every_minutes: int
    request_every: str  # "60 minutes during program hours (Monday to Friday, 09:00 to 17:00)"
    taken_by_name: str | None = None
    closed_by_name: str | None = None


def title(row: AlertRow) -> str:
    return f"Crisis alert #{row.id}" if row.kind == CRISIS else f"Reach-out request #{row.id}"


def alert_text(row: AlertRow, messages: Sequence[AlertMessage], ctx: AlertContext) -> str:
    first = messages[0] if messages else None
    said = first.said if first is not None else SOURCES.get(row.source, "")
    lines = [
        f"**{title(row)}**: <@{row.user_id}> ({ctx.person_name}) {said}, "
        f"{discord_timestamp(row.created_at, 'f')}."
    ]
    if row.kind == CRISIS and any(m.kind != CRISIS for m in messages):
        lines.append("It began as a reach-out request; crisis words came after.")
    if row.kind == CRISIS and row.categories:
        rule = f" (rule `{row.rule}`)" if row.rule else ""
        lines.append(f"Signals: {row.categories}{rule}.")
    lines.extend(_messages(row, messages))
    lines.append(_footer(row, ctx))
    return "\n".join(lines)


def _quote(row: AlertRow, text: str) -> str:
    if row.held:
        return f"> ||{text}||"
    return f"> {text}"


def _messages(row: AlertRow, messages: Sequence[AlertMessage]) -> list[str]:
    if not messages:
        return [_quote(row, row.excerpt)] if row.excerpt else []
    if len(messages) == 1:
        only = messages[0]
        out = [_quote(row, only.excerpt)] if only.excerpt else []
        if only.jump_url and not row.held:
            out.append(f"Message: {only.jump_url}")
        if row.held:
            out.insert(
                0,
                "Their message gave method or dose detail, so it was **held** (removed from "
                "the channel); they got their text back privately. What they wrote:",
            )
        return out
    header = (
        f"**{len(messages)} messages** since {discord_timestamp(messages[0].at, 't')}, "
        f"the latest {discord_timestamp(messages[-1].at, 'R')}:"
    )
    shown: list[str] = []
    used = len(header)
    for message in reversed(messages):
        entry = _entry(row, message)
        if used + len(entry) > BODY_CHARS:
            break
        shown.insert(0, entry)
        used += len(entry) + 1
    hidden = len(messages) - len(shown)
    out = [header]
    if hidden:
        out.append(f"({hidden} earlier not shown here; `/requests` lists the alert.)")
    return out + shown


def _entry(row: AlertRow, message: AlertMessage) -> str:
    head = f"{discord_timestamp(message.at, 't')} {message.said}"
    link = f" {message.jump_url}" if message.jump_url and not row.held else ""
    body = f"\n{_quote(row, message.excerpt)}" if message.excerpt else ""
    return f"{head}{link}{body}"


def _footer(row: AlertRow, ctx: AlertContext) -> str:
    if row.closed_at is not None:
        by = ctx.closed_by_name or f"<@{row.closed_by}>"
        return f"☑️ Closed by **{by}** {discord_timestamp(row.closed_at, 'f')}."
    if row.acknowledged_at is not None:
        by = ctx.taken_by_name or f"<@{row.acknowledged_by}>"
        return (
            f"✅ **{by}** is on it (since {discord_timestamp(row.acknowledged_at, 't')}); "
            "they were told who will reach out. Press **Done** when it is settled."
        )
    if row.kind == CRISIS:
        return (
            "They were shown crisis resources straight away. Press **I'm on it** when you "
            "reach out (they will be told who); until someone does, I'll post this again "
            f"every {ctx.crisis_every_minutes} minutes."
        )
    return (
        "They were told the request went to the program's facilitators. Press **I'm on "
        "it** when you'll reach out (they will be told who); until someone does, I'll post "
        f"this again every {ctx.request_every}."
    )


def repeat_text(row: AlertRow, now: datetime, first_link: str) -> str:
    minutes = int((now - row.created_at).total_seconds() // 60)
    count = f" ({row.messages} messages)" if row.messages > 1 else ""
    return (
        f"**Still unacknowledged after {_age(minutes)}: {title(row).lower()}** for "
        f"<@{row.user_id}>{count}. Can someone reach out and press **I'm on it**?{first_link}"
    )


def update_text(row: AlertRow, message: AlertMessage, *, reopened: bool, upgraded: bool) -> str:
    """A short post when something new arrives on an alert someone has taken."""
    taker = f"<@{row.acknowledged_by}>" if row.acknowledged_by else "the facilitator on it"
    if reopened:
        lead = (
            f"**{title(row)}: <@{row.user_id}> wrote words of crisis again** after it was "
            "taken on, so it needs someone now: press **I'm on it**."
        )
    elif upgraded:
        lead = f"**{title(row)} is now a crisis alert**: <@{row.user_id}> wrote words of crisis."
    else:
        lead = f"**{title(row)}**: <@{row.user_id}> asked again; {taker} has it."
    body = f"\n{_quote(row, message.excerpt)}" if message.excerpt else ""
    return f"{lead}{body}"


def _age(minutes: int) -> str:
    if minutes < 120:
        return f"{minutes} minutes"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} hours"


def listing_line(row: AlertRow, now: datetime, name: str) -> str:
    """One line of /requests and the morning digest."""
    what = "crisis" if row.kind == CRISIS else "reach-out"
    count = f", {row.messages} messages" if row.messages > 1 else ""
    if row.closed_at is not None:
        state = f"closed {discord_timestamp(row.closed_at, 'R')} by <@{row.closed_by}>"
        if row.close_note:
            state += f": {row.close_note}"
    elif row.acknowledged_at is not None:
        state = f"taken by <@{row.acknowledged_by}> {discord_timestamp(row.acknowledged_at, 'R')}"
    else:
        state = "**nobody on it yet**"
    return (
        f"#{row.id} {what}: <@{row.user_id}> ({name}), opened "
        f"{discord_timestamp(row.created_at, 'R')}{count}; {state}"
    )

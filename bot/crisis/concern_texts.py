"""What the concern tier says: the private check-in DM, the facilitators' quiet note and
the morning digest's line. Plain words, no pings (mentions only link), no method detail.
Pure: rows and the region in, text out."""

from __future__ import annotations

from bot.crisis.concern_storage import ConcernRow
from bot.crisis.domain.concern_response import (
    ANSWER_OK,
    ANSWER_REACH_OUT,
    DM_GAP,
    ESCALATE_WITHIN,
    describe_categories,
)
from bot.crisis.resources import Region, resource_lines
from bot.kernel.discord_time import discord_timestamp

HOURS = int(ESCALATE_WITHIN.total_seconds() // 3600)
GAP_HOURS = int(DM_GAP.total_seconds() // 3600)


def dm_text(name: str, said: str, region: Region) -> str:
    """The gentle check-in; ``said``: where they wrote ("just now", "in <#id>", ...)."""
    lines = [
        f"Hi {name}. I read what you wrote {said}, and I wanted to check in with you "
        "privately. How are you doing right now?",
        "",
        "If it is getting to be too much, you don't have to wait for your next session. "
        f"You can reach someone now ({region.name}):",
        *resource_lines(region),
        "",
        "You can also ask one of your program's facilitators to reach out to you, with the "
        "button below. Nothing you wrote was removed, and only you can see this message.",
    ]
    return "\n".join(lines)


SAID = {
    "dm": "just now",
    "checkin": "in your check-in",
    "coping": "when you asked for a coping skill",
}


def _what(row: ConcernRow) -> str:
    return describe_categories(tuple(c.strip() for c in row.categories.split(",")))


def note_text(row: ConcernRow, followed: ConcernRow | None = None) -> str:
    """The quiet note; ``followed``: the later concern that went the crisis path."""
    where = {
        "dm": " privately, to the bot",
        "checkin": " in their check-in note",
        "coping": " when asking /coping for a skill",
    }.get(row.source, f" in <#{row.channel_id}>" if row.channel_id else "")
    lines = [
        f"**Concern** (a quiet note, no alert): <@{row.user_id}> wrote something that may "
        f"show they are struggling ({_what(row)}){where}, "
        f"{discord_timestamp(row.created_at, 'f')}.",
    ]
    if row.excerpt:
        lines.append(f"> {row.excerpt}")
    if row.jump_url:
        lines.append(f"Message: {row.jump_url}")
    lines.append(_done_line(row))
    if row.answer == ANSWER_OK and row.answered_at is not None:
        lines.append(f"They answered **I'm OK** ({discord_timestamp(row.answered_at, 't')}).")
    if row.answer == ANSWER_REACH_OUT and row.answered_at is not None:
        alert = f" (alert #{row.alert_id})" if row.alert_id else ""
        lines.append(
            f"They asked for a facilitator to reach out "
            f"({discord_timestamp(row.answered_at, 't')}){alert}."
        )
    if followed is not None:
        alert = f": alert #{followed.alert_id}" if followed.alert_id else ""
        lines.append(
            f"A second concern within {HOURS} hours "
            f"({discord_timestamp(followed.created_at, 't')}) went the crisis path{alert}."
        )
    return "\n".join(lines)


def _done_line(row: ConcernRow) -> str:
    if row.outcome == "dm":
        return (
            "I sent them a private check-in with crisis lines and a button to ask for a "
            f"facilitator. Another concern within {HOURS} hours, or that button, starts the "
            "full crisis response."
        )
    if row.outcome == "dm_closed":
        return (
            "I could not DM them (their DMs are closed), so they have not seen a check-in. "
            f"Another concern within {HOURS} hours starts the full crisis response."
        )
    if row.outcome == "quiet":
        return (
            "No DM this time: the full crisis response for them started less than "
            f"{HOURS} hours ago, or they had a check-in less than {GAP_HOURS} hours ago."
        )
    return f"A second concern within {HOURS} hours: it went the crisis path."


def digest_line(row: ConcernRow) -> str:
    done = {
        "dm": "private check-in sent",
        "dm_closed": "DMs closed, no check-in",
        "quiet": "noted only, an alert was already open",
        "escalated": "a second concern within a day",
    }[row.outcome]
    if row.answer == ANSWER_OK:
        done += "; answered I'm OK"
    elif row.answer == ANSWER_REACH_OUT:
        done += "; asked for a facilitator"
    if row.alert_id:
        done += f"; crisis alert #{row.alert_id}"
    return f"<@{row.user_id}>: {_what(row)}, {discord_timestamp(row.created_at, 'f')} ({done})"


def escalation_note(first_note: str) -> str:
    return (
        "This alert comes from the concern tier: a second message within "
        f"{HOURS} hours that may show they are struggling (the first: {first_note}). "
        "They were answered privately."
    )


def request_note(note: str) -> str:
    return (
        "This alert comes from the concern tier: they pressed **Ask a facilitator to reach "
        f"out** on the private check-in I sent them ({note})."
    )

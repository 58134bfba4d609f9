"""What reminders, notices and the welcome look like (Discord timestamps throughout)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import discord

from bot.kernel.crisis_lines import help_for_zone
from bot.kernel.discord_time import discord_timestamp, when
from bot.kernel.plain import duration
from bot.program.domain.changes import (
    Affected,
    ChangeKind,
    Effect,
    ParticipantNotice,
    local_day_window,
)
from bot.program.domain.occurrences import Occurrence, occurrences, upcoming
from bot.program.domain.schedule import Participant, Program
from bot.reminders.domain import Reminder

KIND_NAMES = {
    "group": "Group session",
    "individual": "Individual session",
    "family": "Family session",
    "psychiatry": "Psychiatry",
    "medication": "Medication management",
    "life-skills": "Life skills",
    "support": "Support group",
    "complementary": "Complementary session",
}

# What each effect is called where one notice lists several kinds (a program file import).
EFFECT_LABELS = {
    Effect.CANCELLED: "Cancelled",
    Effect.CLOSED: "Closed that day",
    Effect.PAUSED: "Not reminded (paused)",
    Effect.REMOVED: "No longer on your schedule",
    Effect.MOVED: "Moved",
    Effect.UPDATED: "Changed",
    Effect.BACK: "Back on",
    Effect.RESUMED: "Reminded again",
    Effect.ADDED: "New",
}
MAX_NOTICE_LINES = 12
SCHEDULE_DAYS = 7


def occurrence_line(occurrence: Occurrence) -> str:
    where = f" · {occurrence.location}" if occurrence.location else ""
    return (
        f"**{occurrence.title}** · {discord_timestamp(occurrence.start, 'F')} "
        f"({discord_timestamp(occurrence.start, 'R')}) · {occurrence.minutes} min{where}"
    )


def reminder_embed(reminder: Reminder) -> discord.Embed:
    occurrence = reminder.occurrence
    kind = KIND_NAMES.get(occurrence.kind, occurrence.kind)
    embed = discord.Embed(title=occurrence.title, description=f"{kind} · {when(occurrence.start)}")
    embed.add_field(name="Length", value=f"{occurrence.minutes} minutes")
    if occurrence.location:
        embed.add_field(name="Where", value=occurrence.location)
    if occurrence.moved_from is not None:
        embed.add_field(
            name="Moved",
            value=f"from {discord_timestamp(occurrence.moved_from, 'F')}"
            + (f": {occurrence.note}" if occurrence.note else ""),
            inline=False,
        )
    embed.set_footer(text=f"Reminder {duration(reminder.lead)} before · let us know below")
    return embed


def reminder_content(reminder: Reminder) -> str:
    occurrence = reminder.occurrence
    text = (
        f"Reminder: **{occurrence.title}** starts {discord_timestamp(occurrence.start, 'R')}, "
        f"{discord_timestamp(occurrence.start, 'F')}."
    )
    if reminder.late:
        # Late for any reason (the bot was down, a pause lifted the same day, a retry):
        # say so without guessing which.
        text += " (Sorry this comes later than planned.)"
    return text


def leads_text(leads: Sequence[timedelta]) -> str:
    """What ``/reminders`` says of someone's lead times, in words: "I remind you **2
    hours** before each session." (each lead time on its own, so two are never read as
    one sum)."""
    if not leads:
        return "Your reminders are **off**. Turn them on with `/reminders leads:default`."
    if len(leads) == 1:
        return f"I remind you **{duration(leads[0])}** before each session."
    each = [f"**{duration(lead)}** before" for lead in sorted(leads, reverse=True)]
    times = {2: "twice", 3: "three times"}.get(len(leads), f"{len(leads)} times")
    return f"I remind you {times} before each session: {', '.join(each[:-1])} and {each[-1]}."


def day_text(day: date) -> str:
    """A program-local date in words ("Wednesday 9 December 2026"): a day, not an instant,
    so it is not a Discord timestamp (midnight would show as the day before out west)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _moved(affected: Affected) -> str:
    before, after = affected.before, affected.after
    assert before is not None and after is not None
    return (
        f"**{after.title}** from {discord_timestamp(before.start, 'F')} to "
        f"{discord_timestamp(after.start, 'F')} ({discord_timestamp(after.start, 'R')})"
    )


def _line(affected: Affected) -> str:
    if affected.effect is Effect.MOVED:
        return _moved(affected)
    return occurrence_line(affected.occurrence)


def _listed(affected: tuple[Affected, ...], label: bool = False) -> list[str]:
    lines = []
    for item in affected[:MAX_NOTICE_LINES]:
        text = _line(item)
        if label:
            text = f"**{EFFECT_LABELS[item.effect]}:** {text}"
            if item.reason:
                text += f" ({item.reason})"
        lines.append(f"- {text}")
    if len(affected) > MAX_NOTICE_LINES:
        lines.append(f"- …and {len(affected) - MAX_NOTICE_LINES} more.")
    return lines


def _all(notice: ParticipantNotice, *effects: Effect) -> bool:
    return all(a.effect in effects for a in notice.affected)


def _headed(notice: ParticipantNotice, reminded: bool) -> list[str] | None:
    """The notice in the words of the change that was made, when every session it lists
    was affected the way that change affects sessions; None for the general form."""
    change, affected = notice.change, notice.affected
    one = len(affected) == 1
    kind = change.kind
    if kind is ChangeKind.CANCEL and _all(notice, Effect.CANCELLED):
        return [f"Cancelled: {_line(a)}" for a in affected]
    if kind in (ChangeKind.MOVE, ChangeKind.RESTORE) and _all(notice, Effect.MOVED):
        # Undoing a move puts the session back at its usual time.
        label = "Moved back to its usual time" if kind is ChangeKind.RESTORE else "Moved"
        lines = [f"{label}: {_line(a)}" for a in affected]
        return lines + (["I'll remind you at the new time."] if reminded else [])
    if kind is ChangeKind.RESTORE and _all(notice, Effect.BACK):
        lines = [f"Back on: {_line(a)}" for a in affected]
        lines.append(
            "It takes place after all" + ("; I'll remind you as usual." if reminded else ".")
        )
        return lines
    if kind is ChangeKind.CLOSURE and change.day and _all(notice, Effect.CLOSED):
        what = "this session of yours does" if one else "these sessions of yours do"
        return [
            f"The program is closed on **{day_text(change.day)}**, so {what} not take place:",
            *_listed(affected),
        ]
    if kind is ChangeKind.REOPEN and change.day and _all(notice, Effect.BACK):
        what = "this session takes" if one else "these sessions take"
        return [
            f"Back on: the program is open on **{day_text(change.day)}** after all, so "
            f"{what} place:",
            *_listed(affected),
            *(["I'll remind you as usual."] if reminded else []),
        ]
    if kind is ChangeKind.PAUSE and change.day and _all(notice, Effect.PAUSED):
        which = "this one" if one else "these"
        covered = (
            f"I won't remind you of {which}:"
            if reminded
            else f"Your reminders are off anyway; {'this one falls' if one else 'these fall'} "
            "in your pause:"
        )
        return [
            f"You paused reminders until **{day_text(change.day)}**; your sessions still take "
            f"place. {covered}",
            *_listed(affected),
            "`/pause until:off` turns reminders back on sooner.",
        ]
    if kind is ChangeKind.PAUSE and change.day and _all(notice, Effect.RESUMED):
        return [  # a pause shortened
            f"Your pause now ends on **{day_text(change.day)}**. I'll remind you of these again:",
            *_listed(affected),
        ]
    if kind is ChangeKind.RESUME and _all(notice, Effect.RESUMED):
        head = (
            "Reminders are back on. I'll remind you of these again:"
            if reminded
            else "Your pause has ended. These sessions are on your schedule:"
        )
        return [head, *_listed(affected)]
    return None


def notices_setting_text(on: bool, *, reminded: bool) -> str:
    """What ``/reminders`` says about change notices (they are not reminders)."""
    if on:
        return "I tell you when your sessions are cancelled, moved or back on" + (
            "." if reminded else " (even with reminders off)."
        )
    return (
        "I won't tell you about changes to your sessions (cancelled, moved, back on): "
        "`/schedule` shows them. `/reminders notices:on` turns these notices back on."
    )


def change_notice_content(notice: ParticipantNotice, reminded: bool) -> str:
    """One participant's notice of one change: their sessions in date order, in their
    own time, with the reason when one was given."""
    lines = _headed(notice, reminded)
    if lines is None:
        lines = ["Your program's schedule changed:", *_listed(notice.affected, label=True)]
    elif notice.change.reason:
        lines.append(f"Reason: {notice.change.reason}")
    lines.append("`/schedule` shows your week.")
    return "\n".join(lines)


def welcome_content(program: Program, participant: Participant) -> str:
    return (
        f"Welcome to **{program.name}**! I'm Companion, your program's helper between visits.\n"
        "I'll DM you before each of your sessions. `/schedule` shows your next 7 days, "
        "`/timezone` sets your time zone, `/reminders` changes when I remind you, and "
        "`/pause` stops reminders while you are away.\n"
        "I am not a crisis service. If you might hurt yourself or are in danger, "
        f"{help_for_zone(participant.timezone)}, or use `/about`."
    )


def _first_session(program: Program, participant: Participant) -> Occurrence | None:
    """The participant's first session once their program starts (within four weeks)."""
    start, end = local_day_window(
        program, participant.start, participant.start + timedelta(weeks=4)
    )
    found = occurrences(program, participant, start, end)
    return found[0] if found else None


def schedule_text(
    program: Program, participant: Participant, now: datetime, days: int = SCHEDULE_DAYS
) -> str:
    """What ``/schedule`` says: the next ``days`` days, and why a week is empty (the
    program has not started, has ended, or reminders are paused: the sessions of a
    pause are still listed, since they take place)."""
    today = now.astimezone(program.zone).date()
    if today >= participant.end:
        last = participant.end - timedelta(days=1)
        return (
            f"Your program ended on {day_text(last)}; there are no more sessions on your "
            "schedule. Your facilitators are glad to hear from you."
        )
    lines: list[str] = []
    if today < participant.start:
        lines.append(f"Your program starts {day_text(participant.start)}.")
    shown = participant
    if participant.paused_until is not None and participant.paused_until > today:
        lines.append(
            f"Reminders are paused until {day_text(participant.paused_until)}; your sessions "
            "still take place. `/pause until:off` turns reminders back on."
        )
        shown = dataclasses.replace(participant, paused_until=None)
    coming = upcoming(program, shown, now, days=days)
    closed = [d for d in program.closed if today <= d < today + timedelta(days=days)]
    if coming:
        lines.append(
            f"Your next {days} days (shown in your own time; your zone is {participant.timezone}):"
        )
        lines.extend(f"- {occurrence_line(o)}" for o in coming)
    elif today < participant.start:
        first = _first_session(program, shown)
        if first is not None:
            lines.append(f"Your first session: {occurrence_line(first)}")
    else:
        lines.append(f"You have no sessions in the next {days} days.")
    if closed:
        lines.append("The program is closed on " + _days_list(closed) + ".")
    return "\n".join(lines)


def _days_list(days: list[date]) -> str:
    named = [day_text(d) for d in days]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def send_kwargs(content: str, embed: discord.Embed | None, view: Any | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"content": content}
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    return kwargs

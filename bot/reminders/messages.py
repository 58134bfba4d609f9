"""What reminders, notices and the welcome look like (Discord timestamps throughout)."""

from __future__ import annotations

from typing import Any

import discord

from bot.kernel.crisis_lines import crisis_lines
from bot.kernel.discord_time import discord_timestamp, when
from bot.kernel.durations import format_lead
from bot.program.domain.occurrences import Occurrence
from bot.program.domain.schedule import Participant, Program
from bot.reminders.domain import Notice, Reminder

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
    embed.set_footer(text=f"Reminder {format_lead(reminder.lead)} before · let us know below")
    return embed


def reminder_content(reminder: Reminder) -> str:
    occurrence = reminder.occurrence
    text = (
        f"Reminder: **{occurrence.title}** starts {discord_timestamp(occurrence.start, 'R')}, "
        f"{discord_timestamp(occurrence.start, 'F')}."
    )
    if reminder.late:
        text += " (Sorry this comes late: I was offline when it was due.)"
    return text


def notices_content(owed: list[Notice]) -> str:
    lines = ["A change to your schedule:"]
    for notice in owed:
        if notice.kind == "cancelled" and notice.before is not None:
            lines.append(f"- **Cancelled:** {occurrence_line(notice.before)}")
        elif notice.kind == "moved" and notice.before and notice.after:
            lines.append(
                f"- **Moved:** {notice.after.title} from "
                f"{discord_timestamp(notice.before.start, 'F')} to "
                f"{discord_timestamp(notice.after.start, 'F')} "
                f"({discord_timestamp(notice.after.start, 'R')})"
            )
    lines.append("You won't get reminders for cancelled sessions. `/schedule` shows your week.")
    return "\n".join(lines)


def welcome_content(program: Program, participant: Participant) -> str:
    return (
        f"Welcome to **{program.name}**! I'm Companion, your program's helper between visits.\n"
        "I'll DM you before each of your sessions. `/schedule` shows your next 7 days, "
        "`/timezone` sets your time zone, `/reminders` changes when I remind you, and "
        "`/pause` stops reminders while you are away.\n"
        "I am not a crisis service. If you might hurt yourself or are in danger, "
        f"{crisis_lines().short()}, or use `/about`."
    )


def schedule_text(occurrences: list[Occurrence], zone_name: str) -> str:
    if not occurrences:
        return "You have no sessions in the next 7 days."
    lines = [f"Your next 7 days (shown in your own time; your zone is {zone_name}):"]
    lines.extend(f"- {occurrence_line(o)}" for o in occurrences)
    return "\n".join(lines)


def send_kwargs(content: str, embed: discord.Embed | None, view: Any | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"content": content}
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    return kwargs

"""Persistent buttons for continuity of care: medication reminders, a participant's
consent to a family link, and the alumni weekly check-in.

Each is a ``DynamicItem`` whose custom id carries what the button is about, so a button
on a message sent last week works after a restart. Callbacks hand over to the cog that
owns the feature (found by name), which calls the service and answers once.

``ContinuityOutlet`` is the services' way to Discord (roles, the facilitators' channel,
family reminders with their agenda); ``bot/app.py`` builds it and hands its methods in.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import discord

from bot.continuity.domain.medication import dose_instant
from bot.continuity.storage.medication import Schedule
from bot.kernel.channels import find_text_channel, program_guild
from bot.kernel.discord_time import discord_timestamp, when
from bot.kernel.durations import format_lead
from bot.kernel.errors import failure_for, send_ephemeral
from bot.kernel.ports import AgendaSummaries
from bot.program.domain.occurrences import Occurrence
from bot.program.domain.schedule import Participant
from cogs._client import companion

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

Button = discord.ui.Button[Any]
_DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"

MED_LABELS = {"taken": "Taken", "skipped": "Skip today", "snooze": "Snooze 30 min"}
MED_STYLES = {
    "taken": discord.ButtonStyle.success,
    "skipped": discord.ButtonStyle.secondary,
    "snooze": discord.ButtonStyle.primary,
}
FAMILY_LABELS = {"yes": "Yes, link them", "no": "No"}
ALUMNI_LABELS = {"good": "Doing well", "okay": "Okay", "struggling": "Struggling"}


ALUMNI_ROLE = "Alumni"
FAMILY_ROLE = "Family"


async def _handle(interaction: discord.Interaction, cog_name: str, call: Any) -> None:
    cog = companion(interaction.client).get_cog(cog_name)
    if cog is None:
        await send_ephemeral(interaction, "This isn't available right now; please try later.")
        return
    try:
        await call(cog)
    except Exception:
        log.exception("a %s button failed", cog_name)
        await send_ephemeral(interaction, await failure_for(interaction))


# ---- medication ----------------------------------------------------------------------


class DoseButton(
    discord.ui.DynamicItem[Button],
    template=r"med:(?P<action>taken|skipped|snooze):(?P<schedule>\d+):" + _DAY,
):
    def __init__(self, action: str, schedule_id: int, day: date) -> None:
        super().__init__(
            discord.ui.Button(
                label=MED_LABELS[action],
                style=MED_STYLES[action],
                custom_id=f"med:{action}:{schedule_id}:{day.isoformat()}",
            )
        )
        self.action, self.schedule_id, self.day = action, schedule_id, day

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> DoseButton:
        return cls(match["action"], int(match["schedule"]), date.fromisoformat(match["day"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _handle(
            interaction,
            "Medication",
            lambda cog: cog.on_dose(interaction, self.action, self.schedule_id, self.day),
        )


def dose_view(schedule_id: int, day: date) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in MED_LABELS:
        view.add_item(DoseButton(action, schedule_id, day))
    return view


def medication_reminder(
    schedule: Schedule, day: date, snooze: int, participant: Participant
) -> dict[str, Any]:
    """The owner's DM: the only place the medication's name is ever shown."""
    name = f"**{schedule.label}**" if schedule.label else "your medication"
    instant = dose_instant(day, schedule.at, ZoneInfo(participant.timezone))
    when = discord_timestamp(instant, "t")
    if snooze:
        content = f"💊 Reminder again: time to take {name} (due {when})."
    else:
        content = f"💊 Time to take {name} ({when})."
    return {"content": content, "view": dose_view(schedule.id, day)}


# ---- family --------------------------------------------------------------------------


class ConsentButton(
    discord.ui.DynamicItem[Button], template=r"family:(?P<answer>yes|no):(?P<link>\d+)"
):
    def __init__(self, answer: str, link_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=FAMILY_LABELS[answer],
                style=discord.ButtonStyle.success
                if answer == "yes"
                else discord.ButtonStyle.secondary,
                custom_id=f"family:{answer}:{link_id}",
            )
        )
        self.answer, self.link_id = answer, link_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ConsentButton:
        return cls(match["answer"], int(match["link"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _handle(
            interaction,
            "Family",
            lambda cog: cog.on_consent(interaction, self.link_id, self.answer == "yes"),
        )


def consent_view(link_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for answer in FAMILY_LABELS:
        view.add_item(ConsentButton(answer, link_id))
    return view


# ---- alumni --------------------------------------------------------------------------


class WeeklyButton(
    discord.ui.DynamicItem[Button],
    template=r"alumni:(?P<feeling>good|okay|struggling):" + _DAY,
):
    def __init__(self, feeling: str, day: date) -> None:
        super().__init__(
            discord.ui.Button(
                label=ALUMNI_LABELS[feeling],
                style=discord.ButtonStyle.secondary,
                custom_id=f"alumni:{feeling}:{day.isoformat()}",
            )
        )
        self.feeling, self.day = feeling, day

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> WeeklyButton:
        return cls(match["feeling"], date.fromisoformat(match["day"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _handle(
            interaction, "Alumni", lambda cog: cog.on_weekly(interaction, self.day, self.feeling)
        )


def weekly_view(day: date) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for feeling in ALUMNI_LABELS:
        view.add_item(WeeklyButton(feeling, day))
    return view



# ---- roles (Alumni, Family) ------------------------------------------------------------


async def _role(guild: discord.Guild, name: str) -> discord.Role:
    role = discord.utils.get(guild.roles, name=name)
    if role is None:
        # No server-wide permissions and never mentionable: nobody pings a role.
        role = await guild.create_role(
            name=name, permissions=discord.Permissions.none(), mentionable=False,
            reason="Companion: continuity of care",
        )
    return role


class ContinuityOutlet:
    """What the continuity services need of Discord: the Alumni and Family roles, the
    facilitators' channel, and family reminders (with the session's agenda)."""

    def __init__(self, bot: CompanionBot, agendas: AgendaSummaries) -> None:
        self.bot = bot
        self.agendas = agendas

    async def set_role(self, user_id: int, name: str, *, present: bool) -> bool:
        """Give (or take) the named role; False when the member or the server is
        missing. Discord errors (a missing Manage Roles permission) propagate to the
        caller's log."""
        bot = self.bot
        guild = bot.get_guild(bot.settings.guild_id or 0)
        member = guild.get_member(user_id) if guild else None
        if guild is None or member is None:
            return False
        role = await _role(guild, name)
        if present and role not in member.roles:
            await member.add_roles(role, reason="Companion: continuity of care")
        elif not present and role in member.roles:
            await member.remove_roles(role, reason="Companion: continuity of care")
        return True

    async def give_alumni_role(self, user_id: int) -> None:
        await self.set_role(user_id, ALUMNI_ROLE, present=True)

    async def set_family_role(self, user_id: int, present: bool) -> None:
        await self.set_role(user_id, FAMILY_ROLE, present=present)

    async def tell_facilitators(self, text: str) -> None:
        await tell_facilitators(self.bot, text)

    async def family_reminder(
        self, occurrence: Occurrence, participant: Participant, lead: timedelta
    ) -> dict[str, Any]:
        place = f" at {occurrence.location}" if occurrence.location else ""
        text = (
            f"👪 Reminder: **{occurrence.title}** with {participant.display}, "
            f"{when(occurrence.start)}{place} (in {format_lead(lead)})."
        )
        agenda = await self.agendas.posted_summary(occurrence.key)
        if agenda:
            text += f"\n\n**Agenda**\n{agenda[:1500]}"
        return {"content": text}


async def tell_facilitators(bot: CompanionBot, text: str) -> None:
    settings = bot.settings
    channel = find_text_channel(
        program_guild(bot, settings.guild_id), settings.channels.facilitators
    )
    if channel is None:
        log.error("no facilitators' channel for a continuity-of-care alert")
        return
    await channel.send(text)


async def agreed(interaction: discord.Interaction, what: str) -> bool:
    """Privacy (issue 9): nothing about a person is stored before they agreed to the
    notice; otherwise they are answered with the notice's I agree button."""
    return await companion(interaction.client).consent_gate(interaction, what)
